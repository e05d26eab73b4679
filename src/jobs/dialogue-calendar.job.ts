import type pg from 'pg';
import type { Logger } from 'pino';
import type { Notice } from '../domain/notice.js';
import { classifyGraphFailure } from '../domain/retry.js';
import {
  claimCalendarWork,
  noteEventCreate,
  postponeCalendarWork,
  saveCalendarDone,
} from '../store/dialogues.repository.js';
import type { DialogueView } from '../views/dialogues.js';
import { enqueueOutbox } from '../store/outbox.repository.js';
import type { DeliveryScheduler } from '../ports/services.port.js';
import { CALENDAR_WAITING, type CalendarEvent, type CalendarGraph, type CreatedEvent } from '../ports/calendar.port.js';
import { GraphFailure } from '../ports/channel-graph.port.js';

export interface CalendarJobDeps {
  pool: pg.Pool;
  /** Absent while Graph has no credentials: the invitation waits, visibly. */
  graph?: CalendarGraph;
  logger: Logger;
  leaseSeconds: number;
  scheduler: DeliveryScheduler;
  /** The invitation's subject and agenda, in the organisation's language. */
  invitation(d: DialogueView): CalendarEvent;
  cancelComment(d: DialogueView): string;
  retryLater(dialogueId: string, delayMs: number): Promise<void>;
}

const WAIT_FOR_CONFIG_MS = 5 * 60_000;

/** Graph's event is at the time the dialogue asks for (a time Graph did not answer with counts as different). */
const sameTime = (e: CreatedEvent, want: CalendarEvent) =>
  e.start?.getTime() === want.start.getTime() && e.end?.getTime() === want.end.getTime();

/**
 * Brings a dialogue's calendar event in line with the dialogue: created (once: Graph's transactionId makes a
 * retried create return the first event), moved, or cancelled, whatever the order of lost answers, retries,
 * moves and cancels. Failures wait as Graph asks and are tried again until they succeed; the dialogue card
 * shows where it stands.
 */
export async function syncDialogueCalendar(
  deps: CalendarJobDeps,
  dialogueId: string,
): Promise<'done' | 'postponed' | 'skipped'> {
  const d = await claimCalendarWork(deps.pool, dialogueId, deps.leaseSeconds);
  if (!d) return 'skipped';
  const log = deps.logger.child({ dialogueId, version: d.calendarVersion });
  const later = async (state: 'waiting' | 'retrying', delayMs: number, reason: string) => {
    await postponeCalendarWork(deps.pool, d.id, state, delayMs, reason);
    await deps.retryLater(d.id, delayMs);
    return 'postponed' as const;
  };
  const graph = deps.graph;
  if (!graph) return later('waiting', WAIT_FOR_CONFIG_MS, CALENDAR_WAITING);
  const organizer = d.departmentHead.id;
  const invitation = deps.invitation(d);
  /** Creates the event (or, after a lost answer, gets the first one back) and sees that it is at the right time. */
  const create = async (transactionId: string): Promise<CreatedEvent> => {
    await noteEventCreate(deps.pool, d.id, transactionId);
    const made = await graph.createEvent(organizer, invitation, transactionId);
    // A retried create returns the event as first made: the dialogue may have moved since.
    return sameTime(made, invitation) ? made : graph.updateEvent(organizer, made.eventId, invitation);
  };
  try {
    let event = { eventId: d.eventId, joinUrl: d.joinUrl, webLink: d.webLink };
    const firstInvitation = !d.eventId && d.status !== 'cancelled';
    if (d.status === 'cancelled') {
      // A create whose answer was lost may have made the event: ask for it by its transactionId, then cancel it.
      const eventId =
        d.eventId ??
        (d.eventTransactionId ? (await graph.createEvent(organizer, invitation, d.eventTransactionId)).eventId : null);
      if (eventId) await graph.cancelEvent(organizer, eventId, deps.cancelComment(d));
      event = { ...event, eventId };
    } else if (!d.eventId) {
      event = await create(d.eventTransactionId ?? d.id);
    } else {
      try {
        event = await graph.updateEvent(organizer, d.eventId, invitation);
      } catch (err) {
        if (!(err instanceof GraphFailure && err.status === 404)) throw err;
        // Deleted in Outlook: invite again (a new transaction, since the first one's event is gone).
        event = await create(`${d.id}:${d.calendarVersion}`);
      }
    }
    const ready = await saveCalendarDone(deps.pool, d.id, d.calendarVersion, event);
    if (firstInvitation && event.eventId) {
      const notice: Notice = {
        kind: 'dialogueInvited',
        dialogueId: d.id,
        unitName: d.unitName,
        startsAt: d.startsAt.toISOString(),
        joinUrl: event.joinUrl,
      };
      const id = await enqueueOutbox(deps.pool, `dialogue:${d.id}:invited`, organizer, notice);
      if (id) await deps.scheduler.deliverSoon([id]);
    }
    if (!ready) await deps.retryLater(d.id, 0);
    log.info({ eventId: event.eventId, status: d.status }, 'dialogue calendar in step');
    return 'done';
  } catch (err) {
    const f =
      err instanceof GraphFailure
        ? err
        : new GraphFailure(String((err as Error)?.message ?? err), undefined, undefined);
    const outcome = classifyGraphFailure(f.status, f.retryAfter, d.calendarAttempts, Date.now(), f.message);
    const delayMs = outcome.kind === 'gone' ? 60_000 : outcome.delayMs;
    log.warn({ err: f.message, status: f.status, delayMs }, 'dialogue calendar work failed; will retry');
    return later('retrying', delayMs, f.message);
  }
}
