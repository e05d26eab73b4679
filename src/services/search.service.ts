import type pg from 'pg';
import type { Framework } from '../domain/framework.js';
import { parseSearch, type SearchKind } from '../domain/search.js';
import { findDocument, searchDocuments } from '../store/search.repository.js';
import type { SearchHit } from '../views/search.js';

/** Teams asks for 25 at a time; deep paging in a compose box helps nobody. */
export const MAX_RESULTS = 25;
export const MAX_SKIP = 100;

export type SearchService = ReturnType<typeof createSearchService>;

/**
 * Finds missions, clusters and initiatives. Dialogues are never searchable: their content is for their
 * participants only, and this index holds none of it.
 */
export function createSearchService({ pool, framework }: { pool: pg.Pool; framework: Framework }) {
  return {
    search(
      text: string,
      filters: { kind?: string; track?: string },
      skip = 0,
      count = MAX_RESULTS,
    ): Promise<SearchHit[]> {
      const q = parseSearch(framework, text, filters);
      const s = Math.min(Math.max(0, Math.trunc(skip) || 0), MAX_SKIP);
      const c = Math.min(Math.max(1, Math.trunc(count) || MAX_RESULTS), MAX_RESULTS);
      return searchDocuments(pool, q, s, c);
    },
    find(kind: SearchKind, id: string): Promise<SearchHit | undefined> {
      return findDocument(pool, kind, id);
    },
  };
}
