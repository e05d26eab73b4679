import {
  AGREEMENT_ROWS,
  DURATIONS,
  DEFAULT_DURATION,
  MAX_AGREEMENTS,
  OUTCOME_LIMITS,
  TOPICS,
  type OutcomeErrors,
  type PlanFieldErrors,
} from '../../domain/dialogue.js';
import { addDays } from '../../domain/portfolio.js';
import type { TimesFound } from '../../services/dialogues.service.js';
import type { DialogueView } from '../../services/views/dialogues.js';
import type { PlannableUnit, UnitDialogueState } from '../../services/views/dialogues.js';
import type { Agreement } from '../../services/views/dialogues.js';
import { formatDate, formatSlot, formatTime } from '../../i18n/i18n.js';
import {
  actionSet,
  attention,
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
} from './card-kit.js';
import { dateFrom, type CardContext, withLimit } from './card-context.js';

type Values = Record<string, unknown>;
const str = (v: Values | undefined, k: string) => (typeof v?.[k] === 'string' ? v[k] : undefined);
const noInputs = { associatedInputs: 'none' };
const errorFor = (ctx: CardContext, errors: PlanFieldErrors, field: keyof PlanFieldErrors): Element[] =>
  errors[field] ? [attention(ctx.s.dialogues.errors[errors[field]] ?? ctx.s.fieldErrors.required)] : [];

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

function manualForm(
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
