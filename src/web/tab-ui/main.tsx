import { app, authentication } from '@microsoft/teams-js';
import {
  FluentProvider,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  type Theme,
} from '@fluentui/react-components';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { getJson, type Authorization } from './api.js';
import { ClusterPage } from './cluster-page.js';
import { ConfigPage } from './config-page.js';
import { DeveloperSignIn } from './developer-sign-in.js';
import { texts, type Locale } from '../../i18n/tabs.js';
import { PortfolioPage } from './portfolio-page.js';
import { Notice } from './parts.js';

type ThemeName = 'default' | 'dark' | 'contrast';
const THEMES: Record<ThemeName, Theme> = {
  default: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

interface Host {
  inTeams: boolean;
  theme: ThemeName;
  locale?: Locale;
  auth?: Authorization;
}

const params = new URLSearchParams(location.search);
const asLocale = (v: string | null | undefined): Locale | undefined =>
  v ? (v.toLowerCase().startsWith('da') ? 'da' : v.toLowerCase().startsWith('en') ? 'en' : undefined) : undefined;
const asTheme = (v: string | null | undefined): ThemeName | undefined =>
  v === 'dark' || v === 'contrast' || v === 'default' ? v : undefined;

/**
 * Inside Teams: its theme, language and a single sign-on token. Outside (a plain browser) initialize never
 * answers. Teams on the web and desktop frames the tab and may take a while to answer; the mobile apps do
 * not frame it but answer at once.
 */
async function connect(): Promise<Host> {
  const fallbackTheme: ThemeName =
    asTheme(params.get('theme')) ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'default');
  const framed = window.parent !== window;
  try {
    await Promise.race([
      app.initialize(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('not in Teams')), framed ? 15_000 : 2500)),
    ]);
  } catch {
    return { inTeams: false, theme: fallbackTheme };
  }
  const context = await app.getContext();
  const refresh = () => authentication.getAuthToken();
  const token = await refresh();
  void app.notifySuccess();
  return {
    inTeams: true,
    theme: asTheme(context.app.theme) ?? 'default',
    locale: asLocale(context.app.locale),
    auth: { scheme: 'Bearer', value: token, refresh },
  };
}

function Root({ page }: { page: string }) {
  const [host, setHost] = useState<Host | undefined>();
  const [auth, setAuth] = useState<Authorization | undefined>();
  const [personLocale, setPersonLocale] = useState<Locale | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    connect()
      .then((h) => {
        setHost(h);
        setAuth(h.auth);
        if (h.inTeams)
          app.registerOnThemeChangeHandler((t) =>
            setHost((prev) => (prev ? { ...prev, theme: asTheme(t) ?? 'default' } : prev)),
          );
      })
      .catch((err: Error) => setFailure(err.message));
  }, []);
  useEffect(() => {
    if (!auth) return;
    getJson<{ locale: Locale }>(auth, '/api/tab/me')
      .then((me) => setPersonLocale(me.locale))
      .catch(() => setPersonLocale(undefined));
  }, [auth]);
  // The language: asked for in the address, else the person's own choice (from the bot), else Teams', else Danish.
  const locale: Locale = asLocale(params.get('lang')) ?? personLocale ?? host?.locale ?? 'da';
  const t = texts(locale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const theme = THEMES[host?.theme ?? asTheme(params.get('theme')) ?? 'default'];
  let body;
  if (failure) body = <Notice intent="error" text={failure} />;
  else if (!host) body = <Notice intent="info" text={t.loading} />;
  else if (!auth)
    body = host.inTeams ? (
      <Notice intent="error" text={t.outsideTeams} />
    ) : (
      <DeveloperSignIn t={t} onSignedIn={(id) => setAuth({ scheme: 'Developer', value: id })} />
    );
  else if (page === 'cluster')
    body = <ClusterPage t={t} locale={locale} auth={auth} clusterId={params.get('clusterId') ?? ''} />;
  else if (page === 'config') body = <ConfigPage t={t} auth={auth} inTeams={host.inTeams} />;
  else body = <PortfolioPage t={t} locale={locale} auth={auth} />;
  return (
    <FluentProvider theme={theme} className="app">
      <main className="page">{body}</main>
    </FluentProvider>
  );
}

const root = document.getElementById('root')!;
createRoot(root).render(
  <StrictMode>
    <Root page={root.dataset.page ?? 'portfolio'} />
  </StrictMode>,
);
