import { z } from 'zod';
import { checkForm, isIsoDate, requiredDate, type Checked } from './form-input.js';
import { localToInstant } from './local-time.js';
import { addDays } from './portfolio.js';
import type { Role } from './roles.js';

/** The three things a contract-holder dialogue is about. */
export const TOPICS = ['operations', 'development', 'shared'] as const;
export type Topic = (typeof TOPICS)[number];

export const DIALOGUE_STATUSES = ['proposed', 'scheduled', 'held', 'outcomeRecorded', 'cancelled'] as const;
export type DialogueStatus = (typeof DIALOGUE_STATUSES)[number];

export const DURATIONS = [30, 45, 60, 90, 120] as const;
export const DEFAULT_DURATION = 60;
/** The longest window the app reads calendars for at once. */
export const MAX_WINDOW_DAYS = 42;

export interface DialogueParticipants {
  contractHolderId: string;
  departmentHeadId: string;
  directorId: string;
}

/** A dialogue, its notes and agreements are for its three participants and admins, nobody else. */
export function canSeeDialogue(viewer: { id: string; roles: readonly Role[] }, d: DialogueParticipants): boolean {
  return viewer.roles.includes('admin') || [d.contractHolderId, d.departmentHeadId, d.directorId].includes(viewer.id);
}

/** The fagchef arranges the dialogues of the units they are department head of (from the organisation import). */
export function canPlanFor(
  viewer: { id: string; roles: readonly Role[] },
  unit: { departmentHeadId: string | null },
): boolean {
  return unit.departmentHeadId === viewer.id || viewer.roles.includes('admin');
}

export type PlanFieldErrors = Partial<
  Record<
    'unitId' | 'from' | 'to' | 'duration' | 'date' | 'time',
    | 'required'
    | 'unknownChoice'
    | 'invalidDate'
    | 'dateInPast'
    | 'endBeforeStart'
    | 'windowTooLong'
    | 'invalidTime'
    | 'outsideHours'
    | 'timeInPast'
  >
>;

const date = requiredDate();

export interface PlanRequest {
  unitId: string;
  from: string;
  to: string;
  duration: number;
}

/** The planning form: one of the fagchef's own units, a window from today on (at most six weeks), a duration. */
export function validatePlanRequest(
  raw: Record<string, unknown>,
  today: string,
  unitIds: readonly string[],
): Checked<PlanRequest, PlanFieldErrors> {
  const schema = z
    .object({
      unitId: z
        .string({ error: 'required' })
        .min(1, 'required')
        .refine((u) => unitIds.includes(u), 'unknownChoice'),
      from: date.refine((d) => d >= today, 'dateInPast'),
      to: date,
      duration: z.coerce
        .number({ error: 'required' })
        .refine((n) => (DURATIONS as readonly number[]).includes(n), 'unknownChoice'),
    })
    .superRefine((v, ctx) => {
      if (v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'endBeforeStart' });
      else if (v.to > addDays(v.from, MAX_WINDOW_DAYS - 1))
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'windowTooLong' });
    });
  return checkForm<PlanRequest, PlanFieldErrors>(schema, raw);
}

/**
 * A clock time as people type it: "10", "kl. 10", "10.30", "10:30", "9:05" → "10:00", "10:30", "09:05".
 * Anything else (words, "25", "10.75") is unreadable: undefined, never a guess.
 */
