import { trackLabel } from '../../domain/framework.js';
import type { ClusterSummary } from '../../views/clusters.js';
import type { Page } from '../../views/missions.js';
import { actionSet, card, container, execute, good, heading, para, subtle, type Element } from './card-kit.js';
import { navigation, type CardContext } from './card-context.js';
import { trackProblemColumns } from './mission-list.card.js';

export interface ClusterListState {
  scope: 'mine' | 'all';
  page: number;
  track?: string;
  problem?: string;
  missionId?: string;
}

/** "Mine klynger" and "Find klynger": paged, filterable by track and problem, join from the list. */
export function clusterListCard(
  ctx: CardContext,
  state: ClusterListState,
  result: Page<ClusterSummary>,
  notice?: string,
) {
  const { s, framework, locale } = ctx;
  const c = s.clusters;
  const body: Element[] = [heading(state.scope === 'mine' ? c.list.mineTitle : c.list.allTitle)];
  if (notice) body.push(good(notice));
  if (state.scope === 'all') {
    body.push({
      type: 'ColumnSet',
      columns: [
        ...trackProblemColumns(ctx, state),
        {
          type: 'Column',
          width: 'auto',
          verticalContentAlignment: 'Bottom',
          items: [
            actionSet([
              execute(s.actions.filter, 'clusters.list', { scope: 'all', page: 0, missionId: state.missionId }),
            ]),
          ],
        },
      ],
    });
  }
  if (result.items.length === 0)
    body.push(para(state.scope === 'mine' ? c.list.emptyMine : c.list.emptyAll, { isSubtle: true }));
  result.items.forEach((cl, i) => {
    const buttons = [execute(c.actions.view, 'cluster.view', { clusterId: cl.id }, { associatedInputs: 'none' })];
    if (!cl.isMember)
      buttons.push(
        execute(
          c.actions.join,
          'cluster.join',
          { clusterId: cl.id, from: 'list', ...listData(state) },
          { associatedInputs: 'none', style: 'positive' },
        ),
      );
    body.push(
      container(
        [
          { type: 'TextBlock', text: para(cl.name).text, weight: 'Bolder', size: 'Medium', wrap: true },
          subtle(`${s.clusters.card.mission}: ${cl.missionTitle} · ${trackLabel(framework, cl.track, locale)}`),
          subtle(c.list.meta(cl.coordinatorName, c.card.members(cl.memberCount))),
          ...(cl.isMember
            ? [{ type: 'TextBlock', text: c.card.youAreMember, color: 'Good', size: 'Small', spacing: 'Small' }]
            : []),
          actionSet(buttons),
        ],
        { separator: i > 0, spacing: i === 0 ? 'Medium' : 'Large' },
      ),
    );
  });
  const paging: Element[] = [];
  if (state.page > 0)
    paging.push(
      execute(
        s.actions.previous,
        'clusters.list',
        { ...listData(state), page: state.page - 1 },
        { associatedInputs: 'none' },
      ),
    );
  if (result.hasMore)
    paging.push(
      execute(
        s.actions.next,
        'clusters.list',
        { ...listData(state), page: state.page + 1 },
        { associatedInputs: 'none' },
      ),
    );
  if (paging.length) body.push(subtle(s.list.pageInfo(state.page + 1)), actionSet(paging));
  const other =
    state.scope === 'mine'
      ? execute(c.actions.find, 'clusters.list', { scope: 'all' })
      : execute(c.actions.mine, 'clusters.list', { scope: 'mine' });
  return card(body, [
    other,
    ...navigation(ctx)
      .filter((a) => a.verb !== 'clusters.list')
      .slice(0, 4),
  ]);
}

const listData = (state: ClusterListState) => ({
  scope: state.scope,
  page: state.page,
  track: state.track,
  problem: state.problem,
  missionId: state.missionId,
});
