import { DURATIONS, DEFAULT_DURATION, type PlanFieldErrors } from '../../../domain/dialogue.js';
import { addDays } from '../../../domain/portfolio.js';
import type { TimesFound } from '../../../services/dialogues.service.js';
import type { PlannableUnit } from '../../../views/dialogues.js';
import { actionSet, attention, card, execute, heading, para, subtle, type Card, type Element } from '../card-kit.js';
import { dateFrom, type CardContext } from '../card-context.js';
import { errorFor, noInputs, str, type Values } from './dialogue-card-parts.js';

/** "Planlæg kontraktholderdialog": one of the fagchef's own units (fixed when moving), a window, a duration. */
export function planFormCard(
  ctx: CardContext,
  formId: string,
  units: PlannableUnit[],
  today: string,
  values: Values = {},
  errors: PlanFieldErrors = {},
  dialogueId?: string,
): Card {
  const t = ctx.s.dialogues;
  if (units.length === 0) return card([heading(t.plan.title), para(t.plan.noUnits)]);
  const required = { isRequired: true, errorMessage: ctx.s.fieldErrors.required };
  const unitInput: Element =
    units.length === 1
      ? { type: 'FactSet', facts: [{ title: t.plan.unitLabel, value: units[0].name }] }
      : {
          type: 'Input.ChoiceSet',
          id: 'unitId',
          label: t.plan.unitLabel,
          style: 'compact',
          ...required,
          choices: units.map((u) => ({ title: u.name, value: u.id })),
          value: str(values, 'unitId') ?? units[0].id,
        };
  const body: Element[] = [
    heading(t.plan.title),
    subtle(t.plan.intro),
    ...(Object.keys(errors).length ? [attention(ctx.s.form.fixErrors)] : []),
    unitInput,
    ...errorFor(ctx, errors, 'unitId'),
    {
      type: 'ColumnSet',
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            {
              type: 'Input.Date',
              id: 'from',
              label: t.plan.fromLabel,
              ...dateFrom(ctx, today),
              value: str(values, 'from') ?? today,
            },
            ...errorFor(ctx, errors, 'from'),
          ],
        },
        {
          type: 'Column',
          width: 'stretch',
          items: [
            {
              type: 'Input.Date',
              id: 'to',
              label: t.plan.toLabel,
              ...dateFrom(ctx, today),
              value: str(values, 'to') ?? addDays(today, 13),
            },
            ...errorFor(ctx, errors, 'to'),
          ],
        },
      ],
    },
    {
      type: 'Input.ChoiceSet',
      id: 'duration',
      label: t.plan.durationLabel,
      style: 'compact',
      ...required,
      choices: DURATIONS.map((d) => ({ title: t.plan.minutes(d), value: String(d) })),
      value: str(values, 'duration') ?? String(DEFAULT_DURATION),
    },
    ...errorFor(ctx, errors, 'duration'),
  ];
  const fixed = units.length === 1 ? { unitId: units[0].id } : {};
  return card(body, [
    execute(
      t.actions.findTimes,
      'dialogue.plan.submit',
      { formId, ...fixed, ...(dialogueId ? { dialogueId } : {}) },
      { style: 'positive' },
    ),
    execute(ctx.s.actions.cancel, dialogueId ? 'dialogue.view' : 'help', dialogueId ? { dialogueId } : {}, noInputs),
  ]);
}

export function manualForm(
  ctx: CardContext,
  found: TimesFound,
  formId: string,
  dialogueId: string | undefined,
  values: Values,
  errors: PlanFieldErrors,
): Element[] {
  const t = ctx.s.dialogues;
  const hours = t.manual.timeHint(found.workingHours.start, found.workingHours.end);
  return [
    {
      type: 'TextBlock',
      text: t.manual.title(found.unit.name),
      weight: 'Bolder',
      wrap: true,
      spacing: 'Large',
      separator: true,
    },
    {
      type: 'ColumnSet',
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            {
              type: 'Input.Date',
              id: 'date',
              label: t.manual.dateLabel,
              ...dateFrom(ctx, found.request.from),
              value: str(values, 'date') ?? found.suggestedDate,
            },
            ...errorFor(ctx, errors, 'date'),
          ],
        },
        // No time filled in beforehand: a time the client could not read must not quietly become 09:00.
        {
          type: 'Column',
          width: 'stretch',
          items: [
            {
              type: 'Input.Time',
              id: 'time',
              label: t.manual.timeLabel,
              isRequired: true,
              errorMessage: hours,
              value: str(values, 'time'),
            },
            ...(errors.time === 'outsideHours'
              ? [attention(t.manual.outsideHours(found.workingHours.start, found.workingHours.end))]
              : errorFor(ctx, errors, 'time')),
          ],
        },
      ],
    },
    actionSet([
      execute(
        t.actions.saveTime,
        'dialogue.manual',
        { formId, unitId: found.unit.id, duration: found.request.duration, ...(dialogueId ? { dialogueId } : {}) },
        { style: 'positive' },
      ),
    ]),
  ];
}
