import { CLUSTER_LIMITS, type ClusterFieldErrors } from '../../domain/cluster.js';
import type { ClusterView } from '../../views/clusters.js';
import {
  actionSet,
  attention,
  card,
  container,
  execute,
  good,
  heading,
  rowWithActions,
  para,
  subtle,
  type Element,
} from './card-kit.js';
import { type CardContext, withLimit } from './card-context.js';
import { fieldErrors } from './cluster-form.card.js';

const MEMBERS_PER_PAGE = 12;

export interface ManageFeedback {
  page?: number;
  notice?: string;
  problem?: string;
  errors?: ClusterFieldErrors;
  values?: Record<string, unknown>;
}

/** The coordinator's card: members with remove / make-coordinator, external actors, and forms to add both. */
export function clusterManageCard(ctx: CardContext, view: ClusterView, feedback: ManageFeedback = {}) {
  const m = ctx.s.clusters.manage;
  const a = ctx.s.clusters.actions;
  const id = { clusterId: view.id };
  const errors = feedback.errors ?? {};
  const str = (k: string) => (typeof feedback.values?.[k] === 'string' ? feedback.values[k] : undefined);
  const body: Element[] = [heading(m.title(view.name))];
  if (feedback.notice) body.push(good(feedback.notice));
  if (feedback.problem) body.push(attention(feedback.problem));
  body.push({
    type: 'TextBlock',
    text: `${m.membersTitle} (${view.memberCount})`,
    weight: 'Bolder',
    spacing: 'Medium',
  });
  const pages = Math.max(1, Math.ceil(view.members.length / MEMBERS_PER_PAGE));
  const page = Math.min(Math.max(0, feedback.page ?? 0), pages - 1);
  for (const member of view.members.slice(page * MEMBERS_PER_PAGE, (page + 1) * MEMBERS_PER_PAGE)) {
    const isCoordinator = member.personId === view.coordinatorId;
    body.push(
      rowWithActions(
        [
          para(`${member.name}${isCoordinator ? ` · ${ctx.s.clusters.card.coordinator}` : ''}`, { spacing: 'None' }),
          subtle(member.unitName ?? ctx.s.clusters.card.noUnit),
        ],
        isCoordinator
          ? []
          : [
              execute(
                a.makeCoordinator,
                'cluster.coordinator.set',
                { ...id, personId: member.personId },
                { associatedInputs: 'none' },
              ),
              execute(
                a.remove,
                'cluster.member.remove',
                { ...id, personId: member.personId },
                { associatedInputs: 'none' },
              ),
            ],
      ),
    );
  }
  if (pages > 1) {
    const paging: Element[] = [];
    if (page > 0)
      paging.push(
        execute(ctx.s.actions.previous, 'cluster.manage', { ...id, page: page - 1 }, { associatedInputs: 'none' }),
      );
    if (page < pages - 1)
      paging.push(
        execute(ctx.s.actions.next, 'cluster.manage', { ...id, page: page + 1 }, { associatedInputs: 'none' }),
      );
    body.push(subtle(ctx.s.list.pageInfo(page + 1)), actionSet(paging));
  }
  body.push(
    {
      type: 'Input.Text',
      id: 'who',
      label: m.addMemberLabel,
      placeholder: m.addMemberPlaceholder,
      style: 'Email',
      maxLength: 200,
      value: str('who'),
    },
    actionSet([execute(a.addMember, 'cluster.member.add', id, { associatedInputs: 'auto' })]),
    { type: 'TextBlock', text: m.externalsTitle, weight: 'Bolder', spacing: 'Large', separator: true },
  );
  for (const e of view.externals) {
    body.push(
      container([
        {
          type: 'ColumnSet',
          columns: [
            {
              type: 'Column',
              width: 'stretch',
              items: [
                para(`${e.name} (${e.organisation})`, { spacing: 'None' }),
                ...(e.role || e.email ? [subtle([e.role, e.email].filter(Boolean).join(' · '))] : []),
              ],
            },
            {
              type: 'Column',
              width: 'auto',
              items: [
                actionSet([
                  execute(
                    a.remove,
                    'cluster.external.remove',
                    { ...id, externalId: e.id },
                    { associatedInputs: 'none' },
                  ),
                ]),
              ],
            },
          ],
        },
      ]),
    );
  }
  if (view.externals.length === 0) body.push(subtle(ctx.s.clusters.card.noExternals));
  body.push(
    {
      type: 'Input.Text',
      id: 'externalName',
      label: withLimit(ctx, m.externalName, CLUSTER_LIMITS.externalName.max),
      value: str('externalName'),
    },
    ...fieldErrors(ctx, errors, 'externalName'),
    {
      type: 'Input.Text',
      id: 'organisation',
      label: withLimit(ctx, m.organisation, CLUSTER_LIMITS.organisation.max),
      value: str('organisation'),
    },
    ...fieldErrors(ctx, errors, 'organisation'),
    { type: 'Input.Text', id: 'email', label: m.email, style: 'Email', maxLength: 200, value: str('email') },
    ...fieldErrors(ctx, errors, 'email'),
    { type: 'Input.Text', id: 'role', label: withLimit(ctx, m.role, CLUSTER_LIMITS.role.max), value: str('role') },
    ...fieldErrors(ctx, errors, 'role'),
    actionSet([execute(a.addExternal, 'cluster.external.add', id)]),
  );
  return card(body, [
    execute(a.back, 'cluster.view', id, { associatedInputs: 'none' }),
    execute(a.mine, 'clusters.list', { scope: 'mine' }),
  ]);
}
