import { isOpen, PORTFOLIO_LIMITS, REVIEW_DECISIONS, type PortfolioFieldErrors } from '../../domain/portfolio.js';
import type { PortfolioPage } from '../../services/portfolio.service.js';
import type { InitiativeView, ReviewView } from '../../views/portfolio.js';
import { actionSet, attention, card, execute, heading, para, subtle, type Card, type Element } from './card-kit.js';
import { type CardContext, withLimit } from './card-context.js';
import { feedback, initiativeRow, noInputs, type Feedback } from './portfolio.card.js';
import { errorFor, str, type Values } from './portfolio-form.card.js';

/** Initiatives a review walks: those open when it started and those it has decided on. */
export function reviewItems(page: PortfolioPage, review: ReviewView): InitiativeView[] {
  const decided = new Set(review.decisions.map((d) => d.initiativeId));
  return page.initiatives.filter((i) => isOpen(i.stage) || decided.has(i.id));
}

export interface CloseState {
  values?: Values;
  errors?: PortfolioFieldErrors;
}

/** The review walk: every open initiative with its decision or "not yet"; the coordinator closes it. */
export function reviewCard(
  ctx: CardContext,
  page: PortfolioPage,
  review: ReviewView,
  fb: Feedback = {},
  close: CloseState = {},
): Card {
  const p = ctx.s.portfolio;
  const r = p.review;
  const items = reviewItems(page, review);
  const decisions = new Map(review.decisions.map((d) => [d.initiativeId, d]));
  const body: Element[] = [heading(r.title(page.cluster.name)), subtle(r.intro), ...feedback(fb)];
  if (review.closedAt) body.push(para(r.alreadyClosed, { color: 'Good' }));
  if (items.length === 0) body.push(para(r.nothingOpen, { isSubtle: true }));
  for (const x of items.slice(0, 25)) {
    const d = decisions.get(x.id);
    const status = d
      ? para(
          `${r.decided(p.decision[d.decision], d.decidedByName)} · ${p.stage[d.stageBefore]} → ${p.stage[d.stageAfter]}`,
          { color: d.decision === 'stop' ? 'Attention' : 'Good', size: 'Small', spacing: 'None' },
        )
      : para(r.undecidedMark, { color: 'Warning', size: 'Small', spacing: 'None' });
    const why = d ? [subtle(d.rationale)] : [];
    const button =
      page.canEdit && !review.closedAt
        ? [
            actionSet([
              execute(
                d ? p.actions.reassess : p.actions.assess,
                'review.item.open',
                { reviewId: review.id, initiativeId: x.id },
                noInputs,
              ),
            ]),
          ]
        : [];
    body.push(initiativeRow(ctx, x, [status, ...why, ...button]));
  }
  if (items.length > 25) body.push(subtle(ctx.s.clusters.card.more(items.length - 25)));
  const actions: Element[] = [];
  if (!review.closedAt && page.canLead) {
    const errors = close.errors ?? {};
    body.push(
      {
        type: 'Input.ChoiceSet',
        id: 'roomForNew',
        label: r.roomLabel,
        separator: true,
        spacing: 'Large',
        style: 'expanded',
        isRequired: true,
        errorMessage: ctx.s.fieldErrors.required,
        choices: [
          { title: p.yes, value: 'yes' },
          { title: p.no, value: 'no' },
        ],
        value: str(close.values, 'roomForNew'),
      },
      ...errorFor(ctx, errors, 'roomForNew'),
      {
        type: 'Input.Text',
        id: 'note',
        label: withLimit(ctx, r.noteLabel, PORTFOLIO_LIMITS.note.max),
        isMultiline: true,
        value: str(close.values, 'note'),
      },
      ...errorFor(ctx, errors, 'note'),
    );
    actions.push(execute(p.actions.closeReview, 'review.close', { reviewId: review.id }, { style: 'positive' }));
  } else if (!review.closedAt) body.push(subtle(r.leadOnly));
  actions.push(execute(p.actions.backToPortfolio, 'portfolio.view', { clusterId: page.cluster.id }, noInputs));
  return card(body, actions);
}

/** One initiative in a review: relevant? can we cope? decision with rationale; a learning when stopping. */
export function reviewItemCard(
  ctx: CardContext,
  review: ReviewView,
  x: InitiativeView,
  values: Values = {},
  errors: PortfolioFieldErrors = {},
): Card {
  const p = ctx.s.portfolio;
  const r = p.review;
  const previous = review.decisions.find((d) => d.initiativeId === x.id);
  const yesNo = [
    { title: p.yes, value: 'yes' },
    { title: p.no, value: 'no' },
  ];
  const required = { isRequired: true, errorMessage: ctx.s.fieldErrors.required };
  const prior = (key: string, fromDecision: string | undefined) => str(values, key) ?? fromDecision;
  const body: Element[] = [
    heading(r.itemTitle(x.title)),
    subtle(`${p.kind[x.kind]} · ${p.stage[previous?.stageBefore ?? x.stage]} · ${x.ownerName}`),
    para(x.hypothesis, { spacing: 'Small' }),
    ...(Object.keys(errors).length ? [attention(ctx.s.form.fixErrors)] : []),
    {
      type: 'Input.ChoiceSet',
      id: 'relevant',
      label: r.relevant,
      style: 'expanded',
      ...required,
      choices: yesNo,
      value: prior('relevant', previous ? (previous.relevant ? 'yes' : 'no') : undefined),
    },
    ...errorFor(ctx, errors, 'relevant'),
    {
      type: 'Input.ChoiceSet',
      id: 'canCope',
      label: r.canCope,
      style: 'expanded',
      ...required,
      choices: yesNo,
      value: prior('canCope', previous ? (previous.canCope ? 'yes' : 'no') : undefined),
    },
    ...errorFor(ctx, errors, 'canCope'),
    {
      type: 'Input.ChoiceSet',
      id: 'decision',
      label: r.decisionLabel,
      style: 'expanded',
      ...required,
      choices: REVIEW_DECISIONS.map((d) => ({ title: p.decision[d], value: d })),
      value: prior('decision', previous?.decision),
    },
    ...errorFor(ctx, errors, 'decision'),
    {
      type: 'Input.Text',
      id: 'rationale',
      label: withLimit(ctx, r.rationaleLabel, PORTFOLIO_LIMITS.rationale.max),
      isMultiline: true,
      ...required,
      value: prior('rationale', previous?.rationale),
    },
    ...errorFor(ctx, errors, 'rationale'),
    {
      type: 'Input.Text',
      id: 'learning',
      label: withLimit(
        ctx,
        x.learningCount > 0 ? r.learningOptionalLabel : r.learningLabel,
        PORTFOLIO_LIMITS.learning.max,
      ),
      isMultiline: true,
      value: str(values, 'learning'),
    },
    ...errorFor(ctx, errors, 'learning'),
  ];
  return card(body, [
    execute(
      p.actions.saveDecision,
      'review.item.submit',
      { reviewId: review.id, initiativeId: x.id },
      { style: 'positive' },
    ),
    execute(p.actions.backToReview, 'review.view', { reviewId: review.id }, noInputs),
  ]);
}
