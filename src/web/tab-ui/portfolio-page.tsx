import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title1,
} from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { getJson, type Authorization } from './api.js';
import { STAGE_ORDER, STATUS_ORDER, type Locale, type Strings } from '../../i18n/tabs.js';
import { ClusterTable, FilterSelect, StageBoard } from './boards.js';
import { label, Notice, Section } from './parts.js';
import { HistoryPanel } from './history-panel.js';
import type {
  BoardCluster as ClusterRow,
  BoardInitiative as Initiative,
  BoardMission as Mission,
  Counted,
} from '../../views/board.js';

type L = { da: string; en: string };
interface Learning {
  id: string;
  initiativeTitle: string;
  clusterName: string;
  authorName: string;
  /** `stopped`: written with a decision to stop (what was learned, why it stopped). */
  origin: 'logged' | 'stopped';
  tried: string;
  happened: string;
  advice: string | null;
}
interface PortfolioAnswer {
  me: { name: string; canSeeOverview: boolean };
  framework: { tracks: { id: string; label: L }[]; problems: { id: string; label: L }[] };
  units: { id: string; name: string }[];
  board: {
    missionsByStatus: Record<string, Counted<Mission>>;
    clusters: Counted<ClusterRow>;
    initiativesByStage: Record<string, Counted<Initiative>>;
  };
  overview?: {
    problems: { problem: string; initiatives: number }[];
    uncovered: string[];
    unitLoad: { unitId: string; unitName: string; clusters: number; initiatives: number }[];
  };
  digest?: {
    from: string;
    to: string;
    clusterCount: number;
    total: number;
    groups: { track: string; problems: { problem: string; learnings: Learning[] }[] }[];
  };
}

type Filter = { track: string; problem: string; unit: string; stage: string };
const EMPTY: Filter = { track: '', problem: '', unit: '', stage: '' };

