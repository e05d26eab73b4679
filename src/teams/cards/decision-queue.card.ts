import type { MissionView, Page } from '../../store/missions.repository.js';
import type { FieldErrorCode } from '../../domain/mission.js';
import { actionSet, attention, card, execute, good, heading, para, subtle, type Element } from './card-kit.js';
import { navigation, type CardContext, withLimit } from './card-context.js';
import { missionBlock, missionSummary } from './mission-summary.js';
import { fieldErrorText } from './propose-form.card.js';

export interface QueueFeedback {
  notice?: string;
  /** A decision that could not be applied: the message sits next to that mission's reason field. */
  error?: { missionId: string; code: FieldErrorCode; reason?: string };
}

const DAY_MS = 86_400_000;

/** "Til beslutning": proposals waiting, oldest first, each with a reason field and the three decisions. */
export function decisionQueueCard(ctx: CardContext, result: Page<MissionView>, feedback: QueueFeedback = {}, now = new Date()) {
  const { s } = ctx;
  const body: Element[] = [heading(s.decisions.title), para(s.decisions.intro, { isSubtle: true })];
  if (feedback.notice) body.push(good(feedback.notice));
  if (result.items.length === 0) body.push(para(s.decisions.empty));
  result.items.forEach((m, i) => {
    const waited = Math.floor((now.getTime() - m.createdAt.getTime()) / DAY_MS);
    const error = feedback.error?.missionId === m.id ? feedback.error : undefined;
    const data = { missionId: m.id, page: result.page };
    body.push(
      missionBlock(
        [
          ...missionSummary(ctx, m),
          subtle(s.decisions.waitingDays(waited)),
          {
            type: 'Input.Text',
            id: `reason-${m.id}`,
            label: withLimit(ctx, s.decisions.reasonLabel, 1000),
            isMultiline: true,
            value: error?.reason,
          },
          ...(error ? [attention(fieldErrorText(s, 'reason', error.code))] : []),
          actionSet([
            ...(m.status === 'proposed' ? [execute(s.actions.decideConcretise, 'mission.decide', { ...data, decision: 'concretising' })] : []),
            execute(s.actions.decideActivate, 'mission.decide', { ...data, decision: 'active' }, { style: 'positive' }),
            execute(s.actions.decideDecline, 'mission.decide', { ...data, decision: 'declined' }, { style: 'destructive' }),
          ]),
        ],
        i === 0,
      ),
    );
  });
  const paging: Element[] = [];
  if (result.page > 0) paging.push(execute(s.actions.previous, 'decisions.list', { page: result.page - 1 }, { associatedInputs: 'none' }));
  if (result.hasMore) paging.push(execute(s.actions.next, 'decisions.list', { page: result.page + 1 }, { associatedInputs: 'none' }));
  if (paging.length) body.push(subtle(s.list.pageInfo(result.page + 1)), actionSet(paging));
  return card(body, navigation(ctx));
}
