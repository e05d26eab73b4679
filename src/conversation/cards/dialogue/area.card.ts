import type { UnitDialogueState } from '../../../views/dialogues.js';
import { formatDate } from '../../../i18n/i18n.js';
import { attention, card, container, execute, heading, para, subtle, type Card, type Element } from '../card-kit.js';
import { type CardContext } from '../card-context.js';
import { noInputs } from './dialogue-card-parts.js';

/** A director's units: last held, next planned, and those overdue. */
export function areaCard(
  ctx: CardContext,
  a: { units: (UnitDialogueState & { overdue: boolean })[]; overdueDays: number },
): Card {
  const t = ctx.s.dialogues.area;
  const body: Element[] = [heading(t.title)];
  for (const u of a.units) {
    const parts = [
      u.lastHeld ? t.lastHeld(formatDate(u.lastHeld, ctx.locale, ctx.timeZone)) : t.never,
      ...(u.nextPlanned ? [t.next(formatDate(u.nextPlanned, ctx.locale, ctx.timeZone))] : []),
      t.held(u.heldInPeriod),
    ];
    body.push(
      container(
        [
          para(u.unitName, { weight: 'Bolder', spacing: 'None' }),
          subtle(parts.join(' · ')),
          ...(u.overdue ? [attention(t.overdue(a.overdueDays))] : []),
        ],
        { separator: true, spacing: 'Medium' },
      ),
    );
  }
  return card(body, [execute(ctx.s.dialogues.actions.mine, 'dialogues.list', {}, noInputs)]);
}
