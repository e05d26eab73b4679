import { TOPICS } from '../../../domain/dialogue.js';
import type { DialogueView } from '../../../views/dialogues.js';
import type { Agreement } from '../../../views/dialogues.js';
import { formatDate, formatSlot, formatTime } from '../../../i18n/i18n.js';
import {
  actionSet,
  card,
  container,
  execute,
  facts,
  good,
  heading,
  para,
  subtle,
  type Card,
  type Element,
} from '../card-kit.js';
import { type CardContext } from '../card-context.js';
import { noInputs } from './dialogue-card-parts.js';
import { outcomeSection } from './outcome.card.js';

function calendarLine(ctx: CardContext, d: DialogueView): Element {
  const c = ctx.s.dialogues.card.calendar;
  if (d.calendarState === 'ready' && d.status === 'cancelled')
    return para(c.readyCancelled, { color: 'Good', size: 'Small' });
  // Graph answered that the event has no Teams meeting: say so, rather than show a link that no longer works.
  if (d.calendarState === 'ready' && d.eventId && !d.joinUrl)
    return para(c.readyNoMeeting, { color: 'Warning', size: 'Small' });
  if (d.calendarState === 'ready') return para(c.ready, { color: 'Good', size: 'Small' });
  if (d.calendarState === 'waiting') return para(c.waiting, { color: 'Warning', size: 'Small' });
  if (d.calendarState === 'retrying')
    return para(c.retrying(d.calendarError ?? '', formatTime(d.calendarNextAt, ctx.locale, ctx.timeZone)), {
      color: 'Attention',
      size: 'Small',
    });
  return para(c.pending, { isSubtle: true, size: 'Small' });
}

/** One dialogue as a participant sees it: time, people, where the invitation stands, the agenda. */
export function dialogueCard(
  ctx: CardContext,
  d: DialogueView,
  notice?: string,
  confirmCancel = false,
  agreements: Agreement[] = [],
  now = new Date(),
): Card {
  const t = ctx.s.dialogues;
  const c = t.card;
  const day = (iso: string) => formatDate(new Date(`${iso}T12:00:00Z`), ctx.locale, ctx.timeZone);
  const body: Element[] = [
    ...(notice ? [good(notice)] : []),
    heading(c.title(d.unitName)),
    facts([
      [c.when, formatSlot(d.startsAt, d.endsAt, ctx.locale, ctx.timeZone)],
      [c.status, t.status[d.status]],
      [c.contractHolder, d.contractHolder.name],
      [c.departmentHead, d.departmentHead.name],
      [c.director, d.director.name],
    ]),
    calendarLine(ctx, d),
    { type: 'TextBlock', text: c.agenda, weight: 'Bolder', spacing: 'Medium' },
    ...TOPICS.map((topic, i) => para(`${i + 1}. ${t.topics[topic]}`, { spacing: 'None' })),
    { type: 'TextBlock', text: c.openAgreements, weight: 'Bolder', spacing: 'Medium', wrap: true },
    ...(d.agenda.openAgreements.length
      ? d.agenda.openAgreements
          .slice(0, 10)
          .map((a) => para(c.agreementLine(a.text, a.ownerName, day(a.dueOn)), { spacing: 'None', size: 'Small' }))
      : [subtle(c.noOpenAgreements)]),
    { type: 'TextBlock', text: c.clusters, weight: 'Bolder', spacing: 'Medium', wrap: true },
    ...(d.agenda.clusters.length
      ? d.agenda.clusters
          .slice(0, 8)
          .map((cl) =>
            container(
              [
                para(cl.name, { weight: 'Bolder', size: 'Small', spacing: 'None' }),
                ...cl.initiatives
                  .slice(0, 5)
                  .map((i) => subtle(`${i.title} (${ctx.s.portfolio.stage[i.stage] ?? i.stage})`)),
              ],
              { spacing: 'Small' },
            ),
          )
      : [subtle(c.noClusters)]),
  ];
  body.push(...outcomeSection(ctx, d, agreements));
  const recorder =
    [d.departmentHead.id, d.contractHolder.id].includes(ctx.viewer.id) || ctx.viewer.roles.includes('admin');
  const canRecord = recorder && !d.outcomeRecordedAt && d.status !== 'cancelled' && d.endsAt.getTime() <= now.getTime();
  const changeable =
    (d.status === 'scheduled' || d.status === 'proposed') &&
    (d.departmentHead.id === ctx.viewer.id || ctx.viewer.roles.includes('admin'));
  if (confirmCancel && changeable) {
    body.push(
      para(c.confirmCancel, { color: 'Attention', weight: 'Bolder', spacing: 'Large' }),
      actionSet([
        execute(
          t.actions.confirmCancel,
          'dialogue.cancel',
          { dialogueId: d.id, confirm: true },
          { style: 'destructive', ...noInputs },
        ),
        execute(t.actions.keep, 'dialogue.view', { dialogueId: d.id }, noInputs),
      ]),
    );
  }
  const actions: Element[] = [];
  if (canRecord)
    actions.push(
      execute(t.outcome.record, 'dialogue.outcome.open', { dialogueId: d.id }, { style: 'positive', ...noInputs }),
    );
  if (d.joinUrl && d.status !== 'cancelled' && !canRecord)
    actions.push({ type: 'Action.OpenUrl', title: t.actions.join, url: d.joinUrl });
  if (changeable && !confirmCancel)
    actions.push(
      execute(t.actions.reschedule, 'dialogue.plan.open', { dialogueId: d.id }, noInputs),
      execute(t.actions.cancel, 'dialogue.cancel', { dialogueId: d.id }, noInputs),
    );
  actions.push(
    execute(t.actions.refresh, 'dialogue.view', { dialogueId: d.id }, noInputs),
    execute(t.actions.mine, 'dialogues.list', {}, noInputs),
  );
  return card(body, actions);
}

/** The dialogues a person takes part in. */
export function dialogueListCard(ctx: CardContext, list: DialogueView[], canPlan: boolean): Card {
  const t = ctx.s.dialogues;
  const body: Element[] = [heading(t.list.title)];
  if (list.length === 0) body.push(para(t.list.empty, { isSubtle: true }));
  for (const d of list) {
    body.push(
      container(
        [
          para(d.unitName, { weight: 'Bolder', spacing: 'None' }),
          subtle(t.list.line(formatSlot(d.startsAt, d.endsAt, ctx.locale, ctx.timeZone), t.status[d.status])),
          // Tapping the row opens it too, but nothing shows that: a button does.
          actionSet([execute(t.actions.view, 'dialogue.view', { dialogueId: d.id })], { spacing: 'Small' }),
        ],
        {
          separator: true,
          spacing: 'Medium',
          selectAction: execute(t.actions.view, 'dialogue.view', { dialogueId: d.id }),
        },
      ),
    );
  }
  return card(body, canPlan ? [execute(t.actions.plan, 'dialogue.plan.open', {}, { style: 'positive' })] : []);
}
