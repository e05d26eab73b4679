import {
  Caption1,
  Card,
  Field,
  Link,
  Select,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import type { BoardCluster, BoardInitiative, Counted } from '../../views/board.js';
import { STAGE_ORDER, type Strings } from '../../i18n/tabs.js';
import { ChannelState, withView } from './parts.js';

/** A labelled drop-down (a native select: keyboard and screen readers know it) whose first choice is "all". */
export function FilterSelect({
  label: text,
  all,
  value,
  onChange,
  options,
}: {
  label: string;
  all: string;
  value: string;
  onChange(_: unknown, d: { value: string }): void;
  options: { id: string; name: string }[];
}) {
  return (
    <Field label={text}>
      <Select value={value} onChange={onChange}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function ClusterTable({ t, rows }: { t: Strings; rows: BoardCluster[] }) {
  return (
    <Table aria-labelledby="clusters-title" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t.name}</TableHeaderCell>
          <TableHeaderCell>{t.mission}</TableHeaderCell>
          <TableHeaderCell>{t.members}</TableHeaderCell>
          <TableHeaderCell>{t.units}</TableHeaderCell>
          <TableHeaderCell>{t.openInitiatives}</TableHeaderCell>
          <TableHeaderCell>{t.nextReview}</TableHeaderCell>
          <TableHeaderCell>{t.channel}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((c) => (
          <TableRow key={c.id} id={`cluster-${c.id}`}>
            <TableCell>
              <Link href={withView(`/tabs/cluster?clusterId=${c.id}`)}>{c.name}</Link>
            </TableCell>
            <TableCell>{c.missionTitle}</TableCell>
            <TableCell>{c.members}</TableCell>
            <TableCell>{c.units.join(', ') || '–'}</TableCell>
            <TableCell>{c.openInitiatives}</TableCell>
            <TableCell>{t.day(c.nextReviewOn)}</TableCell>
            <TableCell>
              <ChannelState t={t} c={c} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Initiatives in columns by stage, the open stages first. */
export function StageBoard({
  t,
  groups,
  problemLabel,
  showCluster = true,
}: {
  t: Strings;
  groups: Record<string, Counted<BoardInitiative>>;
  problemLabel(id: string): string;
  showCluster?: boolean;
}) {
  const stages = STAGE_ORDER.filter((s) => groups[s]);
  if (!stages.length) return <p>{t.noneMatch}</p>;
  return (
    <div className="columns">
      {stages.map((stage) => {
        const group = groups[stage];
        return (
          <Card key={stage} className="column" aria-labelledby={`stage-${stage}`}>
            <Subtitle2 as="h3" id={`stage-${stage}`}>
              {t.stages[stage]} ({group.total})
            </Subtitle2>
            <ul className="items">
              {group.items.map((i) => (
                <li key={i.id} id={`initiative-${i.id}`}>
                  <Text weight="semibold">{i.title}</Text>
                  <Caption1 className="meta">
                    {[
                      t.kinds[i.kind] ?? i.kind,
                      ...(showCluster ? [i.clusterName] : []),
                      `${t.owner}: ${i.ownerName}`,
                    ].join(' · ')}
                  </Caption1>
                  <Caption1 className="meta">
                    {i.problems.map(problemLabel).join(', ')} · {t.nextReview}: {t.day(i.nextReviewOn)} ·{' '}
                    {t.learnings(i.learnings)}
                  </Caption1>
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
  );
}
