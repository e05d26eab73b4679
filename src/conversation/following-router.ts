import type { ClusterService } from '../services/clusters.service.js';
import type { FollowingService } from '../services/following.service.js';
import type { HistoryService } from '../services/history.service.js';
import type { CardAction } from './actions.js';
import type { CardContext } from './cards/card-context.js';
import type { Card } from './cards/card-kit.js';
import { clusterCard } from './cards/cluster.card.js';
import { messageCard } from './cards/help.card.js';
import { historyCard, settingsCard } from './cards/history.card.js';
import type { ListState } from './cards/mission-list.card.js';
import { dispatch, type VerbHandlers } from './verb-handlers.js';

const VERBS = ['history.view', 'follow.set', 'settings.open', 'settings.save'] as const;
export type FollowingAction = Extract<CardAction, { verb: (typeof VERBS)[number] }>;

export function isFollowingAction(a: CardAction): a is FollowingAction {
  return (VERBS as readonly string[]).includes(a.verb);
}

export interface FollowingRouterDeps {
  history: HistoryService;
  following: FollowingService;
  clusters: ClusterService;
  /** The mission list as it was, with a line on top (the list the follow button was pressed in). */
  missionList(ctx: CardContext, state: ListState, notice?: string): Promise<Card>;
}

/** A mission's history, following missions and clusters, and one's own settings. */
export function createFollowingRouter(d: FollowingRouterDeps) {
  async function history(ctx: CardContext, missionId: string, page: number, notice?: string): Promise<Card> {
    const h = await d.history.mission(ctx.viewer, missionId, page);
    if (h === 'notFound') return messageCard(ctx, ctx.s.following.history.notFound, 'attention');
    return historyCard(ctx, h, notice);
  }

  async function settings(ctx: CardContext, feedback: { notice?: string; problem?: string } = {}): Promise<Card> {
    const [current, followed] = await Promise.all([d.following.settings(ctx.viewer), d.following.followed(ctx.viewer)]);
    return settingsCard(ctx, current, followed, feedback);
  }

  const handlers: VerbHandlers<FollowingAction, CardContext, Card> = {
    'history.view': (action, ctx) => history(ctx, action.missionId, action.page),
    'follow.set': async (action, ctx) => {
      const t = ctx.s.following.follow;
      const r = await d.following.set(ctx.viewer, action.entity, action.id, action.follow);
      if (r.outcome === 'notFound') return messageCard(ctx, t.notFound, 'attention');
      if (r.outcome === 'unfollowedUnseen')
        return action.back === 'settings'
          ? settings(ctx, { notice: t.unfollowedUnseen })
          : messageCard(ctx, t.unfollowedUnseen);
      const title = r.title ?? '';
      const notice =
        r.outcome === 'followed'
          ? t.followed(title, (await d.following.settings(ctx.viewer)).digest)
          : r.outcome === 'already'
            ? t.already(title)
            : t.unfollowed(title);
      switch (action.back) {
        case 'history':
          return history(ctx, action.id, action.page, notice);
        case 'settings':
          return settings(ctx, { notice });
        case 'cluster': {
          const view = await d.clusters.get(action.id);
          if (!view) return messageCard(ctx, t.notFound, 'attention');
          return clusterCard(ctx, view, notice, await d.following.isFollowing(ctx.viewer, 'cluster', view.id));
        }
        case 'list':
          return d.missionList(
            ctx,
            { scope: action.scope, page: action.page, track: action.track, problem: action.problem },
            notice,
          );
      }
    },
    'settings.open': (_action, ctx) => settings(ctx),
    'settings.save': async (action, ctx) => {
      const raw = action as Record<string, unknown>;
      const outcome = await d.following.saveSettings(ctx.viewer, { digest: raw.digest, showSupport: raw.showSupport });
      const t = ctx.s.following.settings;
      const feedback = {
        saved: { notice: t.saved },
        invalidDigest: { problem: t.invalid },
        invalidShowSupport: { problem: t.invalidShowSupport },
      }[outcome];
      return settings(ctx, feedback);
    },
  };

  return {
    handle: (ctx: CardContext, action: FollowingAction) => dispatch(handlers, action, ctx),
  };
}
