import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { Notice } from '../domain/notice.js';
import { SendError, type Messenger } from '../ports/messenger.port.js';
import type { StoredReference } from '../views/conversations.js';
import { noticeCard } from '../conversation/cards/notice.card.js';
import { strings } from '../i18n/i18n.js';
import { paceOnTheWire } from './wire-pacing.js';
import type { GiveBack } from '../lib/throttle.js';

/** Sends notices into stored conversations through the Bot Framework, reporting failures with their HTTP status. */
export function createProactiveMessenger(
  adapter: CloudAdapter,
  botAppId: string,
  timeZone: string,
  beforeSend: () => Promise<GiveBack | void> = async () => undefined,
): Messenger {
  return {
    async send(reference: StoredReference, notice: Notice, locale: 'da' | 'en') {
      const card = noticeCard({ s: strings(locale), locale, timeZone }, notice);
      let activityId: string | undefined;
      let failure: unknown;
      try {
        await adapter.continueConversationAsync(
          botAppId,
          reference as unknown as Partial<ConversationReference>,
          async (ctx) => {
            // Caught here: an error escaping this callback goes to onTurnError, which would swallow it.
            try {
              paceOnTheWire(ctx, beforeSend);
              activityId = (await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card))))?.id;
            } catch (err) {
              failure = err;
            }
          },
        );
      } catch (err) {
        failure = err;
      }
      if (failure !== undefined) throw toSendError(failure);
      return { activityId };
    },
  };
}

export function toSendError(err: unknown): SendError {
  const e = err as {
    statusCode?: number;
    status?: number;
    response?: { status?: number; headers?: unknown };
    message?: string;
  };
  const status = e.statusCode ?? e.response?.status ?? e.status;
  const headers = e.response?.headers as
    { get?: (n: string) => string | undefined } | Record<string, string> | undefined;
  const retryAfter =
    headers && typeof (headers as { get?: unknown }).get === 'function'
      ? (headers as { get: (n: string) => string | undefined }).get('retry-after')
      : (headers as Record<string, string> | undefined)?.['retry-after'];
  return new SendError(
    `send failed: ${e.message ?? 'unknown error'}`,
    typeof status === 'number' ? status : undefined,
    retryAfter ?? null,
  );
}
