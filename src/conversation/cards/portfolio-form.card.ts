import { problemLabel } from '../../domain/framework.js';
import {
  INITIATIVE_KINDS,
  PORTFOLIO_LIMITS,
  type PortfolioFieldErrorCode,
  type PortfolioFieldErrors,
} from '../../domain/portfolio.js';
import type { ClusterView } from '../../views/clusters.js';
import type { InitiativeView } from '../../views/portfolio.js';
import { attention, card, execute, heading, para, subtle, type Card, type Element } from './card-kit.js';
import { dateFrom, type CardContext, withLimit } from './card-context.js';
import { noInputs } from './portfolio.card.js';

// The portfolio's forms: a new initiative, a learning, and the field errors they (and the review) show.

const UNITS_OFFERED = 40;

type Field = keyof PortfolioFieldErrors;
export type Values = Record<string, unknown>;

export const str = (values: Values | undefined, key: string) =>
  typeof values?.[key] === 'string' ? values[key] : undefined;

function limitFor(field: Field): { min?: number; max?: number } {
  if (field === 'title' || field === 'hypothesis' || field === 'rationale' || field === 'note')
    return PORTFOLIO_LIMITS[field];
  return PORTFOLIO_LIMITS.learning;
}

export function portfolioFieldError(ctx: CardContext, field: Field, code: PortfolioFieldErrorCode): string {
  const e = ctx.s.portfolio.errors;
  switch (code) {
    case 'tooShort':
      return ctx.s.fieldErrors.tooShort(limitFor(field).min ?? 1);
    case 'tooLong':
      return ctx.s.fieldErrors.tooLong(limitFor(field).max ?? 0);
    case 'unknownChoice':
      return ctx.s.fieldErrors.unknownChoice;
    case 'chooseAtLeastOne':
      return ctx.s.fieldErrors.chooseAtLeastOne;
    case 'invalidDate':
      return e.invalidDate;
    case 'dateInPast':
      return e.dateInPast;
    case 'learningRequired':
      return e.learningRequired;
    case 'unknownPerson':
      return e.unknownPerson;
    default:
      return ctx.s.fieldErrors.required;
  }
}

export const errorFor = (ctx: CardContext, errors: PortfolioFieldErrors, field: Field): Element[] =>
  errors[field] ? [attention(portfolioFieldError(ctx, field, errors[field]))] : [];

/** Units offered in the form: those the cluster's members come from first, then the rest, at most 40. */
export function unitChoices(
  cluster: ClusterView,
  units: { id: string; name: string }[],
  chosen: string[] = [],
): { id: string; name: string }[] {
  const memberUnits = new Set(cluster.members.map((m) => m.unitId).filter(Boolean));
  const first = (u: { id: string }) => (chosen.includes(u.id) ? 0 : memberUnits.has(u.id) ? 1 : 2);
  return [...units].sort((a, b) => first(a) - first(b) || a.name.localeCompare(b.name, 'da')).slice(0, UNITS_OFFERED);
}

