import { randomUUID } from 'node:crypto';
import type { PortfolioFieldErrors } from '../domain/portfolio.js';
import type { PortfolioService } from '../services/portfolio.service.js';
import type { CardAction } from './actions.js';
import type { CardContext } from './cards/card-context.js';
import type { Card } from './cards/card-kit.js';
import { messageCard } from './cards/help.card.js';
import { initiativeCard, portfolioCard, type Feedback } from './cards/portfolio.card.js';
import { initiativeFormCard, learningFormCard } from './cards/portfolio-form.card.js';
import { reviewCard, reviewItemCard, type CloseState } from './cards/review.card.js';
import { formatDate } from '../i18n/i18n.js';
import { dispatch, type VerbHandlers } from './verb-handlers.js';

type Verb = `portfolio.${string}` | `initiative.${string}` | `learning.${string}` | `review.${string}`;
export type PortfolioAction = Extract<CardAction, { verb: Verb }>;

const PREFIXES = ['portfolio.', 'initiative.', 'learning.', 'review.'];
export function isPortfolioAction(a: CardAction): a is PortfolioAction {
  return PREFIXES.some((p) => a.verb.startsWith(p));
}

/** Portfolio verbs: parse, call one service, render one card. */
export function createPortfolioRouter(portfolio: PortfolioService) {
  const notFound = (ctx: CardContext) => messageCard(ctx, ctx.s.portfolio.errors.notFound, 'attention');

  async function showPortfolio(ctx: CardContext, clusterId: string, fb?: Feedback): Promise<Card> {
    const page = await portfolio.portfolio(ctx.viewer, clusterId);
    return page ? portfolioCard(ctx, page, fb) : notFound(ctx);
  }

  async function showInitiative(ctx: CardContext, initiativeId: string, fb?: Feedback): Promise<Card> {
    const page = await portfolio.initiative(ctx.viewer, initiativeId);
    return page ? initiativeCard(ctx, page, fb) : notFound(ctx);
  }

  async function showReview(ctx: CardContext, reviewId: string, fb?: Feedback, close?: CloseState): Promise<Card> {
    const review = await portfolio.review(reviewId);
    const page = review && (await portfolio.portfolio(ctx.viewer, review.clusterId));
    return review && page ? reviewCard(ctx, page, review, fb, close) : notFound(ctx);
  }

  async function initiativeForm(
    ctx: CardContext,
    clusterId: string,
    formId: string,
    values?: Record<string, unknown>,
    errors?: PortfolioFieldErrors,
  ): Promise<Card> {
    const page = await portfolio.portfolio(ctx.viewer, clusterId);
    if (!page) return notFound(ctx);
    if (!page.canEdit) return portfolioCard(ctx, page, { problem: ctx.s.portfolio.errors.forbidden });
    return initiativeFormCard(ctx, formId, page.cluster, await portfolio.units(), portfolio.today(), values, errors);
  }

  async function learningForm(
    ctx: CardContext,
    initiativeId: string | undefined,
    formId: string,
    values?: Record<string, unknown>,
    errors?: PortfolioFieldErrors,
    clusterId?: string,
  ): Promise<Card> {
    if (!initiativeId && clusterId) {
      // From the channel card: the cluster's own initiatives, open ones first.
      const page = await portfolio.portfolio(ctx.viewer, clusterId);
      if (!page) return notFound(ctx);
      if (!page.canEdit) return portfolioCard(ctx, page, { problem: ctx.s.portfolio.errors.forbidden });
      return learningFormCard(ctx, formId, page.initiatives, values, errors);
    }
    if (!initiativeId) return learningFormCard(ctx, formId, await portfolio.learnable(ctx.viewer), values, errors);
    const page = await portfolio.initiative(ctx.viewer, initiativeId);
    if (!page) return notFound(ctx);
    if (!page.canEdit) return initiativeCard(ctx, page, { problem: ctx.s.portfolio.errors.forbidden });
    return learningFormCard(ctx, formId, [page.initiative], values, errors);
  }

  const refusal = (ctx: CardContext, reason: string): string => {
    const e = ctx.s.portfolio.errors;
    if (reason === 'reviewOnly') return ctx.s.portfolio.initiative.finalInReview;
    return reason === 'forbidden'
      ? e.forbidden
      : reason === 'closed'
        ? ctx.s.portfolio.review.alreadyClosed
        : reason === 'moved'
          ? ctx.s.portfolio.initiative.movedByOther
          : e.notFound;
  };

  const handlers: VerbHandlers<PortfolioAction, { ctx: CardContext }, Card> = {
    'portfolio.view': async (action, { ctx }) => {
      return showPortfolio(ctx, action.clusterId);
    },
    'initiative.form.open': async (action, { ctx }) => {
      return initiativeForm(ctx, action.clusterId, randomUUID());
    },
    'initiative.form.cancel': async (action, { ctx }) => {
      const p = ctx.s.portfolio;
      return showPortfolio(ctx, action.clusterId, { notice: p.form.cancelled });
    },
    'initiative.form.submit': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const p = ctx.s.portfolio;
      const raw = action as Record<string, unknown>;
      const r = await portfolio.addInitiative(viewer, action.clusterId, action.formId, raw);
      if (r.ok)
        return showInitiative(ctx, r.initiativeId, {
          notice: p.form.added(typeof raw.title === 'string' ? raw.title.trim() : ''),
        });
      if ('errors' in r) return initiativeForm(ctx, action.clusterId, action.formId, raw, r.errors);
      return r.reason === 'forbidden'
        ? showPortfolio(ctx, action.clusterId, { problem: p.errors.forbidden })
        : notFound(ctx);
    },
    'initiative.view': async (action, { ctx }) => {
      return showInitiative(ctx, action.initiativeId);
    },
    'initiative.stage': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const p = ctx.s.portfolio;
      const r = await portfolio.moveStage(viewer, action.initiativeId, action.from, action.to);
      if (r.ok) return showInitiative(ctx, action.initiativeId, { notice: p.initiative.moved(p.stage[action.to]) });
      if ('errors' in r || r.reason === 'notFound') return notFound(ctx);
      return showInitiative(ctx, action.initiativeId, { problem: refusal(ctx, r.reason) });
    },
    'learning.form.open': async (action, { ctx }) => {
      return learningForm(ctx, action.initiativeId, randomUUID(), undefined, undefined, action.clusterId);
    },
    'learning.submit': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const p = ctx.s.portfolio;
      const raw = action as Record<string, unknown>;
      const r = await portfolio.logLearning(viewer, action.initiativeId, action.formId, raw);
      if (r.ok) return showInitiative(ctx, action.initiativeId!, { notice: p.learning.saved });
      if ('errors' in r)
        return learningForm(ctx, r.errors.initiativeId ? undefined : action.initiativeId, action.formId, raw, r.errors);
      if (r.reason === 'forbidden' && action.initiativeId)
        return showInitiative(ctx, action.initiativeId, { problem: p.errors.forbidden });
      return notFound(ctx);
    },
    'review.start': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const p = ctx.s.portfolio;
      const r = await portfolio.startReview(viewer, action.clusterId);
      if (r.ok) return showReview(ctx, r.reviewId, { notice: r.created ? p.review.started : p.review.alreadyOpen });
      if ('errors' in r || r.reason === 'notFound') return notFound(ctx);
      return showPortfolio(ctx, action.clusterId, { problem: p.review.forbidden });
    },
    'review.view': async (action, { ctx }) => {
      return showReview(ctx, action.reviewId);
    },
    'review.item.open': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const p = ctx.s.portfolio;
      const [review, page] = await Promise.all([
        portfolio.review(action.reviewId),
        portfolio.initiative(viewer, action.initiativeId),
      ]);
      if (!review || !page || page.initiative.clusterId !== review.clusterId) return notFound(ctx);
      if (review.closedAt) return showReview(ctx, action.reviewId, { problem: p.review.alreadyClosed });
      if (!page.canEdit) return showReview(ctx, action.reviewId, { problem: p.errors.forbidden });
      return reviewItemCard(ctx, review, page.initiative);
    },
    'review.item.submit': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const p = ctx.s.portfolio;
      const raw = action as Record<string, unknown>;
      const r = await portfolio.decide(viewer, action.reviewId, action.initiativeId, raw);
      if (r.ok) {
        const page = await portfolio.initiative(viewer, action.initiativeId);
        return showReview(ctx, action.reviewId, { notice: p.review.saved(page?.initiative.title ?? '') });
      }
      if ('errors' in r) {
        const [review, page] = await Promise.all([
          portfolio.review(action.reviewId),
          portfolio.initiative(viewer, action.initiativeId),
        ]);
        return review && page ? reviewItemCard(ctx, review, page.initiative, raw, r.errors) : notFound(ctx);
      }
      if (r.reason === 'notFound') return notFound(ctx);
      return showReview(ctx, action.reviewId, {
        problem: r.reason === 'moved' ? p.review.notOpen : refusal(ctx, r.reason),
      });
    },
    'review.close': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const p = ctx.s.portfolio;
      const raw = action as Record<string, unknown>;
      const r = await portfolio.closeReview(viewer, action.reviewId, raw);
      if (r.ok) {
        const review = await portfolio.review(action.reviewId);
        const page = review && (await portfolio.portfolio(viewer, review.clusterId));
        if (!page) return notFound(ctx);
        const next = formatDate(new Date(`${page.cluster.nextReviewOn}T12:00:00Z`), ctx.locale, ctx.timeZone);
        return portfolioCard(ctx, page, { notice: p.review.closed(next) });
      }
      if ('errors' in r) return showReview(ctx, action.reviewId, undefined, { values: raw, errors: r.errors });
      switch (r.reason) {
        case 'undecided':
          return showReview(
            ctx,
            action.reviewId,
            { problem: p.review.undecided((r as { count: number }).count) },
            { values: raw },
          );
        case 'forbidden':
          return showReview(ctx, action.reviewId, { problem: p.review.forbidden });
        case 'closed':
          return showReview(ctx, action.reviewId, { problem: p.review.alreadyClosed });
        default:
          return notFound(ctx);
      }
    },
  };

  async function handle(ctx: CardContext, action: PortfolioAction): Promise<Card> {
    return dispatch(handlers, action, { ctx });
  }

  return { handle, learningForm: (ctx: CardContext) => learningForm(ctx, undefined, randomUUID()) };
}
export type PortfolioRouter = ReturnType<typeof createPortfolioRouter>;
