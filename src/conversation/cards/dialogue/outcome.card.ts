import {
  AGREEMENT_ROWS,
  MAX_AGREEMENTS,
  OUTCOME_LIMITS,
  TOPICS,
  type OutcomeErrors,
} from '../../../domain/dialogue.js';
import type { DialogueView } from '../../../views/dialogues.js';
import type { Agreement } from '../../../views/dialogues.js';
import { formatDate, formatSlot } from '../../../i18n/i18n.js';
import {
  actionSet,
  attention,
  card,
  container,
  execute,
  facts,
  heading,
  para,
  subtle,
  type Card,
  type Element,
} from '../card-kit.js';
import { type CardContext, withLimit } from '../card-context.js';
import { noInputs, str, type Values } from './dialogue-card-parts.js';

/** The outcome card: a note per topic and agreement rows (what, who among the three, by when). */
export function outcomeFormCard(
  ctx: CardContext,
  d: DialogueView,
  formId: string,
  rows: number,
  values: Values = {},
  errors: OutcomeErrors = {},
): Card {
  const t = ctx.s.dialogues;
  const o = t.outcome;
  const err = (k: string): Element[] =>
    errors[k] ? [attention(t.errors[errors[k]] ?? ctx.s.fieldErrors.required)] : [];
  const people = [d.departmentHead, d.contractHolder, d.director];
  const body: Element[] = [
    heading(o.title(d.unitName)),
    subtle(formatSlot(d.startsAt, d.endsAt, ctx.locale, ctx.timeZone)),
    subtle(o.intro),
  ];
  if (Object.keys(errors).length) body.push(attention(ctx.s.form.fixErrors));
  for (const topic of TOPICS) {
    body.push(
      {
        type: 'Input.Text',
        id: `note-${topic}`,
        label: withLimit(ctx, o.noteLabel(t.topics[topic]), OUTCOME_LIMITS.note),
        isMultiline: true,
        isRequired: true,
        errorMessage: ctx.s.fieldErrors.required,
        value: str(values, `note-${topic}`),
      },
      ...err(`note-${topic}`),
    );
  }
  body.push(para(o.agreementsTitle, { weight: 'Bolder', spacing: 'Large' }));
  for (let i = 0; i < rows; i++) {
    body.push(
      container(
        [
          {
            type: 'Input.Text',
            id: `agreement-${i}-text`,
            label: withLimit(ctx, o.agreementText(i + 1), OUTCOME_LIMITS.agreement),
            value: str(values, `agreement-${i}-text`),
          },
          ...err(`agreement-${i}-text`),
          {
            type: 'ColumnSet',
            columns: [
              {
                type: 'Column',
                width: 'stretch',
                items: [
                  {
                    type: 'Input.ChoiceSet',
                    id: `agreement-${i}-owner`,
                    label: o.owner,
                    style: 'compact',
                    choices: people.map((p) => ({ title: p.name, value: p.id })),
                    value: str(values, `agreement-${i}-owner`) ?? d.contractHolder.id,
                  },
                  ...err(`agreement-${i}-owner`),
                ],
              },
              {
                type: 'Column',
                width: 'stretch',
                items: [
                  {
                    type: 'Input.Date',
                    id: `agreement-${i}-due`,
                    label: o.due,
                    value: str(values, `agreement-${i}-due`),
                  },
                  ...err(`agreement-${i}-due`),
                ],
              },
            ],
          },
        ],
        { separator: true, spacing: 'Medium' },
      ),
    );
  }
  if (rows < MAX_AGREEMENTS)
    body.push(
      actionSet([
        execute(
          o.moreRows,
          'dialogue.outcome.open',
          { dialogueId: d.id, formId, rows: Math.min(MAX_AGREEMENTS, rows + AGREEMENT_ROWS) },
          { associatedInputs: 'auto' },
        ),
      ]),
    );
  return card(body, [
    execute(o.save, 'dialogue.outcome.submit', { dialogueId: d.id, formId, rows }, { style: 'positive' }),
    execute(ctx.s.actions.cancel, 'dialogue.view', { dialogueId: d.id }, noInputs),
  ]);
}

/** The summary and agreements on a dialogue's card, with "done" for open agreements. */
export function outcomeSection(ctx: CardContext, d: DialogueView, agreements: Agreement[]): Element[] {
  const t = ctx.s.dialogues;
  const o = t.outcome;
  if (!d.outcomeRecordedAt) return [];
  const day = (iso: string) => formatDate(new Date(`${iso}T12:00:00Z`), ctx.locale, ctx.timeZone);
  return [
    para(o.notes, { weight: 'Bolder', spacing: 'Large', separator: true }),
    facts(TOPICS.map((topic) => [t.topics[topic], d.notes?.[topic] ?? ''])),
    para(o.agreements, { weight: 'Bolder', spacing: 'Medium' }),
    ...(agreements.length
      ? agreements.map((a) =>
          a.status === 'done'
            ? para(`${t.card.agreementLine(a.text, a.ownerName, day(a.dueOn))} · ${o.done}`, {
                isSubtle: true,
                spacing: 'Small',
              })
            : container(
                [
                  para(t.card.agreementLine(a.text, a.ownerName, day(a.dueOn)), { spacing: 'None' }),
                  actionSet([execute(o.markDone, 'dialogue.agreement.done', { agreementId: a.id }, noInputs)]),
                ],
                { spacing: 'Small' },
              ),
        )
      : [subtle(o.noAgreements)]),
  ];
}
