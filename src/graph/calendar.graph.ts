import type { Client } from '@microsoft/microsoft-graph-client';
import type { BusyBlock, BusyStatus } from '../domain/slots.js';
import { GraphFailure } from '../ports/channel-graph.port.js';
import type { CalendarEvent, CalendarGraph, CreatedEvent } from '../ports/calendar.port.js';
import { call } from './channels.graph.js';
import type { GraphEventResource, GraphPage, GraphScheduleInformation } from './graph-types.js';

const enc = encodeURIComponent;
/** Graph's date-time without offset, read as UTC (we always ask in UTC). */
const utc = (d: Date) => ({ dateTime: d.toISOString().replace(/\.\d{3}Z$/, ''), timeZone: 'UTC' });
const fromGraph = (t: { dateTime: string; timeZone?: string }) =>
  new Date(/[zZ]|[+-]\d\d:\d\d$/.test(t.dateTime) ? t.dateTime : `${t.dateTime}Z`);

const STATUSES: Record<string, BusyStatus> = {
  free: 'free',
  tentative: 'tentative',
  busy: 'busy',
  oof: 'oof',
  workingelsewhere: 'workingElsewhere',
  unknown: 'unknown',
};

function eventBody(e: CalendarEvent) {
  return {
    subject: e.subject,
    body: { contentType: 'HTML', content: e.body },
    start: utc(e.start),
    end: utc(e.end),
    attendees: e.attendees.map((a) => ({ emailAddress: { address: a.email, name: a.name }, type: 'required' })),
    isOnlineMeeting: true,
    onlineMeetingProvider: 'teamsForBusiness',
    allowNewTimeProposals: true,
  };
}

const created = (r: GraphEventResource): CreatedEvent => ({
  eventId: r.id,
  joinUrl: r.onlineMeeting?.joinUrl ?? null,
  webLink: r.webLink ?? null,
});

/** Free/busy and events through the real Graph client. */
export function createCalendarGraph(client: Client): CalendarGraph {
  return {
    async getSchedule(organizerId, emails, start, end) {
      const res = await call<GraphPage<GraphScheduleInformation>>(() =>
        client
          .api(`/users/${enc(organizerId)}/calendar/getSchedule`)
          .header('Prefer', 'outlook.timezone="UTC"')
          .post({ schedules: emails, startTime: utc(start), endTime: utc(end), availabilityViewInterval: 30 }),
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
            start: fromGraph(i.start),
            end: fromGraph(i.end),
            status: STATUSES[String(i.status).toLowerCase()] ?? 'unknown',
          })),
        );
      }
      for (const e of emails)
        if (!out.has(e.toLowerCase())) throw new GraphFailure(`No free/busy returned for ${e}`, 400, 'ScheduleMissing');
      return out;
    },
    async createEvent(organizerId, event, transactionId) {
      return created(
        await call(() => client.api(`/users/${enc(organizerId)}/events`).post({ ...eventBody(event), transactionId })),
      );
    },
    async updateEvent(organizerId, eventId, event) {
      return created(
        await call(() => client.api(`/users/${enc(organizerId)}/events/${enc(eventId)}`).patch(eventBody(event))),
      );
    },
    async cancelEvent(organizerId, eventId, comment) {
      try {
        await call(() => client.api(`/users/${enc(organizerId)}/events/${enc(eventId)}/cancel`).post({ comment }));
      } catch (err) {
        if (err instanceof GraphFailure && err.status === 404) return; // already gone
        throw err;
      }
    },
  };
}
