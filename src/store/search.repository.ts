import type { SearchKind, SearchQuery } from '../domain/search.js';
import type { Queryable } from './database.js';

export interface SearchHit {
  kind: SearchKind;
  id: string;
  title: string;
  text: string;
  track: string;
  /** Mission status or initiative stage; clusters show their mission's status. */
  state: string;
  missionId: string;
  missionTitle: string;
  clusterId?: string;
  clusterName?: string;
}

/** A one-letter prefix would match most of the index while giving the reader nothing; it needs two. */
const MIN_PREFIX = 2;

/**
 * Each word matches by its Danish stem (whole words, any inflection) or as the start of a word (while
 * typing); all words must match. Built from parameters only.
 */
function tsquery(words: readonly string[], values: unknown[]): string {
  return words
    .map((w) => {
      values.push(w);
      const n = `$${values.length}`;
      const prefix = w.length >= MIN_PREFIX ? ` || to_tsquery('simple', ${n} || ':*')` : '';
      return `(to_tsquery('danish', ${n})${prefix})`;
    })
    .join(' && ');
}

/** Ranked hits (titles weigh most), newest first among equals; no words lists what changed last. */
export async function searchDocuments(db: Queryable, q: SearchQuery, skip: number, count: number): Promise<SearchHit[]> {
  const values: unknown[] = [q.kinds];
  const where = ['NOT d.hidden', 'd.kind = ANY($1::text[])'];
  if (q.track) {
    values.push(q.track);
    where.push(`d.track = $${values.length}`);
  }
  let rank = '0::real';
  let from = 'search_documents d';
  if (q.words.length) {
    from = `search_documents d, (SELECT ${tsquery(q.words, values)} AS query) q`;
    where.push('d.search @@ q.query');
    rank = 'ts_rank(d.search, q.query, 1)';
  }
  values.push(count, skip);
  const { rows } = await db.query(
    `WITH hits AS (
       SELECT d.kind, d.id, d.track, d.updated_at, ${rank} AS rank FROM ${from}
       WHERE ${where.join(' AND ')}
       ORDER BY rank DESC, d.updated_at DESC, d.id LIMIT $${values.length - 1} OFFSET $${values.length})
     ${DETAILS}`,
    values,
  );
  return rows.map(toHit);
}

/** One document by kind and id, as search shows it (for link previews); hidden ones are not found. */
export async function findDocument(db: Queryable, kind: SearchKind, id: string): Promise<SearchHit | undefined> {
  const { rows } = await db.query(
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
         coalesce(c.id, ic.id) AS cluster_id, coalesce(c.name, ic.name) AS cluster_name
  FROM hits h
  LEFT JOIN missions m ON h.kind = 'mission' AND m.id = h.id
  LEFT JOIN clusters c ON h.kind = 'cluster' AND c.id = h.id
  LEFT JOIN initiatives i ON h.kind = 'initiative' AND i.id = h.id
  LEFT JOIN clusters ic ON ic.id = i.cluster_id
  LEFT JOIN missions cm ON cm.id = coalesce(c.mission_id, ic.mission_id)
  ORDER BY h.rank DESC, h.updated_at DESC, h.id`;

function toHit(r: any): SearchHit {
  return {
    kind: r.kind,
    id: r.id,
    title: r.title,
    text: r.text,
    track: r.track,
    state: r.state,
    missionId: r.mission_id,
    missionTitle: r.mission_title,
    ...(r.cluster_id ? { clusterId: r.cluster_id, clusterName: r.cluster_name } : {}),
  };
}
