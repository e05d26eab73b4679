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
