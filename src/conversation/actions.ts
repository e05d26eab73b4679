import { z } from 'zod';
import { DECISIONS } from '../domain/mission.js';
import { STAGES } from '../domain/portfolio.js';

const page = z.coerce.number().int().min(0).max(10_000).catch(0);
const optionalId = z.preprocess(
  (v) => (v === '' || v === null || v === 'any' ? undefined : v),
  z.string().max(60).optional(),
);
const listBase = {
  scope: z.enum(['mine', 'all']).catch('all'),
  page,
  track: optionalId,
  problem: optionalId,
  // Present only when the filter inputs were sent ("Filtrér"); 'any' clears the filter.
  filterTrack: z.string().max(60).optional(),
  filterProblem: z.string().max(60).optional(),
};

/** The decision queue's state: page, filter (as the list's), and which end first. */
const queueBase = {
  page,
  track: optionalId,
  problem: optionalId,
  order: z.enum(['oldest', 'newest']).optional().catch(undefined),
  filterTrack: z.string().max(60).optional(),
  filterProblem: z.string().max(60).optional(),
  filterOrder: z.string().max(20).optional(),
};

const clusterId = z.string().uuid();
const uuid = z.string().uuid();
const instant = z.string().datetime();
// A chooser left empty sends ""; the service then says which field is missing.
const optionalUuid = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().uuid().optional());
const personId = z.string().min(1).max(80);
const clusterList = {
  ...listBase,
  missionId: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().uuid().optional()),
};

