import { randomUUID } from 'node:crypto';
import type { PlanFieldErrors } from '../domain/dialogue.js';
import type { DialogueService } from '../services/dialogues.service.js';
import type { CardAction } from './actions.js';
import type { CardContext } from './cards/card-context.js';
import type { Card } from './cards/card-kit.js';
import { areaCard } from './cards/dialogue/area.card.js';
import { dialogueCard, dialogueListCard } from './cards/dialogue/dialogue.card.js';
import { outcomeFormCard } from './cards/dialogue/outcome.card.js';
import { planFormCard } from './cards/dialogue/plan-form.card.js';
import { slotsCard } from './cards/dialogue/slots.card.js';
import { AGREEMENT_ROWS, type OutcomeErrors } from '../domain/dialogue.js';
import { messageCard } from './cards/help.card.js';
import { card, execute, para } from './cards/card-kit.js';
import { navigation } from './cards/card-context.js';
import { formatSlot } from '../i18n/i18n.js';
import type { ClashShown } from '../services/dialogues.service.js';
import type { DialogueView } from '../views/dialogues.js';
import { dispatch, type VerbHandlers } from './verb-handlers.js';

export type DialogueAction = Extract<CardAction, { verb: `dialogue${string}` }>;
export const isDialogueAction = (a: CardAction): a is DialogueAction => a.verb.startsWith('dialogue');

