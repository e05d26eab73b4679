import { z } from 'zod';
import type { Framework } from './framework.js';
import {
  checkForm,
  optionalDate,
  optionalText,
  requiredDate,
  requiredText,
  splitChoices,
  type Checked as FormChecked,
} from './form-input.js';
import type { Role } from './roles.js';

/** Prøvehandling, initiativ, indsats. */
export const INITIATIVE_KINDS = ['trialAction', 'initiative', 'effort'] as const;
export type InitiativeKind = (typeof INITIATIVE_KINDS)[number];

export const STAGES = ['idea', 'running', 'evaluating', 'scaled', 'continued', 'stopped'] as const;
export type Stage = (typeof STAGES)[number];

/** "Test: skalér eller smid væk": a trial ends scaled, continued as it is, or stopped. */
export const FINAL_STAGES: readonly Stage[] = ['scaled', 'continued', 'stopped'];
export const OPEN_STAGES: readonly Stage[] = ['idea', 'running', 'evaluating'];

const STAGE_MOVES: Record<Stage, readonly Stage[]> = {
  idea: ['running', 'stopped'],
  running: ['evaluating', 'stopped'],
  evaluating: ['running', 'scaled', 'continued', 'stopped'],
  scaled: [],
  continued: [],
  stopped: [],
};

export function canMoveStage(from: Stage, to: Stage): boolean {
  return STAGE_MOVES[from].includes(to);
}

export function nextStages(from: Stage): readonly Stage[] {
  return STAGE_MOVES[from];
}

export const isOpen = (stage: Stage): boolean => OPEN_STAGES.includes(stage);