/** The form for a new initiative in a cluster's portfolio. The form id makes a double click harmless. */
export function initiativeFormCard(
  ctx: CardContext,
  formId: string,
  cluster: ClusterView,
  units: { id: string; name: string }[],
  today: string,
  values: Values = {},
  errors: PortfolioFieldErrors = {},
): Card {
  const p = ctx.s.portfolio;
  const f = p.form;
  const required = { isRequired: true, errorMessage: ctx.s.fieldErrors.required };
  const chosenUnits = (str(values, 'units') ?? '').split(',').filter(Boolean);
  const body: Element[] = [
    heading(f.title(cluster.name)),
    ...(Object.keys(errors).length ? [attention(ctx.s.form.fixErrors)] : []),
    {
      type: 'Input.ChoiceSet',
      id: 'kind',
      label: f.kindLabel,
      style: 'expanded',
      ...required,
      choices: INITIATIVE_KINDS.map((k) => ({ title: p.kind[k], value: k })),
      value: str(values, 'kind') ?? 'trialAction',
    },
    ...errorFor(ctx, errors, 'kind'),
    {
      type: 'Input.Text',
      id: 'title',
      label: withLimit(ctx, f.titleLabel, PORTFOLIO_LIMITS.title.max),
      ...required,
      value: str(values, 'title'),
    },
    ...errorFor(ctx, errors, 'title'),
    {
      type: 'Input.Text',
      id: 'hypothesis',
      label: withLimit(ctx, f.hypothesisLabel, PORTFOLIO_LIMITS.hypothesis.max),
      isMultiline: true,
      ...required,
      value: str(values, 'hypothesis'),
    },
    ...errorFor(ctx, errors, 'hypothesis'),
    {
      type: 'Input.ChoiceSet',
      id: 'problems',
      label: f.problemsLabel,
      isMultiSelect: true,
      style: 'expanded',
      ...required,
      choices: ctx.framework.problems.map((pr) => ({
        title: problemLabel(ctx.framework, pr.id, ctx.locale),
        value: pr.id,
      })),
      value: str(values, 'problems') ?? cluster.problems.join(','),
    },
    ...errorFor(ctx, errors, 'problems'),
    {
      type: 'Input.ChoiceSet',
      id: 'owner',
      label: f.ownerLabel,
      // Left empty, it is the reader (the service's default); the placeholder says so in every client
      // (the Playground's people picker shows no name for a preset value).
      placeholder: f.ownerPlaceholder(ctx.viewer.name),
      choices: [{ title: ctx.s.clusters.form.you(ctx.viewer.name), value: ctx.viewer.id }],
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
      value: str(values, 'owner'),
    },
    subtle(f.ownerDefault(ctx.viewer.name)),
    ...errorFor(ctx, errors, 'owner'),
    {
      type: 'Input.ChoiceSet',
      id: 'units',
      label: f.unitsLabel,
      isMultiSelect: true,
      style: 'compact',
      choices: unitChoices(cluster, units, chosenUnits).map((u) => ({ title: u.name, value: u.id })),
      value: chosenUnits.join(','),
    },
    ...errorFor(ctx, errors, 'units'),
    {
      type: 'ColumnSet',
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            { type: 'Input.Date', id: 'startsOn', label: f.startsLabel, value: str(values, 'startsOn') ?? today },
            ...errorFor(ctx, errors, 'startsOn'),
          ],
        },
        {
          type: 'Column',
          width: 'stretch',
          items: [
            {
              type: 'Input.Date',
              id: 'nextReviewOn',
              label: f.reviewLabel,
              ...dateFrom(ctx, today),
              value: str(values, 'nextReviewOn') ?? cluster.nextReviewOn,
            },
            ...errorFor(ctx, errors, 'nextReviewOn'),
          ],
        },
      ],
    },
  ];
  return card(body, [
    execute(p.actions.save, 'initiative.form.submit', { formId, clusterId: cluster.id }, { style: 'positive' }),
    execute(ctx.s.actions.cancel, 'initiative.form.cancel', { clusterId: cluster.id }, noInputs),
  ]);
}

/**
 * "Registrér læring": fixed to one initiative when opened from it, otherwise a choice among the
 * initiatives in the viewer's clusters.
 */
export function learningFormCard(
  ctx: CardContext,
  formId: string,
  initiatives: Pick<InitiativeView, 'id' | 'title' | 'clusterName'>[],
  values: Values = {},
  errors: PortfolioFieldErrors = {},
): Card {
  const p = ctx.s.portfolio;
  const l = p.learning;
  if (initiatives.length === 0)
    return card(
      [heading(p.actions.logLearning), para(l.noneToChoose)],
      [execute(ctx.s.clusters.actions.mine, 'clusters.list', { scope: 'mine' })],
    );
  const required = { isRequired: true, errorMessage: ctx.s.fieldErrors.required };
  const single = initiatives.length === 1 ? initiatives[0] : undefined;
  const body: Element[] = [
    heading(single ? l.title(single.title) : p.actions.logLearning),
    subtle(l.intro),
    ...(Object.keys(errors).length ? [attention(ctx.s.form.fixErrors)] : []),
    ...(single
      ? []
      : [
          {
            type: 'Input.ChoiceSet',
            id: 'initiativeId',
            label: l.chooseLabel,
            style: 'filtered',
            ...required,
            choices: initiatives.slice(0, 100).map((x) => ({ title: `${x.title} (${x.clusterName})`, value: x.id })),
            value: str(values, 'initiativeId'),
          },
          ...errorFor(ctx, errors, 'initiativeId'),
        ]),
    {
      type: 'Input.Text',
      id: 'tried',
      label: withLimit(ctx, l.triedLabel, PORTFOLIO_LIMITS.learning.max),
      isMultiline: true,
      ...required,
      value: str(values, 'tried'),
    },
    ...errorFor(ctx, errors, 'tried'),
    {
      type: 'Input.Text',
      id: 'happened',
      label: withLimit(ctx, l.happenedLabel, PORTFOLIO_LIMITS.learning.max),
      isMultiline: true,
      ...required,
      value: str(values, 'happened'),
    },
    ...errorFor(ctx, errors, 'happened'),
    {
      type: 'Input.Text',
      id: 'advice',
      label: withLimit(ctx, l.adviceLabel, PORTFOLIO_LIMITS.learning.max),
      isMultiline: true,
      value: str(values, 'advice'),
    },
    ...errorFor(ctx, errors, 'advice'),
  ];
  return card(body, [
    execute(
      p.actions.saveLearning,
      'learning.submit',
      { formId, ...(single ? { initiativeId: single.id } : {}) },
      { style: 'positive' },
    ),
    execute(
      ctx.s.actions.cancel,
      single ? 'initiative.view' : 'help',
      single ? { initiativeId: single.id } : {},
      noInputs,
    ),
  ]);
}
