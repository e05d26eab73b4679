import type { BusyBlock } from '../domain/slots.js';

export interface EventAttendee {
  email: string;
  name: string;
}

export interface CalendarEvent {
  subject: string;
  /** HTML body (the agenda). */
  body: string;
  start: Date;
  end: Date;
  attendees: EventAttendee[];
}

/** An event as Graph answered for it: its Teams meeting's link (null when it has none) and its time. */
export interface CreatedEvent {
  eventId: string;
  joinUrl: string | null;
  webLink: string | null;
  start: Date | null;
  end: Date | null;
}

/** The calendar part of Microsoft Graph that dialogues need (application permissions); implemented in src/graph. */
export interface CalendarGraph {
  /** Free/busy of each address between two instants (`getSchedule`, read through the organiser's mailbox). */
  getSchedule(organizerId: string, emails: string[], start: Date, end: Date): Promise<Map<string, BusyBlock[]>>;
  /** Creates the event with a Teams meeting; `transactionId` makes a retried create return the first event. */
  createEvent(organizerId: string, event: CalendarEvent, transactionId: string): Promise<CreatedEvent>;
  /** Moves the event (time, subject, attendees); the body and its Teams meeting are left as they are. */
  updateEvent(organizerId: string, eventId: string, event: CalendarEvent): Promise<CreatedEvent>;
  /** Cancels the meeting and tells the attendees; an event already gone counts as cancelled. */
  cancelEvent(organizerId: string, eventId: string, comment: string): Promise<void>;
}

/** Why a dialogue's invitation waits: Graph has no credentials yet (the job and the first card say the same). */
export const CALENDAR_WAITING = 'graph-not-configured';