/** Every verb a card can send, with the data it carries. Anything else is refused with a help card. */
export const CardActionSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('help') }),
  z.object({ verb: z.literal('propose.open') }),
  z.object({ verb: z.literal('propose.cancel') }),
  z.object({ verb: z.literal('propose.submit'), formId: z.string().uuid() }).loose(),
  z.object({ verb: z.literal('missions.list'), ...listBase }),
  z.object({ verb: z.literal('mission.support'), missionId: z.string().uuid(), ...listBase }),
  z.object({ verb: z.literal('decisions.list'), ...queueBase }),
  z
    .object({
      verb: z.literal('mission.decide'),
      missionId: z.string().uuid(),
      decision: z.enum(DECISIONS),
      ...queueBase,
    })
    .loose(),
  z.object({ verb: z.literal('mission.conclude'), missionId: z.string().uuid(), ...listBase }).loose(),
  z.object({ verb: z.literal('settings.locale'), locale: z.enum(['da', 'en']) }),
  z.object({ verb: z.literal('clusters.list'), ...clusterList }),
  z.object({ verb: z.literal('cluster.view'), clusterId }),
  z.object({ verb: z.literal('cluster.join'), clusterId, from: z.enum(['list']).optional(), ...clusterList }),
  z.object({ verb: z.literal('cluster.leave'), clusterId }),
  z.object({ verb: z.literal('cluster.form.open'), missionId: z.string().uuid().optional() }),
  z
    .object({
      verb: z.literal('cluster.form.submit'),
      formId: z.string().uuid(),
      missionId: z.string().uuid().optional(),
    })
    .loose(),
  z.object({ verb: z.literal('cluster.form.cancel') }),
  z.object({ verb: z.literal('cluster.manage'), clusterId, page }),
  z.object({ verb: z.literal('cluster.member.add'), clusterId, who: z.string().max(200).optional() }),
  z.object({ verb: z.literal('cluster.member.remove'), clusterId, personId }),
  z.object({ verb: z.literal('cluster.coordinator.set'), clusterId, personId }),
  z.object({ verb: z.literal('cluster.external.add'), clusterId }).loose(),
  z.object({ verb: z.literal('cluster.external.remove'), clusterId, externalId: z.string().uuid() }),
  z.object({ verb: z.literal('portfolio.view'), clusterId }),
  z.object({ verb: z.literal('initiative.form.open'), clusterId }),
  z.object({ verb: z.literal('initiative.form.cancel'), clusterId }),
  z.object({ verb: z.literal('initiative.form.submit'), formId: z.string().uuid(), clusterId }).loose(),
  z.object({ verb: z.literal('initiative.view'), initiativeId: uuid }),
  z.object({ verb: z.literal('initiative.stage'), initiativeId: uuid, from: z.enum(STAGES), to: z.enum(STAGES) }),
  z.object({ verb: z.literal('learning.form.open'), initiativeId: uuid.optional(), clusterId: clusterId.optional() }),
  z.object({ verb: z.literal('learning.submit'), formId: z.string().uuid(), initiativeId: optionalUuid }).loose(),
  z.object({ verb: z.literal('review.start'), clusterId }),
  z.object({ verb: z.literal('review.view'), reviewId: uuid }),
  z.object({ verb: z.literal('review.item.open'), reviewId: uuid, initiativeId: uuid }),
  z.object({ verb: z.literal('review.item.submit'), reviewId: uuid, initiativeId: uuid }).loose(),
  z.object({ verb: z.literal('review.close'), reviewId: uuid }).loose(),
  z.object({ verb: z.literal('overview.view'), days: z.coerce.number().int().optional().catch(undefined) }),
  z.object({ verb: z.literal('dialogues.list') }),
  z.object({ verb: z.literal('dialogue.plan.open'), dialogueId: uuid.optional() }),
  z.object({ verb: z.literal('dialogue.plan.submit'), formId: uuid, dialogueId: uuid.optional() }).loose(),
  z.object({
    verb: z.literal('dialogue.book'),
    formId: uuid,
    unitId: z.string().min(1).max(80),
    start: instant,
    end: instant,
  }),
  z
    .object({
      verb: z.literal('dialogue.manual'),
      formId: uuid,
      unitId: z.string().min(1).max(80),
      duration: z.coerce.number().int().min(15).max(240),
      dialogueId: uuid.optional(),
    })
    .loose(),
  z.object({ verb: z.literal('dialogue.move'), dialogueId: uuid, start: instant, end: instant }),
  z.object({ verb: z.literal('dialogue.view'), dialogueId: uuid }),
  z
    .object({
      verb: z.literal('dialogue.outcome.open'),
      dialogueId: uuid,
      formId: uuid.optional(),
      rows: z.coerce.number().int().min(1).max(15).optional(),
    })
    .loose(),
  z
    .object({
      verb: z.literal('dialogue.outcome.submit'),
      dialogueId: uuid,
      formId: uuid,
      rows: z.coerce.number().int().min(0).max(15),
    })
    .loose(),
  z.object({ verb: z.literal('dialogue.agreement.done'), agreementId: uuid }),
  z.object({ verb: z.literal('dialogues.area') }),
  z.object({ verb: z.literal('dialogue.cancel'), dialogueId: uuid, confirm: z.boolean().optional() }),
  z.object({
    verb: z.literal('history.view'),
    missionId: uuid,
    // -1: the newest page (where the digest and the notices open it).
    page: z.coerce.number().int().min(-1).max(10_000).catch(-1),
  }),
  z.object({
    verb: z.literal('follow.set'),
    entity: z.enum(['mission', 'cluster']),
    id: uuid,
    follow: z.boolean(),
    // Which card to show again: the mission list (with its state), the history, the cluster, the settings.
    back: z.enum(['list', 'history', 'cluster', 'settings']).catch('list'),
    ...listBase,
  }),
  z.object({ verb: z.literal('settings.open') }),
  z.object({ verb: z.literal('settings.save') }).loose(),
  z.object({
    verb: z.literal('digest.view'),
    digestFrom: z.string().max(20).optional(),
    digestTo: z.string().max(20).optional(),
  }),
]);
export type CardAction = z.infer<typeof CardActionSchema>;

export const KNOWN_VERBS: ReadonlySet<string> = new Set(CardActionSchema.options.map((o) => o.shape.verb.value));

export type ParsedAction = { ok: true; action: CardAction } | { ok: false; problem: 'unknownVerb' | 'badData' };

export function parseCardAction(verb: unknown, data: unknown): ParsedAction {
  const v = typeof verb === 'string' ? verb : undefined;
  if (!v || !KNOWN_VERBS.has(v)) return { ok: false, problem: 'unknownVerb' };
  const parsed = CardActionSchema.safeParse({ ...(typeof data === 'object' && data ? data : {}), verb: v });
  return parsed.success ? { ok: true, action: parsed.data } : { ok: false, problem: 'badData' };
}
