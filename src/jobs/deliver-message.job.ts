import type pg from 'pg';
import type { Logger } from 'pino';
import { NoticeSchema, type Notice } from '../domain/notice.js';
import type { KeyedLock } from '../lib/keyed-lock.js';
import type { StoredReference } from '../views/conversations.js';
import { waitBeforeSend } from '../domain/rate-limit.js';
import { backoffMs, classifySendFailure } from '../domain/retry.js';
import { findChannelRef } from '../store/channels.repository.js';
import { findConversationRef } from '../store/conversations.repository.js';
import {
  claimOutbox,
  getOutbox,
  markDelivered,
  markFailed,
  postpone,
  type OutboxRow,
} from '../store/outbox.repository.js';
import { sendTimes } from '../store/send-log.repository.js';
import { findPerson } from '../store/people.repository.js';
import { SendError, type Messenger } from '../ports/messenger.port.js';
import { soonAgain } from './send-retry.js';

export interface DeliverDeps {
  pool: pg.Pool;
  messenger: Messenger;
  defaultLocale: 'da' | 'en';
  logger: Logger;
  /** Wakes the queue again after a delay; the outbox row keeps the truth, this only saves waiting for the sweeper. */
  retryLater(outboxId: string, delayMs: number): Promise<void>;
  /**
   * Deliveries run side by side; this keeps those to one person's chat or one cluster's channel in line, so
   * its limits are read and its sends logged one at a time (a wait for Teams' Retry-After holds up that
   * conversation only).
   */
  oneAtATime: KeyedLock;
}

export type DeliverOutcome = 'delivered' | 'skipped' | 'postponed' | 'failed';

const LEASE_SECONDS = 60;

/** Delivers one outbox row: at most one worker holds it, limits and Retry-After are honoured, no send is lost. */
export async function deliverMessage(deps: DeliverDeps, outboxId: string): Promise<DeliverOutcome> {
  const target = await getOutbox(deps.pool, outboxId);
  if (!target || target.deliveredAt || target.failedAt) return 'skipped';
  // One chat or channel per person or cluster: its rows wait in line here, and a row is claimed (its lease
  // starts) only when its turn comes, so no lease runs out while it waits and no other worker sends it too.
  const key = target.clusterId ? `cluster:${target.clusterId}` : `person:${target.personId}`;
  return deps.oneAtATime(key, () => claimAndSend(deps, outboxId));
}

async function claimAndSend(deps: DeliverDeps, outboxId: string): Promise<DeliverOutcome> {
  const { pool, logger } = deps;
  const row = await claimOutbox(pool, outboxId, LEASE_SECONDS);
  if (!row) return 'skipped';
  const log = logger.child({ outboxId, personId: row.personId, clusterId: row.clusterId, attempt: row.attempts });
  const later = async (delayMs: number, why: string, conversationId?: string): Promise<DeliverOutcome> => {
    await postpone(pool, row.id, delayMs, why, conversationId);
    await deps.retryLater(row.id, delayMs);
    log.info({ delayMs, why }, 'delivery postponed');
    return 'postponed';
  };
  const notice = NoticeSchema.safeParse(row.payload);
  if (!notice.success) {
    await markFailed(pool, row.id, 'unreadable payload');
    log.error('outbox payload does not match the notice schema');
    return 'failed';
  }
  const reference = row.clusterId
    ? await findChannelRef(pool, row.clusterId)
    : await findConversationRef(pool, row.personId!);
  if (!reference) {
    const why = row.clusterId ? 'the cluster channel is not ready yet' : 'no conversation with the person yet';
    return later(backoffMs(row.attempts, 60_000, 6 * 3_600_000), why);
  }
  return send(deps, row, reference, notice.data, log, later);
}

async function send(
  deps: DeliverDeps,
  row: OutboxRow,
  reference: StoredReference,
  notice: Notice,
  log: Logger,
  later: (delayMs: number, why: string, conversationId?: string) => Promise<DeliverOutcome>,
): Promise<DeliverOutcome> {
  const { pool } = deps;
  const conversationId = reference.conversation.id;
  // Read in this conversation's turn: the sends before it in line are in the log by now.
  const wait = waitBeforeSend(await sendTimes(pool, conversationId), Date.now());
  if (wait > 0) return later(wait, 'rate limit for the conversation', conversationId);
  const person = row.personId ? await findPerson(pool, row.personId) : undefined;
  try {
    const { activityId } = await soonAgain(() =>
      deps.messenger.send(reference, notice, person?.locale ?? deps.defaultLocale),
    );
    await markDelivered(pool, row.id, conversationId, activityId);
    log.info('message delivered');
    return 'delivered';
  } catch (err) {
    const status = err instanceof SendError ? err.status : undefined;
    const outcome = classifySendFailure(
      status,
      err instanceof SendError ? err.retryAfter : undefined,
      row.attempts,
      Date.now(),
    );
    if (outcome.kind === 'permanent') {
      await markFailed(pool, row.id, outcome.reason);
      log.warn({ reason: outcome.reason }, 'delivery failed permanently');
      return 'failed';
    }
    if (outcome.kind === 'unknown') log.warn({ err }, 'delivery failed, will retry');
    return later(outcome.delayMs, outcome.reason, conversationId);
  }
}
