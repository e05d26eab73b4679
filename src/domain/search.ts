import type { Framework } from './framework.js';

export const SEARCH_KINDS = ['mission', 'cluster', 'initiative'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** What someone typed, read into words and filters. Nothing here reaches SQL as text: words become parameters. */
export interface SearchQuery {
  words: string[];
  kinds: SearchKind[];
  track?: string;
}

const MAX_WORDS = 8;
const MAX_WORD_LENGTH = 40;

/** Words people type for a kind, in Danish and English, singular and plural. */
const KIND_WORDS: Record<string, SearchKind> = {
  mission: 'mission',
  missioner: 'mission',
  missions: 'mission',
  klynge: 'cluster',
  klynger: 'cluster',
  cluster: 'cluster',
  clusters: 'cluster',
  indsats: 'initiative',
  indsatser: 'initiative',
  initiative: 'initiative',
  initiatives: 'initiative',
};

/**
 * Reads a message-extension query: free text, plus optional filters either from the command's own
 * parameters or typed inline as `type:klynge` and `spor:<track>` (Teams shows one search box).
 */
export function parseSearch(
  framework: Framework,
  text: string,
  params: { kind?: string; track?: string } = {},
): SearchQuery {
  const kinds = new Set<SearchKind>();
  let track: string | undefined;
  const addKind = (v: string | undefined) => {
    for (const part of (v ?? '').toLowerCase().split(/[,\s]+/)) {
      const k = KIND_WORDS[part];
      if (k) kinds.add(k);
    }
  };
  const matchTrack = (v: string | undefined): string | undefined => {
    const wanted = (v ?? '').trim().toLowerCase();
    if (!wanted || wanted === 'any' || wanted === 'alle') return undefined;
    return framework.tracks.find(
      (t) =>
        t.id === wanted ||
        t.label.da.toLowerCase() === wanted ||
        t.label.en.toLowerCase() === wanted ||
        t.id.startsWith(wanted),
    )?.id;
  };
  addKind(params.kind);
  track = matchTrack(params.track);
  const words: string[] = [];
  for (const token of text.normalize('NFC').split(/\s+/)) {
    const filter = /^(type|kind|spor|track):(.*)$/i.exec(token);
    if (filter) {
      if (/^(type|kind)$/i.test(filter[1])) addKind(filter[2]);
      else track = matchTrack(filter[2]) ?? track;
      continue;
    }
    // Only letters and digits survive, so no typed character can change the query's meaning.
    for (const w of token.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
      if (w && words.length < MAX_WORDS) words.push(w.slice(0, MAX_WORD_LENGTH));
    }
  }
  return { words, kinds: kinds.size ? [...kinds] : [...SEARCH_KINDS], ...(track ? { track } : {}) };
}
