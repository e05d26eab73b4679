import type { DialogueStatus, Topic } from '../domain/dialogue.js';

export interface Participant {
  id: string;
  name: string;
  email: string | null;
}

/** What the agenda carries besides the three topics, frozen when the dialogue is planned. */
export interface Agenda {
  openAgreements: { text: string; ownerName: string; dueOn: string }[];
  clusters: { name: string; initiatives: { title: string; stage: string }[] }[];
}

export interface DialogueView {
  id: string;
  unitId: string;
  unitName: string;
  contractHolder: Participant;
  departmentHead: Participant;
  director: Participant;
  status: DialogueStatus;
  startsAt: Date;
  endsAt: Date;
  agenda: Agenda;
  eventId: string | null;
  /** The transactionId the event was, or is being, created with (a lost answer is recovered by it). */
  eventTransactionId: string | null;
  /** The Teams meeting's link as Graph last answered (null when the event has no meeting). */
  joinUrl: string | null;
  webLink: string | null;
  calendarState: 'pending' | 'waiting' | 'retrying' | 'ready';
  calendarError: string | null;
  calendarNextAt: Date;
  calendarAttempts: number;
  calendarVersion: number;
  calendarSyncedVersion: number;
  notes: Partial<Record<Topic, string>> | null;
  outcomeRecordedAt: Date | null;
  outcomeKey: string | null;
}

export interface PlannableUnit {
  id: string;
  name: string;
  leaderId: string | null;
  departmentHeadId: string | null;
  directorId: string | null;
}

export interface UnitDialogueState {
  unitId: string;
  unitName: string;
  lastHeld: Date | null;
  nextPlanned: Date | null;
  heldInPeriod: number;
}

/** Agreements made in contract-holder dialogues: who does what by when, and whether it is done. */
export interface Agreement {
  id: string;
  dialogueId: string;
  text: string;
  ownerId: string;
  ownerName: string;
  dueOn: string;
  status: 'open' | 'done';
  doneAt: Date | null;
}