export function PortfolioPage({ t, locale, auth }: { t: Strings; locale: Locale; auth: Authorization }) {
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [data, setData] = useState<PortfolioAnswer | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // "Historik" of one mission: from a link (?history=<id>, the unfurled card's button) or a mission's button.
  const [historyOf, setHistoryOf] = useState<string | undefined>(
    () => new URLSearchParams(location.search).get('history') ?? undefined,
  );
  // Typing in a filter changes it several times in a row; only the answer to the latest request is shown.
  const latest = useRef(0);
  const load = useCallback(() => {
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v));
    const request = ++latest.current;
    setBusy(true);
    getJson<PortfolioAnswer>(auth, `/api/tab/portfolio?${q}`)
      .then((d) => {
        if (request !== latest.current) return;
        setData(d);
        setError(undefined);
      })
      .catch((err: Error) => request === latest.current && setError(`${t.loadFailed} ${err.message}`))
      .finally(() => request === latest.current && setBusy(false));
  }, [auth, filter, t]);
  useEffect(load, [load]);
  useEffect(() => {
    if (data && location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, [data]);

  if (!data)
    return error ? (
      <Notice intent="error" text={error} action={<Button onClick={load}>{t.retry}</Button>} />
    ) : (
      <Notice intent="info" text={t.loading} />
    );
  const fw = data.framework;
  const trackLabel = (id: string) => label(fw.tracks.find((x) => x.id === id)?.label, locale, id);
  const problemLabel = (id: string) => label(fw.problems.find((x) => x.id === id)?.label, locale, id);
  const sum = (r: Record<string, Counted<unknown>>) => Object.values(r).reduce((n, c) => n + c.total, 0);
  const set = (key: keyof Filter) => (_: unknown, d: { value: string }) => setFilter((f) => ({ ...f, [key]: d.value }));
  const maxCoverage = Math.max(1, ...(data.overview?.problems.map((p) => p.initiatives) ?? [1]));

  return (
    <>
      <header className="page-header">
        <Title1 as="h1">{t.portfolioTitle}</Title1>
        <Body1 className="intro">
          {t.portfolioIntro} {t.signedInAs(data.me.name)}
          {auth.scheme === 'Developer' ? (
            <>
              {' '}
              <Badge appearance="filled" color="warning">
                {t.developerBadge}
              </Badge>
            </>
          ) : null}
        </Body1>
      </header>

      <form className="filters" aria-label={t.filters} onSubmit={(e) => e.preventDefault()}>
        <FilterSelect
          label={t.track}
          all={t.all}
          value={filter.track}
          onChange={set('track')}
          options={fw.tracks.map((x) => ({ id: x.id, name: label(x.label, locale, x.id) }))}
        />
        <FilterSelect
          label={t.problem}
          all={t.all}
          value={filter.problem}
          onChange={set('problem')}
          options={fw.problems.map((x) => ({ id: x.id, name: label(x.label, locale, x.id) }))}
        />
        <FilterSelect label={t.unit} all={t.all} value={filter.unit} onChange={set('unit')} options={data.units} />
        <FilterSelect
          label={t.stage}
          all={t.all}
          value={filter.stage}
          onChange={set('stage')}
          options={STAGE_ORDER.map((s) => ({ id: s, name: t.stages[s] ?? s }))}
        />
        <Button className="reset" onClick={() => setFilter(EMPTY)} disabled={filter === EMPTY}>
          {t.resetFilters}
        </Button>
      </form>
      <p className="summary" role="status" aria-live="polite" aria-busy={busy}>
        {t.summary(sum(data.board.missionsByStatus), data.board.clusters.total, sum(data.board.initiativesByStage))}
      </p>
      {error ? <Notice intent="error" text={error} action={<Button onClick={load}>{t.retry}</Button>} /> : null}

      {historyOf ? (
        <HistoryPanel
          key={historyOf}
          t={t}
          locale={locale}
          auth={auth}
          missionId={historyOf}
          onClose={() => setHistoryOf(undefined)}
        />
      ) : null}

      <Section id="missions" title={t.missionsByStatus}>
        <div className="columns">
          {STATUS_ORDER.filter((s) => data.board.missionsByStatus[s]).map((status) => {
            const group = data.board.missionsByStatus[status];
            return (
              <Card key={status} className="column" aria-labelledby={`status-${status}`}>
                <Subtitle2 as="h3" id={`status-${status}`}>
                  {t.statuses[status] ?? status} ({group.total})
                </Subtitle2>
                <ul className="items">
                  {group.items.map((m) => (
                    <li key={m.id} id={`mission-${m.id}`}>
                      <Text weight="semibold">{m.title}</Text>
                      <Caption1 className="meta">
                        {trackLabel(m.track)} · {t.clustersCount(m.clusters)} · {t.supporters(m.supporters)}
                      </Caption1>
                      <Button
                        size="small"
                        appearance="secondary"
                        aria-label={t.historyOf(m.title)}
                        onClick={() => setHistoryOf(m.id)}
                      >
                        {t.history}
                      </Button>
                    </li>
                  ))}
                </ul>
                {group.total > group.items.length ? (
                  <Caption1>{t.showing(group.items.length, group.total)}</Caption1>
                ) : null}
              </Card>
            );
          })}
        </div>
        {Object.keys(data.board.missionsByStatus).length === 0 ? <p>{t.noneMatch}</p> : null}
      </Section>

      <Section id="clusters" title={t.clusters}>
        {data.board.clusters.items.length ? (
          <ClusterTable t={t} rows={data.board.clusters.items} />
        ) : (
          <p>{t.noneMatch}</p>
        )}
        {data.board.clusters.total > data.board.clusters.items.length ? (
          <Caption1>{t.showing(data.board.clusters.items.length, data.board.clusters.total)}</Caption1>
        ) : null}
      </Section>

      <Section id="initiatives" title={t.initiativesByStage}>
        <StageBoard t={t} problemLabel={problemLabel} groups={data.board.initiativesByStage} />
      </Section>

      {data.overview ? (
        <>
          <Section id="coverage" title={t.coverage} intro={t.coverageIntro}>
            <ul className="bars">
              {data.overview.problems.map((p) => (
                <li key={p.problem}>
                  <span className="bar-label">{problemLabel(p.problem)}</span>
                  <span className="bar" aria-hidden="true">
                    <span className="bar-fill" style={{ width: `${(100 * p.initiatives) / maxCoverage}%` }} />
                  </span>
                  <span className="bar-value">{p.initiatives}</span>
                  <span className="bar-note">
                    {p.initiatives === 0 ? (
                      <Badge appearance="tint" color="danger">
                        {t.uncovered}
                      </Badge>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          </Section>
          <Section id="units" title={t.unitLoad} intro={t.unitLoadIntro}>
            {data.overview.unitLoad.length ? (
              <Table aria-labelledby="units-title" size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t.unit}</TableHeaderCell>
                    <TableHeaderCell>{t.clusters}</TableHeaderCell>
                    <TableHeaderCell>{t.openInitiatives}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {data.overview.unitLoad.map((u) => (
                    <TableRow key={u.unitId}>
                      <TableCell>{u.unitName}</TableCell>
                      <TableCell>{u.clusters}</TableCell>
                      <TableCell>{u.initiatives}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : (
              <p>{t.none}</p>
            )}
          </Section>
        </>
      ) : null}

      {data.digest ? (
        <Section
          id="digest"
          title={t.digest}
          intro={t.digestIntro(
            t.day(data.digest.from),
            t.day(data.digest.to),
            data.digest.total,
            data.digest.clusterCount,
          )}
        >
          {data.digest.groups.length === 0 ? <p>{t.digestEmpty}</p> : null}
          {data.digest.groups.map((g) => (
            <div key={g.track} className="digest-track">
              <Subtitle2 as="h3">{trackLabel(g.track)}</Subtitle2>
              {g.problems.map((p) => (
                <div key={p.problem}>
                  <Text as="h4" weight="semibold" className="digest-problem">
                    {problemLabel(p.problem)}
                  </Text>
                  <ul className="learnings">
                    {p.learnings.map((l) => (
                      <li key={l.id}>
                        <Text weight="semibold">{l.initiativeTitle}</Text>{' '}
                        <Caption1>
                          ({l.clusterName}, {l.authorName})
                        </Caption1>
                        <dl>
                          <dt>{t.tried}</dt>
                          <dd>{l.tried}</dd>
                          <dt>{l.origin === 'stopped' ? t.learned : t.happened}</dt>
                          <dd>{l.happened}</dd>
                          {l.advice ? (
                            <>
                              <dt>{l.origin === 'stopped' ? t.stoppedBecause : t.advice}</dt>
                              <dd>{l.advice}</dd>
                            </>
                          ) : null}
                        </dl>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </div>
          ))}
        </Section>
      ) : null}
    </>
  );
}
