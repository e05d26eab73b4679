import type { SearchKind } from '../domain/search.js';

const PATHS: Record<SearchKind, string> = { mission: 'missions', cluster: 'clusters', initiative: 'initiatives' };
const KINDS = new Map(Object.entries(PATHS).map(([k, p]) => [p, k as SearchKind]));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The app's own address for a mission, cluster or initiative: it opens the portfolio tab there, and unfurls in Teams.
 * */
export function entityUrl(base: string, kind: SearchKind, id: string): string {
  return `${base.replace(/\/+$/, '')}/${PATHS[kind]}/${id}`;
}

/** Reads one of our links back; a link to another host, or any other path, is not ours. */
export function parseEntityUrl(base: string, url: string): { kind: SearchKind; id: string } | undefined {
  let parsed: URL;
  let own: URL;
  try {
    parsed = new URL(url);
    own = new URL(base);
  } catch {
    return undefined;
  }
  if (parsed.host.toLowerCase() !== own.host.toLowerCase()) return undefined;
  const [, segment, id, ...rest] = parsed.pathname.split('/');
  const kind = KINDS.get(segment ?? '');
  return kind && id && UUID.test(id) && rest.length === 0 ? { kind, id: id.toLowerCase() } : undefined;
}

/** Which path segment names a kind (the HTTP server routes these to the tab). */
export const ENTITY_PATHS = PATHS;
