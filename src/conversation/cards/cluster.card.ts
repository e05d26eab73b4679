import { trackLabel } from '../../domain/framework.js';
import type { ClusterView } from '../../views/clusters.js';
import { formatDate, formatTime } from '../../i18n/i18n.js';
import { card, container, execute, facts, good, heading, para, subtle, type Element } from './card-kit.js';
import { followButton } from './history.card.js';
import type { CardContext } from './card-context.js';
import { portfolioSection } from './portfolio.card.js';

const NAMES_PER_UNIT = 8;
const UNITS_SHOWN = 12;

export type ClusterRelation = 'outsider' | 'member' | 'coordinator';

export function relationOf(view: ClusterView, viewerId: string): ClusterRelation {
  if (view.coordinatorId === viewerId) return 'coordinator';
  return view.members.some((m) => m.personId === viewerId) ? 'member' : 'outsider';
}

/** Members grouped by the unit they came from, so everyone sees that the cluster crosses units. */
function membersByUnit(ctx: CardContext, view: ClusterView): Element[] {
  const c = ctx.s.clusters.card;
  const groups = new Map<string, string[]>();
  for (const m of view.members) {
    const unit = m.unitName ?? c.noUnit;
    groups.set(unit, [...(groups.get(unit) ?? []), m.name]);
  }
  const pairs: [string, string][] = [...groups.entries()]
    .slice(0, UNITS_SHOWN)
    .map(([unit, names]) => [
      `${unit} (${names.length})`,
      names.length > NAMES_PER_UNIT
        ? `${names.slice(0, NAMES_PER_UNIT).join(', ')} ${c.more(names.length - NAMES_PER_UNIT)}`
        : names.join(', '),
    ]);
  const rest = groups.size - UNITS_SHOWN;
  return [
    {
      type: 'TextBlock',
      text: `${c.membersByUnit}: ${c.members(view.memberCount)} ${c.units(groups.size)}`,
      weight: 'Bolder',
      wrap: true,
      spacing: 'Medium',
    },
    facts(pairs),
    ...(rest > 0 ? [subtle(c.more(rest))] : []),
  ];
}

/** Teams refuses a bot message over about 100 KB (msteams-docs format-your-bot-messages): the card names the first 20.
 * */
const EXTERNALS_SHOWN = 20;

function externals(ctx: CardContext, view: ClusterView): Element[] {
  const c = ctx.s.clusters.card;
  const shown = view.externals.slice(0, EXTERNALS_SHOWN);
  const text = shown.length
    ? shown.map((e) => `${e.name} (${e.organisation}${e.role ? `, ${e.role}` : ''})`).join('; ')
    : c.noExternals;
  const rest = view.externals.length - shown.length;
  return [
    { type: 'TextBlock', text: c.externals, weight: 'Bolder', wrap: true, spacing: 'Medium' },
    para(text, { spacing: 'None' }),
    ...(rest > 0 ? [subtle(c.moreExternals(rest))] : []),
  ];
}

/** The channel's state, said honestly: being created, waiting for what, failing and when we retry, ready. */
export function channelStatus(ctx: CardContext, view: ClusterView): Element {
  const ch = ctx.s.clusters.channel;
  const state = view.channel;
  if (!state) return subtle(ch.pending);
  const at = formatTime(state.nextAttemptAt, ctx.locale, ctx.timeZone);
  if (state.state === 'waiting')
    return para(ch.waiting[state.lastError ?? ''] ?? ch.pending, { color: 'Warning', size: 'Small' });
  if (state.state === 'retrying')
    return para(ch.retrying(state.lastError ?? '', at), { color: 'Attention', size: 'Small' });
  if (!state.webUrl) return subtle(ch.pending);
  return para(ch.ready, { color: 'Good', size: 'Small' });
}

/** What every cluster card shows, in chat and in the channel. */
export function clusterBody(ctx: CardContext, view: ClusterView): Element[] {
  const c = ctx.s.clusters.card;
  const review = formatDate(new Date(`${view.nextReviewOn}T12:00:00Z`), ctx.locale, ctx.timeZone);
  return [
    heading(c.title(view.name)),
    facts([
      [c.mission, `${view.missionTitle} (${ctx.s.status[view.missionStatus]})`],
      [ctx.s.list.track, trackLabel(ctx.framework, view.track, ctx.locale)],
      [c.coordinator, view.coordinatorName],
      [c.nextReview, review],
    ]),
    { type: 'TextBlock', text: c.purpose, weight: 'Bolder', wrap: true, spacing: 'Medium' },
    para(view.purpose, { spacing: 'None' }),
    ...membersByUnit(ctx, view),
    ...externals(ctx, view),
    ...portfolioSection(ctx, view),
    container([channelStatus(ctx, view)], { spacing: 'Medium' }),
  ];
}

