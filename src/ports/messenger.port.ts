import type { Notice } from '../domain/notice.js';
import type { StoredReference } from '../views/conversations.js';

/** A failed send, with what the channel said so the queue can decide when to try again. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfter?: string | null,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/** Sends a proactive message into a stored conversation; implemented by the Teams adapter. */
export interface Messenger {
  send(reference: StoredReference, notice: Notice, locale: 'da' | 'en'): Promise<{ activityId?: string }>;
}
