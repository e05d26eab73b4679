import type pg from 'pg';
import {
  canPlanFor,
  canSeeDialogue,
  DEFAULT_DURATION,
  validateManualTime,
  validatePlanRequest,
  type PlanFieldErrors,
  type PlanRequest,
} from '../domain/dialogue.js';
import { localDate } from '../domain/portfolio.js';
import { findSlots, type Slot, type WorkingHours } from '../domain/slots.js';
import { isoWeekday, localToInstant } from '../domain/local-time.js';
import { addDays } from '../domain/portfolio.js';
import { CALENDAR_WAITING, type CalendarGraph } from '../ports/calendar.port.js';
import { GraphFailure } from '../ports/channel-graph.port.js';
import { appendAudit } from '../store/audit.repository.js';
import { withTransaction } from '../store/database.js';
import {
  agendaFor,
  dialoguesByUnit,
  changeDialogue,
  findPeople,
  getDialogue,
  insertDialogue,
  listDialogues,
  plannableUnits,
} from '../store/dialogues.repository.js';
import type { UnitDialogueState, DialogueView, Participant, PlannableUnit } from '../views/dialogues.js';
import { lockAndFindClash, type Clash } from '../store/dialogue-clashes.repository.js';
import type { CalendarScheduler, DeliveryScheduler, Viewer } from '../ports/services.port.js';
import { createDialogueOutcomes, participantsOf } from './dialogue-outcomes.service.js';

export interface DialogueServiceDeps {
  pool: pg.Pool;
  /** Absent while Graph has no credentials: times are entered by hand and invitations wait. */
  calendar?: CalendarGraph;
  timeZone: string;
  workingHours: WorkingHours;
  scheduler: CalendarScheduler & DeliveryScheduler;
  /** A unit whose last dialogue is older than this is overdue on the director's view. */
  overdueDays?: number;
  now?: () => Date;
}

type Refusal =
  | { ok: false; reason: 'forbidden' | 'notFound' | 'missingPeople' | 'notChangeable' | 'badTime'; detail?: string }
  | { ok: false; reason: 'clash'; clash: ClashShown };

/**
 * Another dialogue at an overlapping time for the same unit or one of the same people. What the fagchef
 * is told: which unit's dialogue, when, who is taken; its id only if they take part in it (or are admin).
 */
export interface ClashShown {
  unitName: string;
  startsAt: Date;
  endsAt: Date;
  sameUnit: boolean;
  busyNames: string[];
  openId?: string;
}

export interface TimesFound {
  ok: true;
  request: PlanRequest;
  unit: PlannableUnit;
  people: Participant[];
  /** Slots, or why the fagchef must enter a time by hand. */
  slots: Slot[];
  /** The first working day of the window after today: what the hand-typed time starts from. */
  suggestedDate: string;
  /** When a typed time may lie (WORK_DAY_START–WORK_DAY_END), for the form to say. */
  workingHours: { start: string; end: string };
  manual?: { reason: 'noGraph' | 'calendarsUnavailable' | 'missingEmail'; detail?: string };
}

export type DialogueService = ReturnType<typeof createDialogueService>;

const MAX_MEETING_MS = 4 * 3_600_000;

