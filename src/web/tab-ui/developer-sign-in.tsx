import { Badge, Button, Field, Select, Subtitle1 } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { getJson } from './api.js';
import type { Strings } from '../../i18n/tabs.js';
import { Notice } from './parts.js';

const KEY = 'missionsklynger.developer';

/**
 * Outside Teams in local mode only: pick a person from the imported organisation. The server refuses
 * this sign-in in production, and the page says plainly what it is.
 */
export function DeveloperSignIn({ t, onSignedIn }: { t: Strings; onSignedIn(personId: string): void }) {
  const [session, setSession] = useState<
    { developerSignIn: boolean; people?: { id: string; name: string; roles: string[] }[] } | undefined
  >();
  const [chosen, setChosen] = useState('');
  useEffect(() => {
    const remembered = sessionStorage.getItem(KEY);
    getJson<typeof session>(undefined, '/api/tab/session')
      .then((s) => {
        setSession(s);
        if (remembered && s?.people?.some((p) => p.id === remembered)) onSignedIn(remembered);
        else setChosen(s?.people?.[0]?.id ?? '');
      })
      .catch(() => setSession({ developerSignIn: false }));
  }, []); // once: the remembered choice signs in again after a reload
  if (!session) return <Notice intent="info" text={t.loading} />;
  if (!session.developerSignIn) return <Notice intent="warning" text={t.outsideTeams} />;
  return (
    <form
      className="dev-sign-in"
      aria-labelledby="dev-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (!chosen) return;
        sessionStorage.setItem(KEY, chosen);
        onSignedIn(chosen);
      }}
    >
      <Subtitle1 as="h1" id="dev-title">
        <Badge appearance="filled" color="warning">
          {t.developerBadge}
        </Badge>{' '}
        {t.devTitle}
      </Subtitle1>
      <p>{t.devWarning}</p>
      <Field label={t.devPerson}>
        <Select value={chosen} onChange={(_, d) => setChosen(d.value)}>
          {session.people?.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.roles.some((r) => r !== 'employee')
                ? ` (${p.roles
                    .filter((r) => r !== 'employee')
                    .map((r) => t.roleNames[r] ?? r)
                    .join(', ')})`
                : ''}
            </option>
          ))}
        </Select>
      </Field>
      <Button appearance="primary" type="submit">
        {t.devSignIn}
      </Button>
    </form>
  );
}
