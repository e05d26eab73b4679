import { randomUUID } from 'node:crypto';
import type { ClusterService, MemberChange } from '../services/clusters.service.js';
import type { ClusterView } from '../views/clusters.js';
import type { CardAction } from './actions.js';
import type { CardContext } from './cards/card-context.js';
import type { Card } from './cards/card-kit.js';
import { clusterFormCard } from './cards/cluster-form.card.js';
import { clusterListCard, type ClusterListState } from './cards/cluster-list.card.js';
import { clusterManageCard, type ManageFeedback } from './cards/cluster-manage.card.js';
import { clusterCard, clusterChannelView } from './cards/cluster.card.js';
import { messageCard } from './cards/help.card.js';
import { ANY } from './cards/mission-list.card.js';
import { dispatch, type VerbHandlers } from './verb-handlers.js';

export type ClusterAction = Extract<CardAction, { verb: `cluster${string}` }>;
/** Where the action came from: the personal chat (full navigation) or a channel card (one user's view). */
export type Surface = 'chat' | 'channel';

export function isClusterAction(a: CardAction): a is ClusterAction {
  return a.verb.startsWith('cluster');
}

/** What a cluster verb's handler gets besides its action. */
interface ClusterTurn {
  ctx: CardContext;
  surface: Surface;
}

