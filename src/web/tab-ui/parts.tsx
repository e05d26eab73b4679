import { Link, MessageBar, MessageBarBody, Title2, tokens } from '@fluentui/react-components';
import type { BoardCluster } from '../../views/board.js';
import type { Strings } from '../../i18n/tabs.js';
import type { ReactNode } from 'react';

export function Notice({
  intent,
  text,
  action,
}: {
  intent: 'info' | 'error' | 'warning';
  text: string;
  action?: ReactNode;
}) {
  return (
    <MessageBar intent={intent} role={intent === 'error' ? 'alert' : 'status'}>
      <MessageBarBody>
        {text} {action}
      </MessageBarBody>
    </MessageBar>
  );
}

/** A titled region of the page; the heading names the region for screen readers. */
export function Section({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro?: string;
  children: ReactNode;
}) {
  return (
    <section className="section" aria-labelledby={`${id}-title`} style={{ borderColor: tokens.colorNeutralStroke2 }}>
      <Title2 as="h2" id={`${id}-title`} className="section-title">
        {title}
      </Title2>
      {intro ? <p className="intro">{intro}</p> : null}
      {children}
    </section>
  );
}

export const label = (l: { da: string; en: string } | undefined, locale: 'da' | 'en', fallback: string) =>
  l?.[locale] ?? fallback;

/** A cluster's channel as the cluster card says it: the link when ready, else being created, or waiting and why. */
export function ChannelState({ t, c }: { t: Strings; c: Pick<BoardCluster, 'channelUrl' | 'channel'> }) {
  if (c.channelUrl) {
    return (
      <Link href={c.channelUrl} target="_blank" rel="noreferrer">
        {t.openChannel}
      </Link>
    );
  }
  const why = (c.channel.reason && t.channelReasons[c.channel.reason]) || t.channelReasonOther;
  if (c.channel.state === 'waiting') return <>{t.channelWaiting(why)}</>;
  if (c.channel.state === 'retrying') return <>{t.channelRetrying(why)}</>;
  if (c.channel.state === 'none') return <>{t.channelNone}</>;
  return <>{t.channelPending}</>;
}

/**
 * A link to another tab page that keeps how this one is shown outside Teams (?theme=, ?lang=): the
 * portfolio's dark theme stays dark on the cluster board. Inside Teams the theme comes from Teams.
 */
export function withView(href: string): string {
  const here = new URLSearchParams(location.search);
  const url = new URL(href, location.origin);
  for (const key of ['theme', 'lang']) {
    const value = here.get(key);
    if (value && !url.searchParams.has(key)) url.searchParams.set(key, value);
  }
  return `${url.pathname}${url.search}${url.hash}`;
}