/** Contract-holder dialogues: the fagchef plans them from the three calendars; only participants see them. */
export function createDialogueService({
  pool,
  calendar,
  timeZone,
  workingHours,
  scheduler,
  overdueDays = 365,
  now = () => new Date(),
}: DialogueServiceDeps) {
  const today = () => localDate(now(), timeZone);
  const isAdmin = (v: Viewer) => v.roles.includes('admin');

  async function unitFor(viewer: Viewer, unitId: string): Promise<PlannableUnit | Refusal> {
    const unit = (await plannableUnits(pool, viewer.id, isAdmin(viewer))).find((u) => u.id === unitId);
    if (!unit || !canPlanFor(viewer, unit)) return { ok: false, reason: 'forbidden' };
    const missing = [
      ...(unit.leaderId ? [] : ['leader']),
      ...(unit.directorId ? [] : ['director']),
      ...(unit.departmentHeadId ? [] : ['departmentHead']),
    ];
    if (missing.length) return { ok: false, reason: 'missingPeople', detail: missing.join(',') };
    return unit;
  }

  async function participants(unit: PlannableUnit): Promise<Participant[]> {
    const people = await findPeople(pool, [unit.leaderId!, unit.departmentHeadId!, unit.directorId!]);
    const byId = new Map(people.map((p) => [p.id, p]));
    return [unit.departmentHeadId!, unit.leaderId!, unit.directorId!].map((id) => byId.get(id)!).filter(Boolean);
  }

  async function view(viewer: Viewer, id: string): Promise<DialogueView | 'forbidden' | undefined> {
    const d = await getDialogue(pool, id);
    if (!d) return undefined;
    return canSeeDialogue(viewer, participantsOf(d)) ? d : 'forbidden';
  }

  /** Only the fagchef who arranges it (or an admin) moves or cancels a dialogue. */
  async function changeable(viewer: Viewer, id: string): Promise<DialogueView | Refusal> {
    const d = await view(viewer, id);
    if (!d) return { ok: false, reason: 'notFound' };
    if (d === 'forbidden' || (d.departmentHead.id !== viewer.id && !isAdmin(viewer)))
      return { ok: false, reason: 'forbidden' };
    if (d.status !== 'scheduled' && d.status !== 'proposed') return { ok: false, reason: 'notChangeable' };
    return d;
  }

  async function shown(viewer: Viewer, c: Clash): Promise<ClashShown> {
    const names = c.busyIds.length
      ? (await findPeople(pool, c.busyIds)).map((p) => p.name).sort((a, b) => a.localeCompare(b, 'da'))
      : [];
    const mayOpen = isAdmin(viewer) || c.participantIds.includes(viewer.id);
    return {
      unitName: c.unitName,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      sameUnit: c.sameUnit,
      busyNames: names,
      ...(mayOpen ? { openId: c.id } : {}),
    };
  }

  function saneTime(start: Date, end: Date): boolean {
    return (
      Number.isFinite(start.getTime()) &&
      end.getTime() > start.getTime() &&
      end.getTime() - start.getTime() <= MAX_MEETING_MS &&
      start.getTime() > now().getTime() - 60_000
    );
  }

  return {
    today,
    workingHours,
    ...createDialogueOutcomes({ pool, timeZone, scheduler, now, view }),

    /** A director's units: held, planned, overdue (no dialogue within `overdueDays`). */
    async area(
      viewer: Viewer,
    ): Promise<{ units: (UnitDialogueState & { overdue: boolean })[]; overdueDays: number } | 'forbidden'> {
      const admin = isAdmin(viewer);
      if (!admin && !viewer.roles.includes('director')) {
        const mine = await dialoguesByUnit(pool, viewer.id, false, now(), new Date(0));
        if (mine.length === 0) return 'forbidden';
      }
      const since = new Date(now().getTime() - overdueDays * 86_400_000);
      const units = await dialoguesByUnit(pool, viewer.id, admin, now(), since);
      return {
        overdueDays,
        units: units.map((u) => ({ ...u, overdue: !u.nextPlanned && (!u.lastHeld || u.lastHeld < since) })),
      };
    },
    units: (viewer: Viewer) => plannableUnits(pool, viewer.id, isAdmin(viewer)),
    view,
    list: (viewer: Viewer) => listDialogues(pool, viewer.id, isAdmin(viewer)),

    /** Reads the three calendars and proposes up to five times; says why when the fagchef must enter one. */
    async findTimes(
      viewer: Viewer,
      raw: Record<string, unknown>,
    ): Promise<TimesFound | Refusal | { ok: false; errors: PlanFieldErrors }> {
      const units = await plannableUnits(pool, viewer.id, isAdmin(viewer));
      const checked = validatePlanRequest(
        { duration: DEFAULT_DURATION, ...raw },
        today(),
        units.map((u) => u.id),
      );
      if (!checked.ok) return checked;
      const unit = await unitFor(viewer, checked.value.unitId);
      if ('ok' in unit) return unit;
      const people = await participants(unit);
      let suggestedDate = checked.value.from > today() ? checked.value.from : addDays(today(), 1);
      for (let i = 0; i < 7 && !workingHours.days.includes(isoWeekday(suggestedDate)); i++)
        suggestedDate = addDays(suggestedDate, 1);
      const base = {
        ok: true as const,
        request: checked.value,
        unit,
        people,
        slots: [] as Slot[],
        suggestedDate,
        workingHours: { start: workingHours.start, end: workingHours.end },
      };
      if (!calendar) return { ...base, manual: { reason: 'noGraph' } };
      const noEmail = people.filter((p) => !p.email);
      if (noEmail.length)
        return { ...base, manual: { reason: 'missingEmail', detail: noEmail.map((p) => p.name).join(', ') } };
      const start = localToInstant(checked.value.from, '00:00', timeZone);
      const end = localToInstant(addDays(checked.value.to, 1), '00:00', timeZone);
      try {
        const schedules = await calendar.getSchedule(
          unit.departmentHeadId!,
          people.map((p) => p.email!),
          start,
          end,
        );
        const calendars = people.map((p) => schedules.get(p.email!.toLowerCase()) ?? []);
        const slots = findSlots(
          {
            from: checked.value.from,
            to: checked.value.to,
            durationMinutes: checked.value.duration,
            timeZone,
            workingHours,
            notBefore: new Date(now().getTime() + 30 * 60_000),
          },
          calendars,
        );
        return { ...base, slots };
      } catch (err) {
        const detail =
          err instanceof GraphFailure
            ? err.status
              ? `Microsoft Graph ${err.status}`
              : err.message
            : 'Microsoft Graph';
        return { ...base, manual: { reason: 'calendarsUnavailable', detail } };
      }
    },

    /**
     * Books the dialogue at a chosen time. The request key (the planning form's id plus the time) makes a
     * double click or a retried activity book once; the invitation is sent by a durable job.
     */
    async book(
      viewer: Viewer,
      requestKey: string,
      unitId: string,
      start: Date,
      end: Date,
    ): Promise<{ ok: true; dialogueId: string; created: boolean } | Refusal> {
      const unit = await unitFor(viewer, unitId);
      if ('ok' in unit) return unit;
      if (!saneTime(start, end)) return { ok: false, reason: 'badTime' };
      const personIds = [unit.leaderId!, unit.departmentHeadId!, unit.directorId!];
      const requestKeyOf = `${viewer.id}:${requestKey}`;
      const r = await withTransaction(pool, async (tx) => {
        // A retried request finds its own dialogue below; any other at that time for the unit or its people is refused.
        const clash = await lockAndFindClash(tx, { unitId, personIds, start, end, exceptRequestKey: requestKeyOf });
        if (clash) return { clash };
        const agenda = await agendaFor(tx, unitId);
        const inserted = await insertDialogue(tx, {
          requestKey: requestKeyOf,
          unitId,
          contractHolderId: unit.leaderId!,
          departmentHeadId: unit.departmentHeadId!,
          directorId: unit.directorId!,
          startsAt: start,
          endsAt: end,
          agenda,
          createdById: viewer.id,
          calendarWaiting: calendar ? undefined : CALENDAR_WAITING,
        });
        if (inserted.created)
          await appendAudit(tx, {
            actorId: viewer.id,
            action: 'dialogue.planned',
            entity: 'dialogue',
            entityId: inserted.id,
            details: { unitId },
          });
        return inserted;
      });
      if ('clash' in r) return { ok: false, reason: 'clash', clash: await shown(viewer, r.clash) };
      if (r.created) await scheduler.syncCalendarsSoon([r.id]);
      return { ok: true, dialogueId: r.id, created: r.created };
    },

    /** A time typed by the fagchef (no Graph, or calendars unreadable): checked against working hours. */
    manualTime(raw: Record<string, unknown>, duration: number) {
      return validateManualTime(raw, {
        today: today(),
        now: now(),
        timeZone,
        workStart: workingHours.start,
        workEnd: workingHours.end,
        duration,
      });
    },

    async move(viewer: Viewer, id: string, start: Date, end: Date): Promise<{ ok: true } | Refusal> {
      const d = await changeable(viewer, id);
      if ('ok' in d) return d;
      if (!saneTime(start, end)) return { ok: false, reason: 'badTime' };
      if (d.startsAt.getTime() === start.getTime() && d.endsAt.getTime() === end.getTime()) return { ok: true };
      const moved = await withTransaction(pool, async (tx) => {
        const clash = await lockAndFindClash(tx, {
          unitId: d.unitId,
          personIds: [d.contractHolder.id, d.departmentHead.id, d.director.id],
          start,
          end,
          exceptId: id,
        });
        if (clash) return { clash };
        const done = await changeDialogue(tx, id, { startsAt: start, endsAt: end });
        if (done)
          await appendAudit(tx, { actorId: viewer.id, action: 'dialogue.moved', entity: 'dialogue', entityId: id });
        return done;
      });
      if (typeof moved === 'object') return { ok: false, reason: 'clash', clash: await shown(viewer, moved.clash) };
      if (!moved) return { ok: false, reason: 'notChangeable' };
      await scheduler.syncCalendarsSoon([id]);
      return { ok: true };
    },

    async cancel(viewer: Viewer, id: string): Promise<{ ok: true } | Refusal> {
      const d = await changeable(viewer, id);
      if ('ok' in d) return d;
      const done = await withTransaction(pool, async (tx) => {
        const changed = await changeDialogue(tx, id, { cancel: true });
        if (changed)
          await appendAudit(tx, { actorId: viewer.id, action: 'dialogue.cancelled', entity: 'dialogue', entityId: id });
        return changed;
      });
      if (!done) return { ok: false, reason: 'notChangeable' };
      await scheduler.syncCalendarsSoon([id]);
      return { ok: true };
    },
  };
}
