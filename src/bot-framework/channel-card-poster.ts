import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { Framework } from '../domain/framework.js';
import type { ChannelCardPoster } from '../ports/channel-card.port.js';
import type { ClusterView } from '../views/clusters.js';
import { clusterStatusCard } from '../conversation/cards/cluster.card.js';
import { cardContext } from '../conversation/cards/card-context.js';
import { toSendError } from './proactive-messenger.js';
import { paceOnTheWire } from './wire-pacing.js';
import type { GiveBack } from '../lib/throttle.js';

export interface PosterDeps {
  adapter: CloudAdapter;
  botAppId: string;
  framework: Framework;
  timeZone: string;
  locale: 'da' | 'en';
  /** Waits until one more send fits the app's limits. */
  beforeSend(): Promise<GiveBack | void>;
}

/**
 * Posts a cluster's status card as a new post in its channel and later replaces that same post, through
 * the Bot Framework (Graph cannot post as an app). Failures surface as SendError with the HTTP status.
 */
export function createChannelCardPoster(d: PosterDeps): ChannelCardPoster {
  const render = (view: ClusterView) => {
    const ctx = cardContext({ id: '', name: '', roles: [], locale: d.locale }, d.framework, d.timeZone);
    return MessageFactory.attachment(CardFactory.adaptiveCard(clusterStatusCard(ctx, view)));
  };
  async function inChannel<T>(
    teamReference: Record<string, unknown>,
    channelId: string,
    fn: (ctx: TurnContext) => Promise<T>,
  ): Promise<T> {
    const ref = teamReference as Partial<ConversationReference>;
    const reference: Partial<ConversationReference> = {
      ...ref,
      conversation: {
        ...(ref.conversation as object),
        id: channelId,
        isGroup: true,
        conversationType: 'channel',
      } as ConversationReference['conversation'],
      activityId: undefined,
    };
    let result: T | undefined;
    let failure: unknown;
    try {
      await d.adapter.continueConversationAsync(d.botAppId, reference, async (ctx) => {
        try {
          paceOnTheWire(ctx, d.beforeSend);
          result = await fn(ctx);
        } catch (err) {
          failure = err; // an error escaping this callback would go to onTurnError and be swallowed
        }
      });
    } catch (err) {
      failure = err;
    }
    if (failure !== undefined) throw toSendError(failure);
    return result as T;
  }
  return {
    // The card is rendered before the send takes its slot, so the slot's time is the time it leaves.
    async post(teamReference, channelId, view) {
      const activity = render(view);
      const sent = await inChannel(teamReference, channelId, (ctx) => ctx.sendActivity(activity));
      if (!sent?.id) throw toSendError({ message: 'Teams did not return the id of the posted card' });
      return { activityId: sent.id };
    },
    async update(teamReference, channelId, activityId, view) {
      const activity = { ...render(view), id: activityId, type: ActivityTypes.Message };
      await inChannel(teamReference, channelId, (ctx) => ctx.updateActivity(activity));
    },
  };
}
