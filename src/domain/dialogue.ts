import { z } from 'zod';
import { checkForm, type Checked } from './form-input.js';
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
export function canPlanFor(viewer: { id: string; roles: readonly Role[] }, unit: { departmentHeadId: string | null }): boolean {
  return unit.departmentHeadId === viewer.id || viewer.roles.includes('admin');
}

export type PlanFieldErrors = Partial<Record<'unitId' | 'from' | 'to' | 'duration' | 'date' | 'time', 'required' | 'unknownChoice' | 'invalidDate' | 'dateInPast' | 'endBeforeStart' | 'windowTooLong' | 'invalidTime' | 'outsideHours' | 'timeInPast'>>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (s: string) => ISO_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const date = z.string({ error: 'required' }).trim().min(1, 'required').refine(realDate, 'invalidDate');

export interface PlanRequest {
  unitId: string;
  from: string;
  to: string;
  duration: number;
}

/** The planning form: one of the fagchef's own units, a window from today on (at most six weeks), a duration. */
export function validatePlanRequest(raw: Record<string, unknown>, today: string, unitIds: readonly string[]): Checked<PlanRequest, PlanFieldErrors> {
  const schema = z
    .object({
      unitId: z.string({ error: 'required' }).min(1, 'required').refine((u) => unitIds.includes(u), 'unknownChoice'),
      from: date.refine((d) => d >= today, 'dateInPast'),
      to: date,
      duration: z.coerce.number({ error: 'required' }).refine((n) => (DURATIONS as readonly number[]).includes(n), 'unknownChoice'),
    })
    .superRefine((v, ctx) => {
      if (v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'endBeforeStart' });
      else if (v.to > addDays(v.from, MAX_WINDOW_DAYS - 1)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'windowTooLong' });
    });
  return checkForm<PlanRequest, PlanFieldErrors>(schema, raw);
}

/** A time the fagchef types when calendars cannot be read: a date from today on and a time inside working hours. */
export function validateManualTime(
  raw: Record<string, unknown>,
  o: { today: string; now: Date; timeZone: string; workStart: string; workEnd: string; duration: number },
): Checked<{ start: Date; end: Date }, PlanFieldErrors> {
  const checked = checkForm<{ date: string; time: string }, PlanFieldErrors>(
    z.object({
      date: date.refine((d) => d >= o.today, 'dateInPast'),
      time: z.string({ error: 'required' }).trim().min(1, 'required').regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'invalidTime'),
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