/** Dialogue verbs: parse, call one service, render one card. Every read goes through the participants check. */
export function createDialogueRouter(dialogues: DialogueService) {
  const t = (ctx: CardContext) => ctx.s.dialogues;

  /** `notice` may depend on the dialogue as it now stands (a function of it). */
  async function show(
    ctx: CardContext,
    id: string,
    notice?: string | ((d: DialogueView) => string),
    confirmCancel = false,
  ): Promise<Card> {
    const read = await dialogues.read(ctx.viewer, id);
    if (read === 'forbidden') return messageCard(ctx, t(ctx).card.forbidden, 'attention');
    if (!read) return messageCard(ctx, t(ctx).card.notFound, 'attention');
    const said = typeof notice === 'function' ? notice(read.dialogue) : notice;
    return dialogueCard(ctx, read.dialogue, said, confirmCancel, read.agreements);
  }

  /** Promises no invitation that waits: then the card's invitation line says what it waits for. */
  const booked = (ctx: CardContext) => (d: DialogueView) =>
    d.calendarState === 'waiting' ? t(ctx).card.bookedWaiting : t(ctx).card.booked;

  async function outcomeForm(
    ctx: CardContext,
    id: string,
    formId: string,
    rows: number,
    values?: Record<string, unknown>,
    errors?: OutcomeErrors,
  ): Promise<Card> {
    const target = await dialogues.outcomeTarget(ctx.viewer, id);
    if ('ok' in target) return outcomeRefusal(ctx, id, target.reason);
    return outcomeFormCard(ctx, target, formId, rows, values, errors);
  }

  const outcomeRefusal = (ctx: CardContext, id: string, reason: string): Promise<Card> | Card => {
    const o = t(ctx).outcome;
    if (reason === 'forbidden') return messageCard(ctx, o.forbidden, 'attention');
    if (reason === 'notFound') return messageCard(ctx, t(ctx).card.notFound, 'attention');
    return show(ctx, id, reason === 'already' ? o.already : o.notOver);
  };

  async function planForm(
    ctx: CardContext,
    formId: string,
    values?: Record<string, unknown>,
    errors?: PlanFieldErrors,
    dialogueId?: string,
  ): Promise<Card> {
    let units = await dialogues.units(ctx.viewer);
    if (dialogueId) {
      const d = await dialogues.view(ctx.viewer, dialogueId);
      if (!d || d === 'forbidden') return messageCard(ctx, t(ctx).card.forbidden, 'attention');
      units = units.filter((u) => u.id === d.unitId);
    }
    return planFormCard(ctx, formId, units, dialogues.today(), values, errors, dialogueId);
  }

  /** Another dialogue is at that time: say whose and when, offer it (to its participants) and a new plan. */
  const clashCard = (ctx: CardContext, c: ClashShown, movingId?: string): Card => {
    const x = t(ctx).clash;
    const slot = formatSlot(c.startsAt, c.endsAt, ctx.locale, ctx.timeZone);
    const text = c.sameUnit ? x.sameUnit(c.unitName, slot) : x.people(c.busyNames.join(', '), slot);
    return card(
      [para(text, { color: 'Attention' })],
      [
        ...(c.openId ? [execute(x.open, 'dialogue.view', { dialogueId: c.openId }, { style: 'positive' })] : []),
        execute(x.otherTime, 'dialogue.plan.open', movingId ? { dialogueId: movingId } : {}),
        ...navigation(ctx).slice(0, 3),
      ],
    );
  };

  /** `movingId`: the dialogue being moved (another time is then chosen for it, not a new one). */
  const refusal = (ctx: CardContext, r: { reason: string; detail?: string; clash?: ClashShown }, movingId?: string) => {
    if (r.reason === 'clash' && r.clash) return clashCard(ctx, r.clash, movingId);
    const p = t(ctx).plan;
    if (r.reason === 'missingPeople')
      return messageCard(
        ctx,
        p.missingPeople(
          (r.detail ?? '')
            .split(',')
            .map((k) => p.roles[k] ?? k)
            .join(', '),
        ),
        'attention',
      );
    if (r.reason === 'notChangeable') return messageCard(ctx, t(ctx).card.notChangeable, 'attention');
    if (r.reason === 'badTime') return messageCard(ctx, t(ctx).errors.timeInPast, 'attention');
    if (r.reason === 'notFound') return messageCard(ctx, t(ctx).card.notFound, 'attention');
    return messageCard(ctx, p.forbidden, 'attention');
  };

  async function times(
    ctx: CardContext,
    formId: string,
    raw: Record<string, unknown>,
    dialogueId?: string,
    manualValues?: Record<string, unknown>,
    manualErrors?: PlanFieldErrors,
  ): Promise<Card> {
    const found = await dialogues.findTimes(ctx.viewer, raw);
    if ('errors' in found) return planForm(ctx, formId, raw, found.errors, dialogueId);
    if (!found.ok) return refusal(ctx, found);
    const wantsManual = raw.manual === true || raw.manual === 'true' || manualErrors;
    const shown = wantsManual && !found.manual ? { ...found, slots: [], manual: undefined } : found;
    return slotsCard(ctx, shown, formId, dialogueId, manualValues, manualErrors);
  }

  const handlers: VerbHandlers<DialogueAction, { ctx: CardContext }, Card> = {
    'dialogues.list': async (_action, { ctx }) => {
      const viewer = ctx.viewer;
      return dialogueListCard(ctx, await dialogues.list(viewer), (await dialogues.units(viewer)).length > 0);
    },
    'dialogue.plan.open': async (action, { ctx }) => {
      return planForm(ctx, randomUUID(), undefined, undefined, action.dialogueId);
    },
    'dialogue.plan.submit': async (action, { ctx }) => {
      return times(ctx, action.formId, action, action.dialogueId);
    },
    'dialogue.book': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const r = await dialogues.book(
        viewer,
        action.formId,
        action.unitId,
        new Date(action.start),
        new Date(action.end),
      );
      if (!r.ok) return refusal(ctx, r);
      return show(ctx, r.dialogueId, r.created ? booked(ctx) : t(ctx).card.alreadyBooked);
    },
    'dialogue.manual': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const raw = action as Record<string, unknown>;
      const checked = dialogues.manualTime(raw, action.duration);
      const plan = {
        unitId: action.unitId,
        from: dialogues.today(),
        to: dialogues.today(),
        duration: String(action.duration),
        manual: true,
      };
      if (!checked.ok) return times(ctx, action.formId, plan, action.dialogueId, raw, checked.errors);
      if (action.dialogueId) {
        const moved = await dialogues.move(viewer, action.dialogueId, checked.value.start, checked.value.end);
        return moved.ok
          ? show(ctx, action.dialogueId, t(ctx).card.rescheduled)
          : refusal(ctx, moved, action.dialogueId);
      }
      const r = await dialogues.book(viewer, action.formId, action.unitId, checked.value.start, checked.value.end);
      if (!r.ok) return refusal(ctx, r);
      return show(ctx, r.dialogueId, r.created ? booked(ctx) : t(ctx).card.alreadyBooked);
    },
    'dialogue.move': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const r = await dialogues.move(viewer, action.dialogueId, new Date(action.start), new Date(action.end));
      return r.ok ? show(ctx, action.dialogueId, t(ctx).card.rescheduled) : refusal(ctx, r, action.dialogueId);
    },
    'dialogue.view': async (action, { ctx }) => {
      return show(ctx, action.dialogueId);
    },
    'dialogue.outcome.open': async (action, { ctx }) => {
      return outcomeForm(ctx, action.dialogueId, action.formId ?? randomUUID(), action.rows ?? AGREEMENT_ROWS, action);
    },
    'dialogue.outcome.submit': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const raw = action as Record<string, unknown>;
      const r = await dialogues.recordOutcome(viewer, action.dialogueId, action.formId, raw, action.rows);
      if (r.ok) return show(ctx, action.dialogueId, t(ctx).outcome.saved);
      if ('errors' in r) return outcomeForm(ctx, action.dialogueId, action.formId, action.rows, raw, r.errors);
      return outcomeRefusal(ctx, action.dialogueId, r.reason);
    },
    'dialogue.agreement.done': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      const r = await dialogues.markDone(viewer, action.agreementId);
      if (!r.ok)
        return messageCard(ctx, r.reason === 'forbidden' ? t(ctx).card.forbidden : t(ctx).card.notFound, 'attention');
      return show(ctx, r.dialogueId, t(ctx).outcome.markedDone);
    },
    'dialogues.area': async (_action, { ctx }) => {
      const viewer = ctx.viewer;
      const a = await dialogues.area(viewer);
      return a === 'forbidden' ? messageCard(ctx, t(ctx).area.forbidden, 'attention') : areaCard(ctx, a);
    },
    'dialogue.cancel': async (action, { ctx }) => {
      const viewer = ctx.viewer;
      if (!action.confirm) return show(ctx, action.dialogueId, undefined, true);
      const r = await dialogues.cancel(viewer, action.dialogueId);
      return r.ok ? show(ctx, action.dialogueId, t(ctx).card.cancelled) : refusal(ctx, r);
    },
  };

  async function handle(ctx: CardContext, action: DialogueAction): Promise<Card> {
    return dispatch(handlers, action, { ctx });
  }

  return {
    handle,
    planForm: (ctx: CardContext) => planForm(ctx, randomUUID()),
    list: (ctx: CardContext) => handle(ctx, { verb: 'dialogues.list' }),
  };
}
