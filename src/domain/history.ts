import { z } from 'zod';

/**
 * One step in a mission's way from proposal to learning, as the history ("Historik") and the followers'
 * digest show it. Built from records the app keeps anyway (the mission, its supporters, clusters, members,
 * initiatives, reviews, learnings, the audit log and the Ledertræf digests made); nothing from dialogues.
 * Names are the only personal data: a supporter's only when they chose to be shown.
 */
const at = z.string();
const name = z.string();
export const HistoryEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('proposed'), at, missionId: z.string(), title: z.string(), by: name }),
  /** Supporters on one day: how many, and the names of those who agreed to be shown. */
  z.object({
    kind: z.literal('supported'),
    at,
    missionId: z.string(),
    count: z.number().int(),
    names: z.array(name),
  }),
  z.object({
    kind: z.literal('decided'),
    at,
    missionId: z.string(),
    to: z.enum(['concretising', 'active', 'declined']),
    reason: z.string().nullable(),
    by: name,
  }),
  z.object({ kind: z.literal('concluded'), at, missionId: z.string(), reason: z.string().nullable(), by: name }),
  z.object({ kind: z.literal('clusterFormed'), at, clusterId: z.string(), name: z.string(), by: name }),
  /** People who joined one cluster on one day. */
  z.object({
    kind: z.literal('joined'),
    at,
    clusterId: z.string(),
    clusterName: z.string(),
    count: z.number().int(),
    names: z.array(name),
  }),
  z.object({
    kind: z.literal('initiativeStarted'),
    at,
    initiativeId: z.string(),
    title: z.string(),
    initiativeKind: z.string(),
    clusterName: z.string(),
    by: name,
  }),
  z.object({
    kind: z.literal('stageMoved'),
    at,
    initiativeId: z.string(),
    title: z.string(),
    from: z.string(),
    to: z.string(),
    by: name,
  }),
  z.object({
    kind: z.literal('reviewDecided'),
    at,
    initiativeId: z.string(),
    title: z.string(),
    decision: z.enum(['continue', 'adjust', 'scale', 'stop']),
    rationale: z.string(),
    by: name,
  }),
  z.object({
    kind: z.literal('learning'),
    at,
    initiativeId: z.string(),
    title: z.string(),
    origin: z.enum(['logged', 'stopped']),
    text: z.string(),
    by: name,
  }),
  /** A Ledertræf digest was made for a period that holds learnings of this mission. */
  z.object({
    kind: z.literal('ledertraef'),
    at,
    from: z.string(),
    to: z.string(),
    learnings: z.number().int(),
  }),
]);
export type HistoryEvent = z.infer<typeof HistoryEventSchema>;
export type HistoryKind = HistoryEvent['kind'];

/** Where an event's own card is: the mission's history, a cluster, or an initiative. */
export function eventTarget(e: HistoryEvent): { verb: string; data: Record<string, string> } | undefined {
  switch (e.kind) {
    case 'proposed':
    case 'supported':
    case 'decided':
    case 'concluded':
      return { verb: 'history.view', data: { missionId: e.missionId } };
    case 'clusterFormed':
    case 'joined':
      return { verb: 'cluster.view', data: { clusterId: e.clusterId } };
    case 'initiativeStarted':
    case 'stageMoved':
    case 'reviewDecided':
    case 'learning':
      return { verb: 'initiative.view', data: { initiativeId: e.initiativeId } };
    case 'ledertraef':
      return { verb: 'digest.view', data: { digestFrom: e.from, digestTo: e.to } };
  }
}

/** Long texts in a history are cut here (the whole text is on the event's own card). */
export const HISTORY_TEXT_MAX = 240;

/** Events a page of the history card shows; 500 events are 34 pages, each far under Teams' 28 KB. */
export const HISTORY_PAGE_SIZE = 15;
