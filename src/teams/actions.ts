import { z } from 'zod';
import { DECISIONS } from '../domain/mission.js';

const page = z.coerce.number().int().min(0).max(10_000).catch(0);
const optionalId = z.preprocess((v) => (v === '' || v === null || v === 'any' ? undefined : v), z.string().max(60).optional());
const listBase = {
  scope: z.enum(['mine', 'all']).catch('all'),
  page,
  track: optionalId,
  problem: optionalId,
  // Present only when the filter inputs were sent ("Filtrér"); 'any' clears the filter.
  filterTrack: z.string().max(60).optional(),
  filterProblem: z.string().max(60).optional(),
};

/** Every verb a card can send, with the data it carries. Anything else is refused with a help card. */
export const CardActionSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('help') }),
  z.object({ verb: z.literal('propose.open') }),
  z.object({ verb: z.literal('propose.cancel') }),
  z.object({ verb: z.literal('propose.submit'), formId: z.string().uuid() }).loose(),
  z.object({ verb: z.literal('missions.list'), ...listBase }),
  z.object({ verb: z.literal('mission.support'), missionId: z.string().uuid(), ...listBase }),
  z.object({ verb: z.literal('decisions.list'), page }),
  z.object({ verb: z.literal('mission.decide'), missionId: z.string().uuid(), decision: z.enum(DECISIONS), page }).loose(),
  z.object({ verb: z.literal('settings.locale'), locale: z.enum(['da', 'en']) }),
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
