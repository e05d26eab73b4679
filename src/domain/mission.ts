import { z } from 'zod';
import { requiredText, splitChoices } from './form-input.js';
import type { Framework } from './framework.js';

export const MISSION_STATUSES = ['proposed', 'concretising', 'active', 'concluded', 'declined'] as const;
export type MissionStatus = (typeof MISSION_STATUSES)[number];
export const FOCUS_VALUES = ['citizens', 'businesses', 'society'] as const;
export type Focus = (typeof FOCUS_VALUES)[number];

export const DECISIONS = ['concretising', 'active', 'declined'] as const;
export type Decision = (typeof DECISIONS)[number];

const TRANSITIONS: Record<MissionStatus, readonly MissionStatus[]> = {
  proposed: ['concretising', 'active', 'declined'],
  concretising: ['active', 'declined'],
  active: ['concluded'],
  concluded: [],
  declined: [],
};

export function canTransition(from: MissionStatus, to: MissionStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses that still wait for a decision by the group management. */
export const AWAITING_DECISION: readonly MissionStatus[] = ['proposed', 'concretising'];

export const LIMITS = {
  title: { min: 5, max: 120 },
  ambition: { min: 20, max: 2000 },
  obstacles: { min: 10, max: 2000 },
  reason: { min: 5, max: 1000 },
} as const;

/** Error codes are keys into the i18n strings, so the card shows the message in the reader's language. */
export type FieldErrorCode = 'required' | 'tooShort' | 'tooLong' | 'unknownChoice' | 'chooseAtLeastOne';
export type FieldErrors = Partial<
  Record<'title' | 'ambition' | 'obstacles' | 'focus' | 'track' | 'problems' | 'reason', FieldErrorCode>
>;

const text = (min: number, max: number) => requiredText(min, max);
export { splitChoices };

export function missionInputSchema(framework: Framework) {
  const trackIds = framework.tracks.map((t) => t.id);
  const problemIds = framework.problems.map((p) => p.id);
  return z.object({
    title: text(LIMITS.title.min, LIMITS.title.max),
    ambition: text(LIMITS.ambition.min, LIMITS.ambition.max),
    obstacles: text(LIMITS.obstacles.min, LIMITS.obstacles.max),
    focus: z.enum(FOCUS_VALUES, {
      error: (i) => (i.input === undefined || i.input === '' ? 'required' : 'unknownChoice'),
    }),
    track: z.string({ error: 'required' }).refine((t) => trackIds.includes(t), 'unknownChoice'),
    problems: z
      .preprocess(splitChoices, z.array(z.string()))
      .refine((ps) => ps.length > 0, 'chooseAtLeastOne')
      .refine((ps) => ps.every((p) => problemIds.includes(p)), 'unknownChoice'),
  });
}
export type MissionInput = z.infer<ReturnType<typeof missionInputSchema>>;

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Validates a proposal form; unknown or missing values become per-field error codes. */
// A zod schema is costly to build and cheap to use: one per framework.
const schemas = new WeakMap<Framework, ReturnType<typeof missionInputSchema>>();

export function validateMissionInput(
  framework: Framework,
  raw: Record<string, unknown>,
): ValidationResult<MissionInput> {
  let schema = schemas.get(framework);
  if (!schema) schemas.set(framework, (schema = missionInputSchema(framework)));
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const errors: FieldErrors = {};
  for (const issue of r.error.issues) {
    const field = issue.path[0] as keyof FieldErrors;
    if (!errors[field]) errors[field] = normaliseCode(issue.message);
  }
  return { ok: false, errors };
}

function normaliseCode(message: string): FieldErrorCode {
  const codes: FieldErrorCode[] = ['required', 'tooShort', 'tooLong', 'unknownChoice', 'chooseAtLeastOne'];
  return codes.find((c) => c === message) ?? 'required';
}

/** A decline needs a reason the proposer can read; other decisions may carry one. */
export function validateDecisionReason(decision: Decision, reason: string | undefined): FieldErrorCode | undefined {
  const r = (reason ?? '').trim();
  if (decision === 'declined' && r.length === 0) return 'required';
  if (r.length > 0 && r.length < LIMITS.reason.min) return 'tooShort';
  if (r.length > LIMITS.reason.max) return 'tooLong';
  return undefined;
}

export interface Mission {
  id: string;
  title: string;
  ambition: string;
  obstacles: string;
  focus: Focus;
  track: string;
  problems: string[];
  status: MissionStatus;
  proposerId: string;
  proposerName: string;
  decisionReason: string | null;
  decidedById: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  supporterCount: number;
}
