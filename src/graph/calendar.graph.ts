import type { Client } from '@microsoft/microsoft-graph-client';
import type { DateTimeTimeZone, Event, ScheduleInformation } from '@microsoft/microsoft-graph-types';
import type { BusyBlock, BusyStatus } from '../domain/slots.js';
import { GraphFailure } from '../ports/channel-graph.port.js';
import type { CalendarEvent, CalendarGraph, CreatedEvent } from '../ports/calendar.port.js';
import { call, type GraphPage } from './channels.graph.js';
import { GRAPH_OPERATIONS as OPS, graphPath, type GraphBody } from './graph-operations.js';

/** Graph's date-time without offset, read as UTC (we always ask in UTC). */
const utc = (d: Date) => ({ dateTime: d.toISOString().replace(/\.\d{3}Z$/, ''), timeZone: 'UTC' });
const fromGraph = (t: DateTimeTimeZone) => {
  const at = t.dateTime ?? '';
  return new Date(/[zZ]|[+-]\d\d:\d\d$/.test(at) ? at : `${at}Z`);
};

const STATUSES: Record<string, BusyStatus> = {
  free: 'free',
  tentative: 'tentative',
  busy: 'busy',
  oof: 'oof',
  workingelsewhere: 'workingElsewhere',
  unknown: 'unknown',
};

const attendees = (e: CalendarEvent) =>
  e.attendees.map((a) => ({ emailAddress: { address: a.email, name: a.name }, type: 'required' as const }));

/** A new event with its Teams meeting (user-post-events); Graph writes the meeting blob into the body. */
function newEvent(e: CalendarEvent, transactionId: string): GraphBody<typeof OPS.createEvent.endpoint> {
  return {
    subject: e.subject,
    body: { contentType: 'html', content: e.body },
    start: utc(e.start),
    end: utc(e.end),
    attendees: attendees(e),
    isOnlineMeeting: true,
    onlineMeetingProvider: 'teamsForBusiness',
    allowNewTimeProposals: true,
    transactionId,
  };
}

/**
 * A move (event-update): only properties that page lists, and never the body. "Inadvertently removing the
 * meeting blob from the body would disable meeting online", and setting isOnlineMeeting again does not bring
 * the meeting back (resources/event: Outlook ignores further changes to it).
 */
function moved(e: CalendarEvent): GraphBody<typeof OPS.updateEvent.endpoint> {
  return { subject: e.subject, start: utc(e.start), end: utc(e.end), attendees: attendees(e) };
}

/** What Graph says the event is now: its meeting's link (or none), and its time. */
function created(r: Event): CreatedEvent {
  if (!r.id) throw new GraphFailure('Microsoft Graph answered without an event id', undefined, 'NoId');
  return {
    eventId: r.id,
    joinUrl: r.onlineMeeting?.joinUrl ?? null,
    webLink: r.webLink ?? null,
    start: r.start ? fromGraph(r.start) : null,
    end: r.end ? fromGraph(r.end) : null,
  };
}

/** Free/busy and events through the real Graph client. */
export function createCalendarGraph(client: Client): CalendarGraph {
  return {
    async getSchedule(organizerId, emails, start, end) {
      // Action parameters by the names Graph's metadata gives them (as the getSchedule concept page writes them).
      const body: GraphBody<typeof OPS.getSchedule.endpoint> = {
        Schedules: emails,
        StartTime: utc(start),
        EndTime: utc(end),
        AvailabilityViewInterval: 30,
      };
      const res = await call<GraphPage<ScheduleInformation>>(() =>
        client
          .api(graphPath(OPS.getSchedule.endpoint, { 'user-id': organizerId }))
          .header('Prefer', 'outlook.timezone="UTC"')
          .post(body),
      );
      const out = new Map<string, BusyBlock[]>();
      for (const s of res?.value ?? []) {
        // A calendar Graph could not read is not a free calendar: the caller must know.
        if (s.error)
          throw new GraphFailure(
            `Free/busy of ${s.scheduleId} could not be read: ${s.error.message ?? s.error.responseCode ?? 'unknown'}`,
            400,
            'ScheduleError',
          );
        out.set(
          String(s.scheduleId).toLowerCase(),
          (s.scheduleItems ?? []).map((i) => ({
            start: fromGraph(i.start ?? {}),
            end: fromGraph(i.end ?? {}),
            status: STATUSES[String(i.status).toLowerCase()] ?? 'unknown',
          })),
        );
      }
      for (const e of emails)
        if (!out.has(e.toLowerCase())) throw new GraphFailure(`No free/busy returned for ${e}`, 400, 'ScheduleMissing');
      return out;
    },
    async createEvent(organizerId, event, transactionId) {
      const path = graphPath(OPS.createEvent.endpoint, { 'user-id': organizerId });
      return created(await call<Event>(() => client.api(path).post(newEvent(event, transactionId))));
    },
    async updateEvent(organizerId, eventId, event) {
      const path = graphPath(OPS.updateEvent.endpoint, { 'user-id': organizerId, 'event-id': eventId });
      return created(await call<Event>(() => client.api(path).patch(moved(event))));
    },
    async cancelEvent(organizerId, eventId, comment) {
      const path = graphPath(OPS.cancelEvent.endpoint, { 'user-id': organizerId, 'event-id': eventId });
      const body: GraphBody<typeof OPS.cancelEvent.endpoint> = { Comment: comment };
      try {
        await call(() => client.api(path).post(body));
      } catch (err) {
        if (err instanceof GraphFailure && err.status === 404) return; // already gone
        throw err;
      }
    },
  };
}
