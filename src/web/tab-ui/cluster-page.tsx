import { Body1, Button, Title1 } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { getJson, type Authorization } from './api.js';
import type { Locale, Strings } from '../../i18n/tabs.js';
import { ChannelState, label, Notice, Section } from './parts.js';
import type { BoardCluster as ClusterRow, BoardInitiative as Initiative } from '../../views/board.js';
import { StageBoard } from './boards.js';

interface ClusterAnswer {
  cluster: ClusterRow & { purpose: string; coordinatorName: string };
  initiatives: Initiative[];
  framework: { problems: { id: string; label: { da: string; en: string } }[] };
}

/** One cluster's portfolio board: the channel tab. */
export function ClusterPage({
  t,
  locale,
  auth,
  clusterId,
}: {
  t: Strings;
  locale: Locale;
  auth: Authorization;
  clusterId: string;
}) {
  const [data, setData] = useState<ClusterAnswer | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = useCallback(() => {
    getJson<ClusterAnswer>(auth, `/api/tab/clusters/${encodeURIComponent(clusterId)}`)
      .then((d) => {
        setData(d);
        setError(undefined);
      })
      .catch((err: Error) => setError(err.message));
  }, [auth, clusterId]);
  useEffect(load, [load]);
  useEffect(() => {
    if (data && location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, [data]);
  if (error) return <Notice intent="error" text={error} action={<Button onClick={load}>{t.retry}</Button>} />;
  if (!data) return <Notice intent="info" text={t.loading} />;
  const c = data.cluster;
  const groups: Record<string, { total: number; items: Initiative[] }> = {};
  for (const i of data.initiatives) (groups[i.stage] ??= { total: 0, items: [] }).items.push(i);
  for (const g of Object.values(groups)) g.total = g.items.length;
  const problemLabel = (id: string) => label(data.framework.problems.find((p) => p.id === id)?.label, locale, id);
  return (
    <>
      <header className="page-header">
        <Title1 as="h1">{t.clusterTitle(c.name)}</Title1>
        <Body1 as="p" className="intro">
          {t.mission}: {c.missionTitle}
        </Body1>
        <dl className="facts">
          <dt>{t.purpose}</dt>
          <dd>{c.purpose}</dd>
          <dt>{t.coordinator}</dt>
          <dd>{c.coordinatorName}</dd>
          <dt>{t.members}</dt>
          <dd>
            {c.members}
            {c.units.length ? ` (${c.units.join(', ')})` : ''}
          </dd>
          <dt>{t.nextReview}</dt>
          <dd>{t.day(c.nextReviewOn)}</dd>
          <dt>{t.channel}</dt>
          <dd>
            <ChannelState t={t} c={c} />
          </dd>
        </dl>
      </header>
      <Section id="board" title={t.initiativesByStage}>
        {data.initiatives.length ? (
          <StageBoard t={t} groups={groups} problemLabel={problemLabel} showCluster={false} />
        ) : (
          <p>{t.boardEmpty}</p>
        )}
      </Section>
    </>
  );
}
