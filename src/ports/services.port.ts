import type { Role } from '../domain/roles.js';

/** Who is acting, as the directory knows them (never as the message claims). */
export interface Viewer {
  id: string;
  name: string;
  roles: Role[];
  locale: 'da' | 'en';
}

/** Hands outbox rows to the job queue right after the transaction that wrote them commits. */
export interface DeliveryScheduler {
  deliverSoon(outboxIds: string[]): Promise<void>;
}

/** Hands clusters whose channel must catch up (creation, members, status card) to the job queue. */
export interface ChannelScheduler {
  syncChannelsSoon(clusterIds: string[]): Promise<void>;
}

/** Hands dialogues whose calendar event must catch up to the job queue. */
export interface CalendarScheduler {
  syncCalendarsSoon(dialogueIds: string[]): Promise<void>;
}
