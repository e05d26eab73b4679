import { type Element, attention } from '../card-kit.js';
import type { CardContext } from '../card-context.js';
import type { PlanFieldErrors } from '../../../domain/dialogue.js';

/** What the dialogue cards share: reading a submitted value, a button that sends no inputs, a field's error. */
export type Values = Record<string, unknown>;
export const str = (v: Values | undefined, k: string) => (typeof v?.[k] === 'string' ? v[k] : undefined);
export const noInputs = { associatedInputs: 'none' };
export const errorFor = (ctx: CardContext, errors: PlanFieldErrors, field: keyof PlanFieldErrors): Element[] =>
  errors[field] ? [attention(ctx.s.dialogues.errors[errors[field]] ?? ctx.s.fieldErrors.required)] : [];
