import { randomUUID } from 'node:crypto';
import type { Framework } from '../domain/framework.js';
import type { ClusterService } from '../services/clusters.service.js';
import type { MissionService } from '../services/missions.service.js';
import type { PortfolioService } from '../services/portfolio.service.js';
import type { OverviewService } from '../services/overview.service.js';
import { QUEUE_PAGE_SIZE, type QueueState } from '../services/missions.service.js';
import type { DialogueService } from '../services/dialogues.service.js';
import { createDialogueRouter, isDialogueAction, type DialogueAction } from './dialogue-router.js';
import { digestCard, overviewCard } from './cards/overview.card.js';
import type { Viewer } from '../ports/services.port.js';
import type { CardAction } from './actions.js';
import { cardContext, type CardContext } from './cards/card-context.js';
import type { Card } from './cards/card-kit.js';
import { decisionQueueCard, type QueueFeedback } from './cards/decision-queue.card.js';
import { helpCard, messageCard, personalOnlyCard } from './cards/help.card.js';
import { ANY, missionListCard, type ListState } from './cards/mission-list.card.js';
import { proposalConfirmationCard, proposeFormCard } from './cards/propose-form.card.js';
import { welcomeCard } from './cards/welcome.card.js';
import { createClusterRouter, isClusterAction, type ClusterAction, type Surface } from './cluster-router.js';
import type { Command } from './commands.js';
import { createPortfolioRouter, isPortfolioAction, type PortfolioAction } from './portfolio-router.js';
import { dispatch, type VerbHandlers } from './verb-handlers.js';
import { createFollowingRouter, isFollowingAction, type FollowingAction } from './following-router.js';
import type { FollowingService } from '../services/following.service.js';
import type { HistoryService } from '../services/history.service.js';

/** The verbs this router handles itself; clusters, portfolios and dialogues have routers of their own. */
type CoreAction = Exclude<CardAction, ClusterAction | PortfolioAction | DialogueAction | FollowingAction>;

export interface RouterDeps {
  missions: MissionService;
  clusters: ClusterService;
  portfolio: PortfolioService;
  overview: OverviewService;
  dialogues: DialogueService;
  history: HistoryService;
  following: FollowingService;
  framework: Framework;
  timeZone: string;
  setLocale(personId: string, locale: 'da' | 'en'): Promise<void>;
}