/** Cluster verbs: parse, call one service, render one card. */
export function createClusterRouter(
  clusters: ClusterService,
  isFollowing: (viewer: CardContext['viewer'], clusterId: string) => Promise<boolean>,
) {
  const show = async (ctx: CardContext, view: ClusterView, surface: Surface, notice?: string) =>
    surface === 'channel'
      ? clusterChannelView(ctx, view, notice)
      : clusterCard(ctx, view, notice, await isFollowing(ctx.viewer, view.id));

  async function list(ctx: CardContext, state: ClusterListState, notice?: string): Promise<Card> {
    const filter =
      state.scope === 'mine'
        ? { memberId: ctx.viewer.id }
        : { track: state.track, problem: state.problem, missionId: state.missionId };
    return clusterListCard(ctx, state, await clusters.list(ctx.viewer, filter, state.page), notice);
  }

  async function formOpen(
    ctx: CardContext,
    missionId?: string,
    values?: Record<string, unknown>,
    errors?: Record<string, string>,
  ): Promise<Card> {
    const missions = await clusters.formableMissions(ctx.viewer);
    const chosen = missionId ? missions.filter((m) => m.id === missionId) : missions;
    return clusterFormCard(
      ctx,
      typeof values?.formId === 'string' ? values.formId : randomUUID(),
      chosen,
      values,
      errors,
    );
  }

  /** Re-renders the cluster after a change, with the outcome said in words. */
  async function after(
    ctx: CardContext,
    clusterId: string,
    surface: Surface,
    outcome: MemberChange,
    texts: Partial<Record<MemberChange, string>>,
  ): Promise<Card> {
    const view = await clusters.get(clusterId);
    if (!view || outcome === 'notFound') return messageCard(ctx, ctx.s.clusters.outcome.notFound, 'attention');
    return show(ctx, view, surface, texts[outcome]);
  }

  async function manage(ctx: CardContext, clusterId: string, feedback: ManageFeedback = {}): Promise<Card> {
    const o = ctx.s.clusters.outcome;
    const view = await clusters.get(clusterId);
    if (!view) return messageCard(ctx, o.notFound, 'attention');
    if (view.coordinatorId !== ctx.viewer.id && !ctx.viewer.roles.includes('admin'))
      return show(ctx, view, 'chat', undefined);
    return clusterManageCard(ctx, view, feedback);
  }

  const managed = (
    ctx: CardContext,
    clusterId: string,
    r: MemberChange,
    ok: string,
    extra: Partial<Record<MemberChange, string>> = {},
  ) => {
    const o = ctx.s.clusters.outcome;
    const texts: Record<MemberChange, string | undefined> = {
      done: undefined,
      already: o.memberAlready,
      notFound: o.notFound,
      forbidden: o.forbidden,
      unknownPerson: ctx.s.clusters.form.unknownPerson,
      isCoordinator: o.cannotRemoveCoordinator,
      notMember: o.notMember,
      ...extra,
    };
    if (r === 'forbidden') return Promise.resolve(messageCard(ctx, o.forbidden, 'attention'));
    if (r === 'notFound') return Promise.resolve(messageCard(ctx, o.notFound, 'attention'));
    return manage(ctx, clusterId, r === 'done' ? { notice: ok } : { problem: texts[r] });
  };

  const handlers: VerbHandlers<ClusterAction, ClusterTurn, Card> = {
    'clusters.list': async (action, { ctx }) => {
      const chosen = (v: string | undefined, fallback: string | undefined) =>
        v === undefined ? fallback : v === ANY || v === '' ? undefined : v;
      return list(ctx, {
        scope: action.scope,
        page: action.page,
        track: chosen(action.filterTrack, action.track),
        problem: chosen(action.filterProblem, action.problem),
        missionId: action.missionId,
      });
    },
    'cluster.view': async (action, { ctx, surface }) => {
      const o = ctx.s.clusters.outcome;
      const view = await clusters.get(action.clusterId);
      return view ? show(ctx, view, surface) : messageCard(ctx, o.notFound, 'attention');
    },
    'cluster.join': async (action, { ctx, surface }) => {
      const viewer = ctx.viewer;
      const o = ctx.s.clusters.outcome;
      const r = await clusters.join(viewer, action.clusterId);
      const view = await clusters.get(action.clusterId);
      if (!view) return messageCard(ctx, o.notFound, 'attention');
      const text = r === 'done' ? o.joined(view.name) : o.alreadyMember(view.name);
      if (action.from === 'list')
        return list(
          ctx,
          {
            scope: action.scope,
            page: action.page,
            track: action.track,
            problem: action.problem,
            missionId: action.missionId,
          },
          text,
        );
      return show(ctx, view, surface, text);
    },
    'cluster.leave': async (action, { ctx, surface }) => {
      const viewer = ctx.viewer;
      const o = ctx.s.clusters.outcome;
      const r = await clusters.leave(viewer, action.clusterId);
      const view = await clusters.get(action.clusterId);
      return after(ctx, action.clusterId, surface, r, {
        done: o.left(view?.name ?? ''),
        isCoordinator: o.coordinatorCannotLeave,
        notMember: o.left(view?.name ?? ''),
      });
    },
    'cluster.form.open': async (action, { ctx }) => {
      return formOpen(ctx, action.missionId);
    },
    'cluster.form.cancel': async (_action, { ctx }) => {
      return messageCard(ctx, ctx.s.clusters.form.cancelled);
    },
    'cluster.form.submit': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const o = ctx.s.clusters.outcome;
      const raw = action as Record<string, unknown>;
      const missionId = typeof raw.missionId === 'string' ? raw.missionId : '';
      const r = await clusters.form(viewer, action.formId, missionId, raw);
      if (r.ok) {
        const view = (await clusters.get(r.clusterId))!;
        return show(ctx, view, 'chat', o.formed(view.name));
      }
      if ('errors' in r) return formOpen(ctx, undefined, raw, r.errors);
      return messageCard(
        ctx,
        r.reason === 'forbidden' ? ctx.s.clusters.form.forbidden : ctx.s.list.notFound,
        'attention',
      );
    },
    'cluster.manage': async (action, { ctx }) => {
      return manage(ctx, action.clusterId, { page: action.page });
    },
    'cluster.member.add': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const o = ctx.s.clusters.outcome;
      const r = await clusters.addMember(viewer, action.clusterId, action.who ?? '');
      return managed(ctx, action.clusterId, r, o.memberAdded);
    },
    'cluster.member.remove': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const o = ctx.s.clusters.outcome;
      return managed(
        ctx,
        action.clusterId,
        await clusters.removeMember(viewer, action.clusterId, action.personId),
        o.memberRemoved,
      );
    },
    'cluster.coordinator.set': async (action, { ctx, surface }) => {
      const viewer = ctx.viewer;
      const o = ctx.s.clusters.outcome;
      const r = await clusters.handOver(viewer, action.clusterId, action.personId);
      const view = await clusters.get(action.clusterId);
      const name = view?.members.find((m) => m.personId === action.personId)?.name ?? '';
      if (r === 'done' && view) return show(ctx, view, surface, o.coordinatorChanged(name));
      return managed(ctx, action.clusterId, r, o.coordinatorChanged(name));
    },
    'cluster.external.add': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const o = ctx.s.clusters.outcome;
      const raw = action as Record<string, unknown>;
      const r = await clusters.addExternal(viewer, action.clusterId, raw);
      if (r.ok) return manage(ctx, action.clusterId, { notice: o.externalAdded });
      if ('errors' in r) return manage(ctx, action.clusterId, { errors: r.errors, values: raw });
      return messageCard(ctx, r.reason === 'forbidden' ? o.forbidden : o.notFound, 'attention');
    },
    'cluster.external.remove': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const o = ctx.s.clusters.outcome;
      return managed(
        ctx,
        action.clusterId,
        await clusters.removeExternal(viewer, action.clusterId, action.externalId),
        o.externalRemoved,
        { notMember: o.externalRemoved },
      );
    },
  };

  async function handle(ctx: CardContext, action: ClusterAction, surface: Surface): Promise<Card> {
    return dispatch(handlers, action, { ctx, surface });
  }

  return { handle, list, formOpen };
}
export type ClusterRouter = ReturnType<typeof createClusterRouter>;