/** Buttons that depend on who looks: join for outsiders, leave for members, manage for the coordinator. */
export function relationActions(ctx: CardContext, view: ClusterView, relation: ClusterRelation): Element[] {
  const a = ctx.s.clusters.actions;
  const id = { clusterId: view.id };
  const open = view.channel?.webUrl ? [{ type: 'Action.OpenUrl', title: a.openChannel, url: view.channel.webUrl }] : [];
  const portfolio = execute(ctx.s.portfolio.actions.portfolio, 'portfolio.view', id, { associatedInputs: 'none' });
  const review =
    view.openReview && relation !== 'outsider'
      ? [
          execute(
            ctx.s.portfolio.actions.continueReview,
            'review.view',
            { reviewId: view.openReview.id },
            { associatedInputs: 'none' },
          ),
        ]
      : [];
  if (relation === 'coordinator')
    return [execute(a.manage, 'cluster.manage', id, { style: 'positive' }), ...review, portfolio, ...open];
  if (relation === 'member')
    return [...review, portfolio, ...open, execute(a.leave, 'cluster.leave', id, { associatedInputs: 'none' })];
  return [execute(a.join, 'cluster.join', id, { style: 'positive' }), portfolio, ...open];
}

/** A cluster as one person sees it in chat, with a notice after an action. */
export function clusterCard(
  ctx: CardContext,
  view: ClusterView,
  notice?: string,
  following?: boolean,
): ReturnType<typeof card> {
  const relation = relationOf(view, ctx.viewer.id);
  const c = ctx.s.clusters.card;
  const mark =
    relation === 'coordinator' ? [good(c.youAreCoordinator)] : relation === 'member' ? [good(c.youAreMember)] : [];
  const follow = following === undefined ? [] : [followButton(ctx, 'cluster', view.id, following, { back: 'cluster' })];
  return card(
    [
      ...(notice ? [good(notice)] : []),
      ...clusterBody(ctx, view),
      ...mark,
      ...(following
        ? [para(ctx.s.following.follow.following, { color: 'Good', size: 'Small', spacing: 'Small' })]
        : []),
    ],
    [
      ...relationActions(ctx, view, relation),
      ...follow,
      execute(ctx.s.clusters.actions.mine, 'clusters.list', { scope: 'mine' }),
    ],
  );
}

/**
 * The status card in the cluster's channel. Everyone sees the same base card; `refresh` asks Teams to fetch
 * each listed member's own view (leave, manage), which Teams does automatically for at most 60 users.
 */
/**
 * The status card lives in the cluster's channel, so whatever posts or updates it has reached the channel: it
 * says the channel is ready, not an earlier try's failure ("Vi prøver igen kl. …"), which would otherwise stay
 * on it, since a ready channel's card is not sent again until the cluster changes.
 */
function asInItsChannel(view: ClusterView): ClusterView {
  return view.channel ? { ...view, channel: { ...view.channel, state: 'ready', lastError: null } } : view;
}

export function clusterStatusCard(ctx: CardContext, view: ClusterView): ReturnType<typeof card> {
  const userIds = refreshUserIds(view);
  // Teams refreshes the card by itself for the 60 listed users only (refresh.userIds): everyone else
  // gets a button that fetches their own view (leave, manage) on demand.
  const beyondRefresh = view.members.length > userIds.length;
  const base = card(clusterBody(ctx, asInItsChannel(view)), [
    ...(beyondRefresh
      ? [
          execute(
            ctx.s.clusters.actions.myButtons,
            'cluster.view',
            { clusterId: view.id, surface: 'channel' },
            { associatedInputs: 'none' },
          ),
        ]
      : []),
    execute(ctx.s.clusters.actions.join, 'cluster.join', { clusterId: view.id }),
    execute(ctx.s.portfolio.actions.portfolio, 'portfolio.view', { clusterId: view.id }, { associatedInputs: 'none' }),
    ...learningAction(ctx, view),
  ]);
  return { ...base, refresh: refreshAsViewer(ctx, view, userIds) };
}

/** Members Teams knows by their user id (they have talked to the bot), the coordinator first, at most 60. */
export function refreshUserIds(view: ClusterView): string[] {
  const ordered = [...view.members].sort(
    (a, b) => Number(b.personId === view.coordinatorId) - Number(a.personId === view.coordinatorId),
  );
  return ordered.flatMap((m) => (m.teamsUserId ? [m.teamsUserId] : [])).slice(0, 60);
}

function refreshAsViewer(ctx: CardContext, view: ClusterView, userIds: string[]) {
  const data = { verb: 'cluster.view', clusterId: view.id, surface: 'channel' };
  return {
    action: { type: 'Action.Execute', title: ctx.s.clusters.actions.view, verb: 'cluster.view', data },
    userIds,
  };
}

/** "Registrér læring" straight from the channel card, once the cluster has initiatives. */
function learningAction(ctx: CardContext, view: ClusterView) {
  const any = Object.values(view.portfolio ?? {}).some((n) => (n ?? 0) > 0);
  return any
    ? [
        execute(
          ctx.s.portfolio.actions.logLearning,
          'learning.form.open',
          { clusterId: view.id },
          { associatedInputs: 'none' },
        ),
      ]
    : [];
}

/** A member's own view of the channel card (returned to a refresh or an action in the channel). */
export function clusterChannelView(ctx: CardContext, view: ClusterView, notice?: string): ReturnType<typeof card> {
  const relation = relationOf(view, ctx.viewer.id);
  const learn = relation === 'outsider' ? [] : learningAction(ctx, view);
  const base = card(
    [...(notice ? [good(notice)] : []), ...clusterBody(ctx, view)],
    [...relationActions(ctx, view, relation), ...learn],
  );
  return { ...base, refresh: refreshAsViewer(ctx, view, []) };
}
