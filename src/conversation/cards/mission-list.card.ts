import { canFormCluster } from '../../domain/cluster.js';
import { canDecideMissions } from '../../domain/roles.js';
import type { MissionView, Page } from '../../views/missions.js';
import { actionSet, card, execute, good, heading, para, subtle, type Element } from './card-kit.js';
import { navigation, type CardContext, withLimit } from './card-context.js';
import { missionBlock, missionSummary } from './mission-summary.js';
import { followButton } from './history.card.js';

/** The "no filter" choice; Adaptive Cards need a non-empty value for every choice. */
export const ANY = 'any';

export interface ListState {
  scope: 'mine' | 'all';
  page: number;
  track?: string;
  problem?: string;
}

/** "Mine missioner" / "Alle missioner": paged, filterable, with a support button per mission. */
export function missionListCard(ctx: CardContext, state: ListState, result: Page<MissionView>, notice?: string) {
  const { s } = ctx;
  const body: Element[] = [heading(state.scope === 'mine' ? s.list.mineTitle : s.list.allTitle)];
  if (notice) body.push(good(notice));
  body.push({
    type: 'ColumnSet',
    columns: [
      ...trackProblemColumns(ctx, state),
      {
        type: 'Column',
        width: 'auto',
        verticalContentAlignment: 'Bottom',
        items: [actionSet([execute(s.actions.filter, 'missions.list', { scope: state.scope, page: 0 })])],
      },
    ],
  });
  if (result.items.length === 0)
    body.push(para(state.scope === 'mine' ? s.list.emptyMine : s.list.emptyAll, { isSubtle: true }));
  result.items.forEach((m, i) =>
    body.push(
      missionBlock(
        [
          ...missionSummary(ctx, m),
          supportControl(ctx, m, state),
          followControls(ctx, m, state),
          ...clusterControls(ctx, m, state),
        ],
        i === 0,
      ),
    ),
  );
  const paging: Element[] = [];
  const base = { scope: state.scope, track: state.track, problem: state.problem };
  if (state.page > 0)
    paging.push(
      execute(s.actions.previous, 'missions.list', { ...base, page: state.page - 1 }, { associatedInputs: 'none' }),
    );
  if (result.hasMore)
    paging.push(
      execute(s.actions.next, 'missions.list', { ...base, page: state.page + 1 }, { associatedInputs: 'none' }),
    );
  if (paging.length) body.push(subtle(s.list.pageInfo(state.page + 1)), actionSet(paging));
  return card(body, navigation(ctx));
}

function supportControl(ctx: CardContext, m: MissionView, state: ListState): Element {
  const { s } = ctx;
  if (m.proposerId === ctx.viewer.id) return subtle(s.list.yourProposal);
  if (m.supportedByViewer)
    return { type: 'TextBlock', text: s.list.youSupport, color: 'Good', size: 'Small', spacing: 'Small' };
  if (m.status === 'declined' || m.status === 'concluded') return subtle(s.status[m.status]);
  return actionSet([
    execute(
      s.actions.support,
      'mission.support',
      { missionId: m.id, scope: state.scope, page: state.page, track: state.track, problem: state.problem },
      { associatedInputs: 'none' },
    ),
  ]);
}

/** "Historik" and "Følg" / "Følg ikke længere", under every mission. */
export function followControls(ctx: CardContext, m: MissionView, state: ListState): Element {
  return actionSet(
    [
      execute(
        ctx.s.following.actions.history,
        'history.view',
        { missionId: m.id, page: -1 },
        { associatedInputs: 'none' },
      ),
      followButton(ctx, 'mission', m.id, m.followedByViewer, {
        back: 'list',
        scope: state.scope,
        page: state.page,
        track: state.track,
        problem: state.problem,
      }),
    ],
    { spacing: 'Small' },
  );
}

/** Active missions lead to their clusters; those who may, form one; deciders can conclude the mission. */
function clusterControls(ctx: CardContext, m: MissionView, state: ListState): Element[] {
  if (m.status !== 'active') return [];
  const { s } = ctx;
  const actions: Element[] = [
    execute(
      s.actions.clustersOfMission,
      'clusters.list',
      { scope: 'all', missionId: m.id },
      { associatedInputs: 'none' },
    ),
  ];
  if (canFormCluster(ctx.viewer.roles, ctx.viewer.id, m))
    actions.push(
      execute(s.clusters.actions.form, 'cluster.form.open', { missionId: m.id }, { associatedInputs: 'none' }),
    );
  if (canDecideMissions(ctx.viewer.roles)) {
    actions.push({
      type: 'Action.ShowCard',
      title: s.actions.conclude,
      card: {
        type: 'AdaptiveCard',
        body: [
          {
            type: 'Input.Text',
            id: `conclude-${m.id}`,
            label: withLimit(ctx, s.decisions.concludeReasonLabel, 1000),
            isMultiline: true,
          },
        ],
        actions: [
          execute(
            s.actions.confirmConclude,
            'mission.conclude',
            { missionId: m.id, scope: state.scope, page: state.page, track: state.track, problem: state.problem },
            { style: 'destructive' },
          ),
        ],
      },
    });
  }
  return [actionSet(actions, { spacing: 'Small' })];
}

/** A compact filter with an explicit "any" choice. */
export function filterChoice(
  id: string,
  placeholder: string,
  options: [string, string][],
  value: string | undefined,
): Element {
  return {
    type: 'Input.ChoiceSet',
    id,
    style: 'compact',
    placeholder,
    choices: [{ title: placeholder, value: ANY }, ...options.map(([v, title]) => ({ title, value: v }))],
    value: value ?? ANY,
  };
}

/** The track and hard-problem filters, as two stretching columns (mission list, cluster list, decision queue). */
export function trackProblemColumns(ctx: CardContext, state: { track?: string; problem?: string }): Element[] {
  const { s, framework, locale } = ctx;
  const column = (item: Element): Element => ({ type: 'Column', width: 'stretch', items: [item] });
  return [
    column(
      filterChoice(
        'filterTrack',
        s.list.anyTrack,
        framework.tracks.map((t) => [t.id, t.label[locale]]),
        state.track,
      ),
    ),
    column(
      filterChoice(
        'filterProblem',
        s.list.anyProblem,
        framework.problems.map((p) => [p.id, p.label[locale]]),
        state.problem,
      ),
    ),
  ];
}