export function readClock(text: string): string | undefined {
  const m = /^(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?$/i.exec(text.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  return h <= 23 && min <= 59 ? `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}` : undefined;
}

/** A time the fagchef types when calendars cannot be read: a date from today on and a time inside working hours. */
export function validateManualTime(
  raw: Record<string, unknown>,
  o: { today: string; now: Date; timeZone: string; workStart: string; workEnd: string; duration: number },
): Checked<{ start: Date; end: Date }, PlanFieldErrors> {
  const checked = checkForm<{ date: string; time: string }, PlanFieldErrors>(
    z.object({
      date: date.refine((d) => d >= o.today, 'dateInPast'),
      time: z
        .string({ error: 'required' })
        .trim()
        .min(1, 'required')
        .transform((t, c) => readClock(t) ?? (c.addIssue({ code: 'custom', message: 'invalidTime' }), z.NEVER)),
    }),
    raw,
  );
  if (!checked.ok) return checked;
  const { date: day, time } = checked.value;
  const endMinutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3)) + o.duration;
  const [eh, em] = o.workEnd.split(':').map(Number);
  if (time < o.workStart || endMinutes > eh * 60 + em) return { ok: false, errors: { time: 'outsideHours' } };
  const start = localToInstant(day, time, o.timeZone);
  if (start.getTime() <= o.now.getTime()) return { ok: false, errors: { time: 'timeInPast' } };
  return { ok: true, value: { start, end: new Date(start.getTime() + o.duration * 60_000) } };
}

export const OUTCOME_LIMITS = { note: 4000, agreement: 500 } as const;
/** Agreement rows the outcome card shows at first; "more rows" adds this many again. */
export const AGREEMENT_ROWS = 3;
export const MAX_AGREEMENTS = 15;

export interface AgreementInput {
  text: string;
  ownerId: string;
  dueOn: string;
}

export interface OutcomeInput {
  notes: Record<Topic, string>;
  agreements: AgreementInput[];
}

/** Errors keyed by field: `note-operations`, `agreement-2-owner`, … as the card names its inputs. */
export type OutcomeErrors = Record<
  string,
  'required' | 'tooLong' | 'unknownChoice' | 'invalidDate' | 'dateBeforeMeeting' | 'incomplete'
>;

/**
 * The outcome card: a note for each of the three topics, and agreements (what, who, by when). A row left
 * empty is no agreement; a row half filled is a mistake to point at. Owners are the three participants.
 */
export function validateOutcome(
  raw: Record<string, unknown>,
  rows: number,
  o: { participantIds: readonly string[]; meetingDay: string },
): Checked<OutcomeInput, OutcomeErrors> {
  const errors: OutcomeErrors = {};
  const text = (k: string) => (typeof raw[k] === 'string' ? raw[k].trim() : '');
  const notes = {} as Record<Topic, string>;
  for (const topic of TOPICS) {
    const v = text(`note-${topic}`);
    if (!v) errors[`note-${topic}`] = 'required';
    else if (v.length > OUTCOME_LIMITS.note) errors[`note-${topic}`] = 'tooLong';
    notes[topic] = v;
  }
  const agreements: AgreementInput[] = [];
  for (let i = 0; i < Math.min(rows, MAX_AGREEMENTS); i++) {
    const what = text(`agreement-${i}-text`);
    const owner = text(`agreement-${i}-owner`);
    const due = text(`agreement-${i}-due`);
    if (!what && !due) continue; // an empty row (the owner choice has a default)
    if (!what) errors[`agreement-${i}-text`] = 'incomplete';
    else if (what.length > OUTCOME_LIMITS.agreement) errors[`agreement-${i}-text`] = 'tooLong';
    if (!o.participantIds.includes(owner)) errors[`agreement-${i}-owner`] = owner ? 'unknownChoice' : 'incomplete';
    if (!due) errors[`agreement-${i}-due`] = 'incomplete';
    else if (!isIsoDate(due)) errors[`agreement-${i}-due`] = 'invalidDate';
    else if (due < o.meetingDay) errors[`agreement-${i}-due`] = 'dateBeforeMeeting';
    agreements.push({ text: what, ownerId: owner, dueOn: due });
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: { notes, agreements } };
}

/** A dialogue is over once its meeting has ended; then its outcome can be recorded. */
export const isOver = (d: { endsAt: Date; status: DialogueStatus }, now: Date) =>
  d.status !== 'cancelled' && d.endsAt.getTime() <= now.getTime();

/** The fagchef and the contract holder record the outcome; the director reads it. */
export function canRecordOutcome(viewer: { id: string; roles: readonly Role[] }, d: DialogueParticipants): boolean {
  return viewer.id === d.departmentHeadId || viewer.id === d.contractHolderId || viewer.roles.includes('admin');
}
