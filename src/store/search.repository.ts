import type { SearchKind, SearchQuery } from '../domain/search.js';
import { PLAN_EACH_CALL, type Queryable } from './database.js';
import type { SearchHit } from '../views/search.js';

/** A one-letter prefix would match most of the index while giving the reader nothing; it needs two. */
const MIN_PREFIX = 2;

/**
 * Each word matches by its Danish stem (whole words, any inflection); the last word also as the start of
 * a word, since that is the one being typed. All words must match. Built from parameters only.
 */
function tsquery(words: readonly string[], values: unknown[]): string {
  return words
    .map((w, i) => {
      values.push(w);
      const n = `$${values.length}`;
      const typing = i === words.length - 1 && w.length >= MIN_PREFIX;
      return typing
        ? `(to_tsquery('danish', ${n}) || to_tsquery('simple', ${n} || ':*'))`
        : `to_tsquery('danish', ${n})`;
    })
    .join(' && ');
}

/** Kinds appear in SQL as literals, so Postgres picks each kind's own indexes (they are partial on kind). */
const KIND_SQL: Record<SearchKind, string> = { mission: 'mission', cluster: 'cluster', initiative: 'initiative' };

/**
 * How many of the newest matches of each kind are ranked. Ranking reads every candidate's vector, so a
 * common word over a large portfolio (a quarter of 300,000 documents say "unge") must not rank them all;
 * an organisation's real portfolio fits in the window whole, so there it ranks everything.
 */
export const RANK_WINDOW = 300;

/**
 * Ranked hits (titles weigh most), newest first among equals; no words lists what changed last.
 * Each kind is searched on its own (kind, updated_at) index: for a common word Postgres walks the newest
 * documents and stops after the window, for a rare one it asks the full-text index; the tsquery is an
 * expression of the parameters, which the planner evaluates to choose, on every call (PLAN_EACH_CALL).
 */
export async function searchDocuments(
  db: Queryable,
  q: SearchQuery,
  skip: number,
  count: number,
): Promise<SearchHit[]> {
  const values: unknown[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const track = q.track ? ` AND d.track = ${param(q.track)}` : '';
  const query = q.words.length ? `(${tsquery(q.words, values)})` : undefined;
  const window = param(q.words.length ? RANK_WINDOW : skip + count);
  const branches = q.kinds.map(
    (kind) => `(SELECT d.kind, d.id, d.track, d.updated_at, d.search FROM search_documents d
       WHERE d.kind = '${KIND_SQL[kind]}' AND NOT d.hidden${track}${query ? ` AND d.search @@ ${query}` : ''}
       ORDER BY d.updated_at DESC LIMIT ${window})`,
  );
  const rank = query ? `ts_rank(c.search, ${query}, 1)` : '0::real';
  const limit = param(count);
  const offset = param(skip);
  const { rows } = await db.query<HitRow>(
    `${PLAN_EACH_CALL}
     WITH hits AS (
       SELECT c.kind, c.id, c.track, c.updated_at, ${rank} AS rank FROM (${branches.join(' UNION ALL ')}) c
       ORDER BY rank DESC, c.updated_at DESC, c.id LIMIT ${limit} OFFSET ${offset})
     ${DETAILS}`,
    values,
  );
  return rows.map(toHit);
}

/** One document by kind and id, as search shows it (for link previews); hidden ones are not found. */
export async function findDocument(db: Queryable, kind: SearchKind, id: string): Promise<SearchHit | undefined> {
  const { rows } = await db.query<HitRow>(
    `WITH hits AS (SELECT d.kind, d.id, d.track, d.updated_at, 0::real AS rank FROM search_documents d
                   WHERE d.kind = $1 AND d.id = $2 AND NOT d.hidden)
     ${DETAILS}`,
    [kind, id],
  );
  return rows.map(toHit)[0];
}

const DETAILS = `
  SELECT h.kind, h.id, h.track,
         coalesce(m.title, c.name, i.title) AS title,
         coalesce(m.ambition, c.purpose, i.hypothesis) AS text,
         coalesce(m.status, i.stage, cm.status) AS state,
         coalesce(m.id, cm.id) AS mission_id, coalesce(m.title, cm.title) AS mission_title,
         coalesce(c.id, ic.id) AS cluster_id, coalesce(c.name, ic.name) AS cluster_name, i.kind AS initiative_kind
  FROM hits h
  LEFT JOIN missions m ON h.kind = 'mission' AND m.id = h.id
  LEFT JOIN clusters c ON h.kind = 'cluster' AND c.id = h.id
  LEFT JOIN initiatives i ON h.kind = 'initiative' AND i.id = h.id
  LEFT JOIN clusters ic ON ic.id = i.cluster_id
  LEFT JOIN missions cm ON cm.id = coalesce(c.mission_id, ic.mission_id)
  ORDER BY h.rank DESC, h.updated_at DESC, h.id`;

/** A row of DETAILS. */
interface HitRow {
  kind: SearchKind;
  id: string;
  track: string;
  title: string;
  text: string;
  state: string;
  mission_id: string;
  mission_title: string;
  cluster_id: string | null;
  cluster_name: string | null;
  initiative_kind: string | null;
}

function toHit(r: HitRow): SearchHit {
  return {
    kind: r.kind,
    id: r.id,
    title: r.title,
    text: r.text,
    track: r.track,
    state: r.state,
    missionId: r.mission_id,
    missionTitle: r.mission_title,
    ...(r.cluster_id ? { clusterId: r.cluster_id, clusterName: r.cluster_name ?? '' } : {}),
    ...(r.initiative_kind ? { initiativeKind: r.initiative_kind } : {}),
  };
}
