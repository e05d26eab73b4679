import type { DecisionQueue, QueueState } from '../../services/missions.service.js';
import { QUEUE_PAGE_SIZE } from '../../services/missions.service.js';
import type { FieldErrorCode } from '../../domain/mission.js';
import { actionSet, attention, card, execute, good, heading, para, subtle, type Element } from './card-kit.js';
import { navigation, type CardContext, withLimit } from './card-context.js';
import { missionBlock, missionSummary } from './mission-summary.js';
import { fieldErrorText } from './propose-form.card.js';
import { trackProblemColumns } from './mission-list.card.js';

export interface QueueFeedback {
  notice?: string;
  /** A decision that could not be applied: the message sits next to that mission's reason field. */
  error?: { missionId: string; code: FieldErrorCode; reason?: string };
}

const DAY_MS = 86_400_000;

/**
 * "Til beslutning": how many proposals wait, a filter by track and hard problem, longest waiting first (or
 * newest first), ten a page; each with a reason field and the three decisions.
 */
export function decisionQueueCard(
  ctx: CardContext,
  state: QueueState,
  result: DecisionQueue,
  feedback: QueueFeedback = {},
  now = new Date(),
) {
  const { s } = ctx;
  const d = s.decisions;
  const filtered = Boolean(state.track || state.problem);
  const kept = { track: state.track, problem: state.problem, order: state.order };
  const body: Element[] = [heading(`${d.title} (${result.waiting})`), para(d.intro, { isSubtle: true })];
  if (feedback.notice) body.push(good(feedback.notice));
  body.push(
    para(filtered ? d.matching(result.matching, result.waiting) : d.waiting(result.waiting), {
      weight: 'Bolder',
      spacing: 'Small',
    }),
  );
  if (result.waiting > 0) {
    // Two rows, so each choice can be read at Teams' card width: track and problem, then the order and the button.
    body.push({ type: 'ColumnSet', columns: trackProblemColumns(ctx, state) });
    body.push({
      type: 'ColumnSet',
      spacing: 'Small',
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            {
              type: 'Input.ChoiceSet',
              id: 'filterOrder',
              style: 'compact',
              choices: [
                { title: d.oldestFirst, value: 'oldest' },
                { title: d.newestFirst, value: 'newest' },
              ],
              value: state.order ?? 'oldest',
            },
          ],
        },
        {
          type: 'Column',
          width: 'auto',
          verticalContentAlignment: 'Bottom',
          items: [actionSet([execute(s.actions.filter, 'decisions.list', { page: 0 })])],
        },
      ],
    });
  }
  if (result.items.length > 0 && (state.order ?? 'oldest') === 'oldest')
    body.push(para(s.following.clock.sorted, { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  if (result.items.length === 0) body.push(para(result.waiting > 0 ? d.emptyFiltered : d.empty));
  result.items.forEach((m, i) => {
    const waited = Math.floor((now.getTime() - m.createdAt.getTime()) / DAY_MS);
    const error = feedback.error?.missionId === m.id ? feedback.error : undefined;
    const data = { missionId: m.id, page: result.page, ...kept };
    body.push(
      missionBlock(
        [
          ...missionSummary(ctx, m),
          ...(m.answer ? [] : [subtle(s.decisions.waitingDays(waited))]),
          {
            type: 'Input.Text',
            id: `reason-${m.id}`,
            label: withLimit(ctx, s.decisions.reasonLabel, 1000),
            isMultiline: true,
            value: error?.reason,
          },
          ...(error ? [attention(fieldErrorText(s, 'reason', error.code))] : []),
          actionSet([
            ...(m.status === 'proposed'
              ? [execute(s.actions.decideConcretise, 'mission.decide', { ...data, decision: 'concretising' })]
              : []),
            execute(s.actions.decideActivate, 'mission.decide', { ...data, decision: 'active' }, { style: 'positive' }),
            execute(
              s.actions.decideDecline,
              'mission.decide',
              { ...data, decision: 'declined' },
              { style: 'destructive' },
            ),
          ]),
        ],
        i === 0,
      ),
    );
  });
  const paging: Element[] = [];
  if (result.page > 0)
    paging.push(
      execute(s.actions.previous, 'decisions.list', { page: result.page - 1, ...kept }, { associatedInputs: 'none' }),
    );
  if (result.hasMore)
    paging.push(
      execute(s.actions.next, 'decisions.list', { page: result.page + 1, ...kept }, { associatedInputs: 'none' }),
    );
  if (paging.length)
    body.push(
      subtle(d.pageOf(result.page + 1, Math.max(1, Math.ceil(result.matching / QUEUE_PAGE_SIZE)))),
      actionSet(paging),
    );
  return card(body, navigation(ctx));
}
