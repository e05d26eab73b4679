import { z } from 'zod';
import { HistoryEventSchema } from './history.js';
import { DECISIONS } from './mission.js';

/** Outcomes a proposer hears about: the decisions, and the end of an active mission. */
export const NOTICE_DECISIONS = [...DECISIONS, 'concluded'] as const;

/** What a proactive message says, stored in the outbox and rendered in the reader's language at send time. */
export const NoticeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('missionDecided'),
    missionId: z.string(),
    title: z.string(),
    decision: z.enum(NOTICE_DECISIONS),
    reason: z.string().nullable(),
    deciderName: z.string(),
  }),
  z.object({
    kind: z.literal('decisionsOverdue'),
    days: z.number().int(),
    missions: z.array(z.object({ id: z.string(), title: z.string(), createdAt: z.string() })).min(1),
  }),
  z.object({
    kind: z.literal('reviewOpened'),
    clusterId: z.string(),
    clusterName: z.string(),
    reviewId: z.string(),
    openCount: z.number().int(),
    trigger: z.enum(['cadence', 'requested']),
  }),
  z.object({
    kind: z.literal('initiativesOverdue'),
    initiatives: z
      .array(z.object({ id: z.string(), title: z.string(), clusterName: z.string(), nextReviewOn: z.string() }))
      .min(1),
  }),
  z.object({
    kind: z.literal('stoppedWithoutLearning'),
    initiatives: z.array(z.object({ id: z.string(), title: z.string(), clusterName: z.string() })).min(1),
  }),
  z.object({
    kind: z.literal('dialogueInvited'),
    dialogueId: z.string(),
    unitName: z.string(),
    startsAt: z.string(),
    joinUrl: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('dialogueOutcomeDue'),
    dialogueId: z.string(),
    unitName: z.string(),
    startsAt: z.string(),
  }),
  z.object({
    kind: z.literal('dialogueSummary'),
    dialogueId: z.string(),
    unitName: z.string(),
    startsAt: z.string(),
    notes: z.record(z.string(), z.string()),
    agreements: z.array(z.object({ text: z.string(), ownerName: z.string(), dueOn: z.string() })),
  }),
  z.object({
    kind: z.literal('channelNeedsAdmin'),
    clusterId: z.string(),
    clusterName: z.string(),
    reason: z.enum(['team-full', 'app-not-in-channel', 'team-not-found']),
  }),
  z.object({
    kind: z.literal('agreementsDue'),
    agreements: z.array(z.object({ id: z.string(), text: z.string(), unitName: z.string(), dueOn: z.string() })).min(1),
  }),
  /** The followers' digest: per followed mission or cluster, what happened since the last one. */
  z.object({
    kind: z.literal('followDigest'),
    since: z.string(),
    entities: z
      .array(
        z.object({
          entity: z.enum(['mission', 'cluster']),
          id: z.string(),
          title: z.string(),
          events: z.array(HistoryEventSchema),
          more: z.number().int(),
        }),
      )
      .min(1),
    moreEntities: z.number().int(),
  }),
  /** A proposal past its answer deadline, to its proposer: the deciders are reminded, and when to expect it. */
  z.object({
    kind: z.literal('answerOverdue'),
    missionId: z.string(),
    title: z.string(),
    days: z.number().int(),
    expectedBy: z.string(),
    medianDays: z.number().nullable(),
  }),
]);
export type Notice = z.infer<typeof NoticeSchema>;
