import { problemLabel } from '../../domain/framework.js';
import { isOpen, nextStages, FINAL_STAGES, type Stage } from '../../domain/portfolio.js';
import type { InitiativePage, PortfolioPage } from '../../services/portfolio.service.js';
import type { ClusterView } from '../../views/clusters.js';
import type { InitiativeView, Learning } from '../../views/portfolio.js';
import { formatDate } from '../../i18n/i18n.js';
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
import type { CardContext } from './card-context.js';

const OPEN_SHOWN = 15;
const SETTLED_SHOWN = 8;

export interface Feedback {
  notice?: string;
  problem?: string;
}

const day = (ctx: CardContext, iso: string) => formatDate(new Date(`${iso}T12:00:00Z`), ctx.locale, ctx.timeZone);
export const noInputs = { associatedInputs: 'none' };

export const feedback = (f: Feedback = {}): Element[] => [
  ...(f.notice ? [good(f.notice)] : []),
  ...(f.problem ? [attention(f.problem)] : []),
];

/** "Idé 2 · I gang 5 · Stoppet 3": the portfolio in one line, in stage order. */
export function portfolioSummary(ctx: CardContext, counts: Partial<Record<Stage, number>>): string | undefined {
  const p = ctx.s.portfolio;
  const parts = Object.keys(p.stage)
    .filter((s) => (counts[s as Stage] ?? 0) > 0)
    .map((s) => `${p.stage[s]} ${counts[s as Stage]}`);
  return parts.length ? parts.join(' · ') : undefined;
}

/** The portfolio part of the cluster card: counts by stage and where the review stands. */
export function portfolioSection(ctx: CardContext, view: ClusterView): Element[] {
  const p = ctx.s.portfolio.portfolio;
  const summary = portfolioSummary(ctx, view.portfolio ?? {});
  const open = OPEN_COUNT(view);
  const lines: Element[] = [
    para(summary ?? ctx.s.clusters.card.portfolioEmpty, { spacing: 'None', ...(summary ? {} : { isSubtle: true }) }),
  ];
  if (view.openReview)
    lines.push(
      para(p.reviewOpen(view.openReview.decided, Math.max(open, view.openReview.decided)), {
        color: 'Warning',
        size: 'Small',
        spacing: 'Small',
      }),
    );
  else if (view.lastReview) {
    const date = formatDate(view.lastReview.closedAt, ctx.locale, ctx.timeZone);
    lines.push(subtle(p.lastReview(date, view.lastReview.roomForNew ? ctx.s.portfolio.yes : ctx.s.portfolio.no)));
  }
  return [
    { type: 'TextBlock', text: ctx.s.clusters.card.portfolio, weight: 'Bolder', wrap: true, spacing: 'Medium' },
    ...lines,
  ];
}

const OPEN_COUNT = (view: ClusterView) =>
  (['idea', 'running', 'evaluating'] as const).reduce((n, s) => n + (view.portfolio?.[s] ?? 0), 0);

export function initiativeRow(ctx: CardContext, i: InitiativeView, extra: Element[] = []): Element {
  // A row with its own buttons is not itself a button: Teams would not know which one was meant.
  const select = extra.length
    ? {}
    : { selectAction: execute(ctx.s.portfolio.actions.view, 'initiative.view', { initiativeId: i.id }) };
  const p = ctx.s.portfolio;
  return container(
    [
      {
        type: 'ColumnSet',
        columns: [
          {
            type: 'Column',
            width: 'stretch',
            items: [
              para(i.title, { weight: 'Bolder', spacing: 'None' }),
              subtle(p.portfolio.meta(p.kind[i.kind], i.ownerName, day(ctx, i.nextReviewOn), i.learningCount)),
              ...extra,
            ],
          },
          {
            type: 'Column',
            width: 'auto',
            items: [
              para(p.stage[i.stage], {
                size: 'Small',
                weight: 'Bolder',
                color: i.stage === 'stopped' ? 'Attention' : isOpen(i.stage) ? 'Accent' : 'Good',
                spacing: 'None',
              }),
            ],
          },
        ],
      },
    ],
    { spacing: 'Medium', separator: true, ...select },
  );
}