/** A portfolio review's answer for one initiative. */
export const REVIEW_DECISIONS = ['continue', 'adjust', 'scale', 'stop'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/**
 * Where a review decision leaves an initiative: continuing keeps an idea or a running trial as it is and
 * settles an evaluated one as continued; adjusting sends it back to running with changes; scaling and
 * stopping end the trial.
 */
export function stageAfterDecision(stage: Stage, decision: ReviewDecision): Stage {
  if (!isOpen(stage)) return stage;
  switch (decision) {
    case 'continue':
      return stage === 'evaluating' ? 'continued' : stage;
    case 'adjust':
      return 'running';
    case 'scale':
      return 'scaled';
    case 'stop':
      return 'stopped';
  }
}

/** Only members of the cluster (and admins) change its portfolio; anyone may read it. */
export function canEditPortfolio(
  roles: readonly Role[],
  viewerId: string,
  cluster: { memberIds: readonly string[] },
): boolean {
  return cluster.memberIds.includes(viewerId) || roles.includes('admin');
}

/** The coordinator (or an admin) opens and closes a portfolio review; every member may record decisions. */
export function canLeadReview(roles: readonly Role[], viewerId: string, cluster: { coordinatorId: string }): boolean {
  return cluster.coordinatorId === viewerId || roles.includes('admin');
}

export const PORTFOLIO_LIMITS = {
  title: { min: 3, max: 120 },
  hypothesis: { min: 10, max: 1500 },
  learning: { min: 5, max: 2000 },
  rationale: { min: 5, max: 1000 },
  note: { max: 1000 },
} as const;

export type PortfolioFieldErrorCode =
  | 'required'
  | 'tooShort'
  | 'tooLong'
  | 'unknownChoice'
  | 'chooseAtLeastOne'
  | 'invalidDate'
  | 'dateInPast'
  | 'learningRequired'
  | 'unknownPerson';
export type PortfolioFieldErrors = Partial<
  Record<
    | 'initiativeId'
    | 'kind'
    | 'title'
    | 'hypothesis'
    | 'problems'
    | 'owner'
    | 'units'
    | 'startsOn'
    | 'nextReviewOn'
    | 'tried'
    | 'happened'
    | 'advice'
    | 'relevant'
    | 'canCope'
    | 'decision'
    | 'rationale'
    | 'learning'
    | 'roomForNew'
    | 'note',
    PortfolioFieldErrorCode
  >
>;

const text = (min: number, max: number) => requiredText(min, max);

const date = requiredDate();
const yesNo = z.enum(['yes', 'no'], {
  error: (i) => (i.input === undefined || i.input === '' ? 'required' : 'unknownChoice'),
});

/** An initiative as the form sends it. `today` is the organisation's date, so "next review" is never in the past. */
export function initiativeInputSchema(framework: Framework, today: string) {
  const problemIds = framework.problems.map((p) => p.id);
  return z.object({
    kind: z.enum(INITIATIVE_KINDS, {
      error: (i) => (i.input === undefined || i.input === '' ? 'required' : 'unknownChoice'),
    }),
    title: text(PORTFOLIO_LIMITS.title.min, PORTFOLIO_LIMITS.title.max),
    hypothesis: text(PORTFOLIO_LIMITS.hypothesis.min, PORTFOLIO_LIMITS.hypothesis.max),
    problems: z
      .preprocess(splitChoices, z.array(z.string()))
      .refine((ps) => ps.length > 0, 'chooseAtLeastOne')
      .refine((ps) => ps.every((p) => problemIds.includes(p)), 'unknownChoice'),
    owner: z.string({ error: 'required' }).trim().min(1, 'required').max(80, 'unknownPerson'),
    units: z.preprocess(splitChoices, z.array(z.string().max(80)).max(30)),
    startsOn: optionalDate(),
    nextReviewOn: date.refine((d) => d >= today, 'dateInPast'),
  });
}
export type InitiativeInput = z.infer<ReturnType<typeof initiativeInputSchema>>;

const LearningInputSchema = z.object({
  tried: text(PORTFOLIO_LIMITS.learning.min, PORTFOLIO_LIMITS.learning.max),
  happened: text(PORTFOLIO_LIMITS.learning.min, PORTFOLIO_LIMITS.learning.max),
  advice: optionalText(PORTFOLIO_LIMITS.learning.max),
});
export type LearningInput = z.infer<typeof LearningInputSchema>;

const ReviewDecisionSchema = z.object({
  relevant: yesNo,
  canCope: yesNo,
  decision: z.enum(REVIEW_DECISIONS, {
    error: (i) => (i.input === undefined || i.input === '' ? 'required' : 'unknownChoice'),
  }),
  rationale: text(PORTFOLIO_LIMITS.rationale.min, PORTFOLIO_LIMITS.rationale.max),
  /** What the cluster learned; required when stopping an initiative that has no learning yet. */
  learning: optionalText(PORTFOLIO_LIMITS.learning.max),
});
export type ReviewDecisionInput = z.infer<typeof ReviewDecisionSchema>;

const ReviewCloseSchema = z.object({ roomForNew: yesNo, note: optionalText(PORTFOLIO_LIMITS.note.max) });
export type ReviewCloseInput = z.infer<typeof ReviewCloseSchema>;

type Checked<T> = FormChecked<T, PortfolioFieldErrors>;
const check = <T>(schema: z.ZodType<T>, raw: Record<string, unknown>): Checked<T> =>
  checkForm<T, PortfolioFieldErrors>(schema, raw);

export const validateInitiativeInput = (framework: Framework, today: string, raw: Record<string, unknown>) =>
  check(initiativeInputSchema(framework, today), raw);
export const validateLearningInput = (raw: Record<string, unknown>) => check(LearningInputSchema, raw);
export const validateReviewClose = (raw: Record<string, unknown>) => check(ReviewCloseSchema, raw);

/**
 * A review decision, checked against the initiative it is about: stopping needs a learning, either one
 * already logged or one written with the decision ("de, der ikke bidrager, skal stoppes" – and we say why).
 */
export function validateReviewDecision(
  raw: Record<string, unknown>,
  initiative: { learningCount: number },
): Checked<ReviewDecisionInput> {
  const checked = check(ReviewDecisionSchema, raw);
  if (!checked.ok) return checked;
  const learning = checked.value.learning;
  if (checked.value.decision === 'stop' && initiative.learningCount === 0) {
    if (!learning) return { ok: false, errors: { learning: 'learningRequired' } };
    if (learning.length < PORTFOLIO_LIMITS.learning.min) return { ok: false, errors: { learning: 'tooShort' } };
  }
  return checked;
}

/** The organisation's calendar date (YYYY-MM-DD) at an instant. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A date some days after another (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
