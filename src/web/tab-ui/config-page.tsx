import { pages } from '@microsoft/teams-js';
import { Body1, Field, Select, Title1 } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { getJson, type Authorization } from './api.js';
import type { Strings } from '../../i18n/tabs.js';
import { Notice } from './parts.js';

interface Choice {
  id: string;
  name: string;
  missionTitle: string;
}

/** The channel tab's configuration: which cluster's board the tab shows. */
export function ConfigPage({ t, auth, inTeams }: { t: Strings; auth: Authorization; inTeams: boolean }) {
  const [choices, setChoices] = useState<Choice[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [chosen, setChosen] = useState('');
  const chosenRef = useRef<Choice | undefined>(undefined);
  useEffect(() => {
    getJson<{ clusters: Choice[] }>(auth, '/api/tab/clusters')
      .then((d) => setChoices(d.clusters))
      .catch((err: Error) => setError(err.message));
    if (inTeams) {
      pages.config.registerOnSaveHandler((save) => {
        const c = chosenRef.current;
        if (!c) return save.notifyFailure(t.chooseCluster);
        const url = `${location.origin}/tabs/cluster?clusterId=${c.id}`;
        pages.config
          .setConfig({
            contentUrl: url,
            websiteUrl: url,
            entityId: `cluster-${c.id}`,
            suggestedDisplayName: c.name.slice(0, 30),
          })
          .then(() => save.notifySuccess())
          .catch((err: Error) => save.notifyFailure(err.message));
      });
    }
  }, [auth, inTeams, t]);
  useEffect(() => {
    chosenRef.current = choices?.find((c) => c.id === chosen);
    if (inTeams) pages.config.setValidityState(Boolean(chosenRef.current));
  }, [chosen, choices, inTeams]);
  if (error) return <Notice intent="error" text={error} />;
  if (!choices) return <Notice intent="info" text={t.loading} />;
  return (
    <>
      <Title1 as="h1">{t.configTitle}</Title1>
      {choices.length === 0 ? (
        <Notice intent="info" text={t.configNone} />
      ) : (
        <>
          <Body1 as="p">{t.configHint}</Body1>
          <Field label={t.configChoose}>
            <Select value={chosen} onChange={(_, d) => setChosen(d.value)}>
              <option value="">{t.chooseCluster}</option>
              {choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.missionTitle})
                </option>
              ))}
            </Select>
          </Field>
        </>
      )}
    </>
  );
}