/** A cluster's portfolio: open initiatives first, then those settled; add, review, back. */
export function portfolioCard(ctx: CardContext, page: PortfolioPage, fb: Feedback = {}): Card {
  const p = ctx.s.portfolio;
  const { cluster, initiatives } = page;
  const open = initiatives.filter((i) => isOpen(i.stage));
  const settled = initiatives.filter((i) => !isOpen(i.stage));
  const body: Element[] = [heading(p.portfolio.title(cluster.name)), subtle(p.portfolio.intro), ...feedback(fb)];
  if (page.review)
    body.push(
      para(p.portfolio.reviewOpen(page.review.decisions.length, Math.max(open.length, page.review.decisions.length)), {
        color: 'Warning',
        spacing: 'Small',
      }),
    );
  if (initiatives.length === 0) body.push(para(p.portfolio.empty, { isSubtle: true }));
  if (open.length) {
    body.push({ type: 'TextBlock', text: `${p.portfolio.open} (${open.length})`, weight: 'Bolder', spacing: 'Medium' });
    body.push(...open.slice(0, OPEN_SHOWN).map((i) => initiativeRow(ctx, i)));
    if (open.length > OPEN_SHOWN) body.push(subtle(ctx.s.clusters.card.more(open.length - OPEN_SHOWN)));
  }
  if (settled.length) {
    body.push({
      type: 'TextBlock',
      text: `${p.portfolio.settled} (${settled.length})`,
      weight: 'Bolder',
      spacing: 'Large',
    });
    body.push(...settled.slice(0, SETTLED_SHOWN).map((i) => initiativeRow(ctx, i)));
    if (settled.length > SETTLED_SHOWN) body.push(subtle(ctx.s.clusters.card.more(settled.length - SETTLED_SHOWN)));
  }
  if (!page.canEdit) body.push(para(p.portfolio.readOnly, { isSubtle: true, spacing: 'Medium' }));
  const id = { clusterId: cluster.id };
  const actions: Element[] = [];
  if (page.canEdit) actions.push(execute(p.actions.add, 'initiative.form.open', id, { style: 'positive' }));
  if (page.review && page.canEdit)
    actions.push(execute(p.actions.continueReview, 'review.view', { reviewId: page.review.id }));
  else if (page.canLead && open.length) actions.push(execute(p.actions.startReview, 'review.start', id));
  actions.push(execute(p.actions.backToCluster, 'cluster.view', id, noInputs));
  return card(body, actions);
}

function learningItems(ctx: CardContext, learnings: Learning[]): Element[] {
  const i = ctx.s.portfolio.initiative;
  const l = ctx.s.portfolio.learning;
  if (learnings.length === 0) return [subtle(i.noLearnings)];
  return learnings.map((x) =>
    container(
      [
        facts([
          [l.shown[x.origin].tried, x.tried],
          [l.shown[x.origin].happened, x.happened],
          ...(x.advice ? ([[l.shown[x.origin].advice, x.advice]] as [string, string][]) : []),
        ]),
        subtle(i.learningBy(x.authorName, formatDate(x.createdAt, ctx.locale, ctx.timeZone))),
      ],
      { separator: true, spacing: 'Small' },
    ),
  );
}

/** One initiative: what it is, where it stands, what was learned; members move it along and log learnings. */
export function initiativeCard(ctx: CardContext, page: InitiativePage, fb: Feedback = {}): Card {
  const p = ctx.s.portfolio;
  const i = p.initiative;
  const x = page.initiative;
  const body: Element[] = [
    ...feedback(fb),
    heading(x.title),
    subtle(`${p.kind[x.kind]} · ${x.clusterName}`),
    facts([
      [i.stage, p.stage[x.stage]],
      [i.owner, x.ownerName],
      [i.problems, x.problems.map((id) => problemLabel(ctx.framework, id, ctx.locale)).join(', ')],
      ...(x.units.length ? ([[i.units, x.units.map((u) => u.name).join(', ')]] as [string, string][]) : []),
      ...(x.startsOn ? ([[i.starts, day(ctx, x.startsOn)]] as [string, string][]) : []),
      ...(isOpen(x.stage) ? ([[i.nextReview, day(ctx, x.nextReviewOn)]] as [string, string][]) : []),
    ]),
    { type: 'TextBlock', text: i.hypothesis, weight: 'Bolder', spacing: 'Medium' },
    para(x.hypothesis, { spacing: 'None' }),
    { type: 'TextBlock', text: `${i.learnings} (${x.learningCount})`, weight: 'Bolder', spacing: 'Medium' },
    ...learningItems(ctx, page.learnings),
  ];
  const actions: Element[] = [];
  if (page.canEdit) {
    const moves = nextStages(x.stage).filter((s) => !FINAL_STAGES.includes(s));
    if (moves.length) {
      body.push(
        actionSet(
          moves.map((to) =>
            execute(
              p.actions.moveTo(p.stage[to]),
              'initiative.stage',
              { initiativeId: x.id, from: x.stage, to },
              noInputs,
            ),
          ),
          { spacing: 'Medium' },
        ),
      );
      body.push(subtle(i.finalInReview));
    }
    actions.push(execute(p.actions.logLearning, 'learning.form.open', { initiativeId: x.id }, { style: 'positive' }));
  }
  actions.push(execute(p.actions.backToPortfolio, 'portfolio.view', { clusterId: x.clusterId }, noInputs));
  return card(body, actions);
}
