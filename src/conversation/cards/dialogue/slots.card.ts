import { type PlanFieldErrors } from '../../../domain/dialogue.js';
import type { TimesFound } from '../../../services/dialogues.service.js';
import { formatSlot } from '../../../i18n/i18n.js';
import { actionSet, card, execute, heading, para, subtle, type Card, type Element } from '../card-kit.js';
import { type CardContext } from '../card-context.js';
import { noInputs, type Values } from './dialogue-card-parts.js';
import { manualForm } from './plan-form.card.js';

/** The proposed times as buttons, best first; or why there are none, with a way to enter a time by hand. */
export function slotsCard(
  ctx: CardContext,
  found: TimesFound,
  formId: string,
  dialogueId?: string,
  values: Values = {},
  errors: PlanFieldErrors = {},
): Card {
  const t = ctx.s.dialogues;
  const body: Element[] = [heading(t.slots.title(found.unit.name))];
  if (found.manual) {
    const m = found.manual;
    body.push(
      para(
        m.reason === 'noGraph'
          ? t.slots.noGraph
          : m.reason === 'missingEmail'
            ? t.plan.missingEmail(m.detail ?? '')
            : t.slots.calendarsUnavailable(m.detail ?? ''),
        { color: 'Warning' },
      ),
    );
    body.push(...manualForm(ctx, found, formId, dialogueId, values, errors));
  } else if (found.slots.length === 0) {
    body.push(para(t.slots.none, { color: 'Warning' }), ...manualForm(ctx, found, formId, dialogueId, values, errors));
  } else {
    body.push(subtle(t.slots.intro(found.people.map((p) => p.name).join(', '))));
    for (const s of found.slots) {
      const data = { start: s.start.toISOString(), end: s.end.toISOString() };
      const action = dialogueId
        ? execute(
            formatSlot(s.start, s.end, ctx.locale, ctx.timeZone),
            'dialogue.move',
            { dialogueId, ...data },
            noInputs,
          )
        : execute(
            formatSlot(s.start, s.end, ctx.locale, ctx.timeZone),
            'dialogue.book',
            { formId, unitId: found.unit.id, ...data },
            noInputs,
          );
      body.push(actionSet([action], { spacing: 'Small' }), ...(s.tentative ? [subtle(t.slots.tentative)] : []));
    }
    body.push(
      actionSet(
        [
          execute(
            t.actions.enterTime,
            'dialogue.plan.submit',
            {
              formId,
              unitId: found.unit.id,
              from: found.request.from,
              to: found.request.to,
              duration: String(found.request.duration),
              manual: true,
              ...(dialogueId ? { dialogueId } : {}),
            },
            noInputs,
          ),
        ],
        { spacing: 'Large' },
      ),
    );
  }
  return card(body, [
    execute(ctx.s.actions.cancel, dialogueId ? 'dialogue.view' : 'help', dialogueId ? { dialogueId } : {}, noInputs),
  ]);
}
