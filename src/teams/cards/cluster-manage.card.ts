import { CLUSTER_LIMITS, type ClusterFieldErrors } from '../../domain/cluster.js';
import type { ClusterView } from '../../store/clusters.repository.js';
import { actionSet, attention, card, container, execute, good, heading, para, subtle, type Element } from './card-kit.js';
import type { CardContext } from './card-context.js';
import { fieldErrors } from './cluster-form.card.js';

const MEMBERS_SHOWN = 25;

export interface ManageFeedback {
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
  const str = (k: string) => (typeof feedback.values?.[k] === 'string' ? (feedback.values[k] as string) : undefined);
  const body: Element[] = [heading(m.title(view.name))];
  if (feedback.notice) body.push(good(feedback.notice));
  if (feedback.problem) body.push(attention(feedback.problem));
  body.push({ type: 'TextBlock', text: `${m.membersTitle} (${view.memberCount})`, weight: 'Bolder', spacing: 'Medium' });
  for (const member of view.members.slice(0, MEMBERS_SHOWN)) {
    const isCoordinator = member.personId === view.coordinatorId;
    body.push({
      type: 'ColumnSet',
      spacing: 'Small',
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          verticalContentAlignment: 'Center',
          items: [para(`${member.name}${isCoordinator ? ` · ${ctx.s.clusters.card.coordinator}` : ''}`, { spacing: 'None' }), subtle(member.unitName ?? ctx.s.clusters.card.noUnit)],
        },
        {
          type: 'Column',
          width: 'auto',
          items: isCoordinator
            ? []
            : [
                actionSet([
                  execute(a.makeCoordinator, 'cluster.coordinator.set', { ...id, personId: member.personId }, { associatedInputs: 'none' }),
                  execute(a.remove, 'cluster.member.remove', { ...id, personId: member.personId }, { associatedInputs: 'none' }),
                ]),
              ],
        },
      ],
    });
  }
  if (view.memberCount > MEMBERS_SHOWN) body.push(subtle(m.shown(MEMBERS_SHOWN, view.memberCount)));
  body.push(
    { type: 'Input.Text', id: 'who', label: m.addMemberLabel, placeholder: m.addMemberPlaceholder, style: 'Email', maxLength: 200, value: str('who') },
    actionSet([execute(a.addMember, 'cluster.member.add', id, { associatedInputs: 'auto' })]),
    { type: 'TextBlock', text: m.externalsTitle, weight: 'Bolder', spacing: 'Large', separator: true },
  );
  for (const e of view.externals) {
    body.push(
      container([
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', width: 'stretch', items: [para(`${e.name} (${e.organisation})`, { spacing: 'None' }), subtle([e.role, e.email].filter(Boolean).join(' · ') || ' ')] },
            { type: 'Column', width: 'auto', items: [actionSet([execute(a.remove, 'cluster.external.remove', { ...id, externalId: e.id }, { associatedInputs: 'none' })])] },
          ],
        },
      ]),
    );
  }
  if (view.externals.length === 0) body.push(subtle(ctx.s.clusters.card.noExternals));
  body.push(
    { type: 'Input.Text', id: 'externalName', label: m.externalName, maxLength: CLUSTER_LIMITS.externalName.max, value: str('externalName') },
    ...fieldErrors(ctx, errors, 'externalName'),
    { type: 'Input.Text', id: 'organisation', label: m.organisation, maxLength: CLUSTER_LIMITS.organisation.max, value: str('organisation') },
    ...fieldErrors(ctx, errors, 'organisation'),
    { type: 'Input.Text', id: 'email', label: m.email, style: 'Email', maxLength: 200, value: str('email') },
    ...fieldErrors(ctx, errors, 'email'),
    { type: 'Input.Text', id: 'role', label: m.role, maxLength: CLUSTER_LIMITS.role.max, value: str('role') },
    ...fieldErrors(ctx, errors, 'role'),
    actionSet([execute(a.addExternal, 'cluster.external.add', id)]),
  );
  return card(body, [execute(a.back, 'cluster.view', id, { associatedInputs: 'none' }), execute(a.mine, 'clusters.list', { scope: 'mine' })]);
}