/** Turns a card action or a typed command into the card the user sees next. Thin: parse, call one service, render. */
export function createActionRouter(deps: RouterDeps) {
  const ctxFor = (viewer: Viewer) => cardContext(viewer, deps.framework, deps.timeZone);
  const clusters = createClusterRouter(deps.clusters, (viewer, id) =>
    deps.following.isFollowing(viewer, 'cluster', id),
  );
  const portfolio = createPortfolioRouter(deps.portfolio);
  const dialogues = createDialogueRouter(deps.dialogues);

  async function list(ctx: CardContext, state: ListState, notice?: string): Promise<Card> {
    const page = await deps.missions.list(
      ctx.viewer,
      state.scope,
      { track: state.track, problem: state.problem },
      state.page,
    );
    return missionListCard(ctx, state, page, notice);
  }
  const following = createFollowingRouter({
    history: deps.history,
    following: deps.following,
    clusters: deps.clusters,
    missionList: list,
  });

  async function queue(ctx: CardContext, state: QueueState, feedback?: QueueFeedback): Promise<Card> {
    let result = await deps.missions.decisionQueue(ctx.viewer, state);
    if (result === 'forbidden') return messageCard(ctx, ctx.s.decisions.forbidden, 'attention');
    if (result.items.length === 0 && state.page > 0) {
      // The last one on this page was just decided: show the last page that still has some.
      state = { ...state, page: Math.max(0, Math.ceil(result.matching / QUEUE_PAGE_SIZE) - 1) };
      const again = await deps.missions.decisionQueue(ctx.viewer, state);
      if (again !== 'forbidden') result = again;
    }
    return decisionQueueCard(ctx, state, result, feedback);
  }

  /** The queue's state from an action: the filter inputs when "Filtrér" was pressed, else what paging carried. */
  function queueState(a: {
    page: number;
    track?: string;
    problem?: string;
    order?: 'oldest' | 'newest';
    filterTrack?: string;
    filterProblem?: string;
    filterOrder?: string;
  }): QueueState {
    const chosen = (v: string | undefined, fallback: string | undefined) =>
      v === undefined ? fallback : v === ANY || v === '' ? undefined : v;
    const order = a.filterOrder === 'newest' || a.filterOrder === 'oldest' ? a.filterOrder : a.order;
    return { page: a.page, track: chosen(a.filterTrack, a.track), problem: chosen(a.filterProblem, a.problem), order };
  }

  async function overview(ctx: CardContext, days?: number): Promise<Card> {
    const page = await deps.overview.overview(ctx.viewer, days);
    return page === 'forbidden' ? messageCard(ctx, ctx.s.overview.forbidden, 'attention') : overviewCard(ctx, page);
  }

  const digest = async (ctx: CardContext, from?: string, to?: string) =>
    digestCard(ctx, await deps.overview.digestPage(ctx.locale, from, to));

  const handlers: VerbHandlers<CoreAction, { ctx: CardContext; viewer: Viewer }, Card> = {
    help: async (_action, { ctx }) => {
      return helpCard(ctx);
    },
    'propose.open': async (_action, { ctx }) => {
      return proposeFormCard(ctx, randomUUID());
    },
    'propose.cancel': async (_action, { ctx }) => {
      return messageCard(ctx, ctx.s.form.cancelled);
    },
    'propose.submit': async (action, { ctx, viewer }) => {
      const result = await deps.missions.propose(viewer, action.formId, action);
      if (!result.ok) return proposeFormCard(ctx, action.formId, action as Record<string, string>, result.errors);
      return proposalConfirmationCard(ctx, result.mission);
    },
    'missions.list': async (action, { ctx }) => {
      // Filter inputs arrive as filterTrack/filterProblem when the user pressed "Filtrér"; paging carries
      // track/problem.
      const chosen = (v: string | undefined, fallback: string | undefined) =>
        v === undefined ? fallback : v === ANY || v === '' ? undefined : v;
      const track = chosen(action.filterTrack, action.track);
      const problem = chosen(action.filterProblem, action.problem);
      return list(ctx, { scope: action.scope, page: action.page, track, problem });
    },
    'mission.support': async (action, { ctx, viewer }) => {
      const outcome = await deps.missions.support(viewer, action.missionId);
      const state = { scope: action.scope, page: action.page, track: action.track, problem: action.problem };
      if (outcome === 'notFound') return list(ctx, state, ctx.s.list.notFound);
      const mission = await deps.missions.get(viewer, action.missionId);
      const title = mission?.title ?? '';
      return list(ctx, state, outcome === 'added' ? ctx.s.list.supportAdded(title) : ctx.s.list.supportAlready(title));
    },
    'decisions.list': async (action, { ctx }) => {
      return queue(ctx, queueState(action));
    },
    'mission.decide': async (action, { ctx, viewer }) => {
      const reasonValue = (action as Record<string, unknown>)[`reason-${action.missionId}`];
      const reason = typeof reasonValue === 'string' ? reasonValue : undefined;
      const r = await deps.missions.decide(viewer, action.missionId, action.decision, reason);
      if (r.ok)
        return queue(ctx, queueState(action), {
          notice: ctx.s.decisions.decided(r.mission.title, ctx.s.status[r.mission.status]),
        });
      switch (r.reason) {
        case 'forbidden':
          return messageCard(ctx, ctx.s.decisions.forbidden, 'attention');
        case 'notFound':
          return queue(ctx, queueState(action), { notice: ctx.s.list.notFound });
        case 'alreadyDecided': {
          const current = await deps.missions.get(viewer, action.missionId);
          const status = ctx.s.status[current?.status ?? r.mission.status];
          return queue(ctx, queueState(action), { notice: ctx.s.decisions.alreadyDecided(r.mission.title, status) });
        }
        case 'invalidReason':
          return queue(ctx, queueState(action), { error: { missionId: action.missionId, code: r.error, reason } });
      }
    },
    'mission.conclude': async (action, { ctx, viewer }) => {
      const value = (action as Record<string, unknown>)[`conclude-${action.missionId}`];
      const r = await deps.missions.conclude(viewer, action.missionId, typeof value === 'string' ? value : undefined);
      const state = { scope: action.scope, page: action.page, track: action.track, problem: action.problem };
      if (r.ok) return list(ctx, state, ctx.s.decisions.concluded(r.mission.title));
      if (r.reason === 'forbidden') return messageCard(ctx, ctx.s.decisions.forbidden, 'attention');
      if (r.reason === 'notActive') return list(ctx, state, ctx.s.decisions.notActive(r.mission?.title ?? ''));
      if (r.reason === 'invalidReason') return list(ctx, state, ctx.s.fieldErrors.tooLong(1000));
      return list(ctx, state, ctx.s.list.notFound);
    },
    'overview.view': async (action, { ctx }) => {
      return overview(ctx, action.days);
    },
    'digest.view': async (action, { ctx }) => {
      return digest(ctx, action.digestFrom, action.digestTo);
    },
    'settings.locale': async (action, { viewer }) => {
      await deps.setLocale(viewer.id, action.locale);
      const next = ctxFor({ ...viewer, locale: action.locale });
      return helpCard(next, next.s.language.changed);
    },
  };

  async function handle(viewer: Viewer, action: CardAction, surface: Surface = 'chat'): Promise<Card> {
    const ctx = ctxFor(viewer);
    if (isClusterAction(action)) return clusters.handle(ctx, action, surface);
    if (isPortfolioAction(action)) return portfolio.handle(ctx, action);
    if (isDialogueAction(action)) return dialogues.handle(ctx, action);
    if (isFollowingAction(action)) return following.handle(ctx, action);
    return dispatch(handlers, action, { ctx, viewer });
  }

  /** Typed commands ("hjælp", "mine", …), one handler each: a command without one is a type error. */
  const commands: Record<Command, (ctx: CardContext) => Promise<Card>> = {
    welcome: async (ctx) => welcomeCard(ctx),
    help: async (ctx) => helpCard(ctx),
    propose: async (ctx) => proposeFormCard(ctx, randomUUID()),
    mine: async (ctx) => list(ctx, { scope: 'mine', page: 0 }),
    all: async (ctx) => list(ctx, { scope: 'all', page: 0 }),
    decisions: async (ctx) => queue(ctx, { page: 0 }),
    myClusters: async (ctx) => clusters.list(ctx, { scope: 'mine', page: 0 }),
    findClusters: async (ctx) => clusters.list(ctx, { scope: 'all', page: 0 }),
    formCluster: async (ctx) => clusters.formOpen(ctx),
    logLearning: async (ctx) => portfolio.learningForm(ctx),
    overview: async (ctx) => overview(ctx),
    planDialogue: async (ctx) => dialogues.planForm(ctx),
    myDialogues: async (ctx) => dialogues.list(ctx),
    dialogueArea: async (ctx) => dialogues.handle(ctx, { verb: 'dialogues.area' }),
    digest: async (ctx) => digest(ctx),
    settings: async (ctx) => following.handle(ctx, { verb: 'settings.open' }),
  };

  async function command(viewer: Viewer, cmd: Command | undefined, text: string): Promise<Card> {
    const ctx = ctxFor(viewer);
    if (cmd) return commands[cmd](ctx);
    return text ? helpCard(ctx, ctx.s.help.notUnderstood(text.slice(0, 80))) : helpCard(ctx);
  }

  return {
    handle,
    command,
    welcome: (viewer: Viewer) => welcomeCard(ctxFor(viewer)),
    /**
     * Something for one person asked for where others can read (dialogue content, settings, or an older card's
     * answer meant for the presser): a line and the way to the personal chat.
     */
    personalOnly: (viewer: Viewer, botAppId: string, why: PersonalOnly | 'answer') =>
      personalOnlyCard(ctxFor(viewer), botAppId, why),
    /** The line a notice shows when its button opened a new card below it. */
    openedBelow: (viewer: Viewer) => ctxFor(viewer).s.notices.openedBelow,
    unknownAction: (viewer: Viewer, problem: 'unknownVerb' | 'badData') => {
      const ctx = ctxFor(viewer);
      return problem === 'unknownVerb'
        ? helpCard(ctx, ctx.s.errors.unknownAction)
        : messageCard(ctx, ctx.s.errors.badAction, 'attention');
    },
    error: (viewer: Viewer, ref: string) => {
      const ctx = ctxFor(viewer);
      return messageCard(ctx, ctx.s.errors.generic(ref), 'attention');
    },
  };
}
export type ActionRouter = ReturnType<typeof createActionRouter>;

/**
 * What is shown only in a personal chat, and why: a contract-holder dialogue's content, and one's own settings
 * and what one follows (declined proposals' titles among them).
 */
export type PersonalOnly = 'dialogues' | 'settings';

/** Commands shown only in a personal chat. */
export const PERSONAL_ONLY_COMMANDS: ReadonlyMap<Command, PersonalOnly> = new Map([
  ['planDialogue', 'dialogues'],
  ['myDialogues', 'dialogues'],
  ['dialogueArea', 'dialogues'],
  ['settings', 'settings'],
]);

/** Card actions shown only in a personal chat: every dialogue verb, and every `settings.*` and `follow.*` verb. */
export function personalOnlyAction(action: CardAction): PersonalOnly | undefined {
  if (isDialogueAction(action)) return 'dialogues';
  if (action.verb.startsWith('settings.') || action.verb.startsWith('follow.')) return 'settings';
  return undefined;
}
