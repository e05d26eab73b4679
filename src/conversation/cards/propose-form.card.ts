import { FOCUS_VALUES, LIMITS, splitChoices, type FieldErrorCode, type FieldErrors } from '../../domain/mission.js';
import type { Strings } from '../../i18n/i18n.js';
import { attention, card, execute, heading, para, type Card, type Element } from './card-kit.js';
import { type CardContext, withLimit } from './card-context.js';

export interface FormValues {
  title?: string;
  ambition?: string;
  obstacles?: string;
  focus?: string;
  track?: string;
  problems?: string;
}

type Field = keyof FieldErrors;

export function fieldErrorText(s: Strings, field: Field, code: FieldErrorCode): string {
  const limits = LIMITS[field as keyof typeof LIMITS];
  if (code === 'tooShort') return s.fieldErrors.tooShort(limits?.min ?? 1);
  if (code === 'tooLong') return s.fieldErrors.tooLong(limits?.max ?? 0);
  return s.fieldErrors[code];
}

/** The proposal form. `formId` makes the submit idempotent; values and errors survive a failed submit. */
export function proposeFormCard(ctx: CardContext, formId: string, values: FormValues = {}, errors: FieldErrors = {}) {
  const { form, actions, focus } = ctx.s;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const err = (field: Field): Element[] =>
    errors[field] ? [attention(fieldErrorText(ctx.s, field, errors[field]))] : [];
  const hasErrors = Object.keys(errors).length > 0;
  const body: Element[] = [
    heading(form.title),
    para(form.intro, { isSubtle: true }),
    ...(hasErrors ? [attention(form.fixErrors)] : []),
    {
      type: 'Input.Text',
      id: 'title',
      label: withLimit(ctx, form.titleLabel, LIMITS.title.max),
      placeholder: form.titlePlaceholder,
      isRequired: true,
      errorMessage: ctx.s.fieldErrors.required,
      value: str(values.title),
    },
    ...err('title'),
    {
      type: 'Input.Text',
      id: 'ambition',
      label: withLimit(ctx, form.ambitionLabel, LIMITS.ambition.max),
      isMultiline: true,
      isRequired: true,
      errorMessage: ctx.s.fieldErrors.required,
      value: str(values.ambition),
    },
    ...err('ambition'),
    {
      type: 'Input.Text',
      id: 'obstacles',
      label: withLimit(ctx, form.obstaclesLabel, LIMITS.obstacles.max),
      isMultiline: true,
      isRequired: true,
      errorMessage: ctx.s.fieldErrors.required,
      value: str(values.obstacles),
    },
    ...err('obstacles'),
    {
      type: 'Input.ChoiceSet',
      id: 'focus',
      label: form.focusLabel,
      style: 'expanded',
      isRequired: true,
      errorMessage: ctx.s.fieldErrors.required,
      choices: FOCUS_VALUES.map((f) => ({ title: focus[f], value: f })),
      value: str(values.focus),
    },
    ...err('focus'),
    {
      type: 'Input.ChoiceSet',
      id: 'track',
      label: form.trackLabel,
      style: 'expanded',
      isRequired: true,
      errorMessage: ctx.s.fieldErrors.required,
      choices: ctx.framework.tracks.map((t) => ({ title: t.label[ctx.locale], value: t.id })),
      value: str(values.track),
    },
    ...err('track'),
    {
      type: 'Input.ChoiceSet',
      id: 'problems',
      label: form.problemsLabel,
      isMultiSelect: true,
      style: 'expanded',
      isRequired: true,
      errorMessage: ctx.s.fieldErrors.required,
      choices: ctx.framework.problems.map((p) => ({ title: p.label[ctx.locale], value: p.id })),
      value: values.problems ? splitChoices(values.problems).join(',') : undefined,
    },
    ...err('problems'),
  ];
  return card(body, [
    execute(actions.submitProposal, 'propose.submit', { formId }, { style: 'positive' }),
    execute(actions.cancel, 'propose.cancel', { formId }, { associatedInputs: 'none' }),
  ]);
}

/**
 * The same form in a dialog (the message action "propose a mission from this message"): dialogs send
 * Action.Submit back to the bot, and close themselves, so there is no cancel button.
 */
export function proposeDialogCard(
  ctx: CardContext,
  formId: string,
  values: FormValues = {},
  errors: FieldErrors = {},
): Card {
  const form = proposeFormCard(ctx, formId, values, errors);
  const actions = (form.actions ?? [])
    .filter((a) => a.verb === 'propose.submit')
    .map((a): Element => ({ type: 'Action.Submit', title: a.title, style: a.style, data: a.data }));
  const body = [para(ctx.s.search.proposeFromMessage, { isSubtle: true, size: 'Small' }), ...form.body];
  return { ...form, body, actions };
}

export function proposalConfirmationCard(ctx: CardContext, mission: { id: string; title: string; status: string }) {
  const { confirmation, actions, status } = ctx.s;
  return card(
    [
      heading(confirmation.title),
      para(confirmation.body(mission.title)),
      {
        type: 'FactSet',
        facts: [{ title: confirmation.status, value: status[mission.status as keyof typeof status] }],
      },
    ],
    [
      execute(actions.myMissions, 'missions.list', { scope: 'mine' }),
      execute(actions.proposeAnother, 'propose.open'),
      execute(actions.help, 'help'),
    ],
  );
}
