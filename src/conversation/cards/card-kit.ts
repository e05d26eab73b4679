/** Small builders for Adaptive Card JSON (schema 1.5, the highest Teams renders). */
export type Element = Record<string, unknown>;
export type Card = {
  type: 'AdaptiveCard';
  version: '1.5';
  $schema: string;
  body: Element[];
  actions?: Element[];
} & Element;

export function card(body: Element[], actions: Element[] = []): Card {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
  };
}

export const heading = (text: string): Element => ({
  type: 'TextBlock',
  text,
  size: 'Large',
  weight: 'Bolder',
  wrap: true,
  style: 'heading',
});
export const para = (text: string, extra: Element = {}): Element => ({
  type: 'TextBlock',
  text: escapeMarkdown(text),
  wrap: true,
  ...extra,
});
export const subtle = (text: string): Element => para(text, { isSubtle: true, size: 'Small', spacing: 'None' });
export const attention = (text: string): Element => para(text, { color: 'Attention', size: 'Small', spacing: 'None' });
export const good = (text: string): Element => para(text, { color: 'Good', weight: 'Bolder' });

export function execute(title: string, verb: string, data: Record<string, unknown> = {}, extra: Element = {}): Element {
  return { type: 'Action.Execute', title, verb, data: { verb, ...data }, ...extra };
}

/**
 * Marks every Action.Execute of a card (buttons and selectActions) to open its answer as a new message: a
 * notice (a decision, a reminder, a digest) stays as it was when one of its buttons is pressed.
 */
export function opensNew<T>(element: T): T {
  if (Array.isArray(element)) return element.map((e: unknown) => opensNew(e)) as T;
  if (!element || typeof element !== 'object') return element;
  const out = Object.fromEntries(Object.entries(element).map(([k, v]) => [k, opensNew(v)])) as Record<string, unknown>;
  if (out.type === 'Action.Execute') out.data = { ...(out.data as Record<string, unknown>), [OPENS_NEW]: true };
  return out as T;
}

/** The data key opensNew sets: the bot answers such a press with a new message and leaves the card. */
export const OPENS_NEW = 'opensNew';

export const actionSet = (actions: Element[], extra: Element = {}): Element => ({
  type: 'ActionSet',
  actions,
  ...extra,
});
export const container = (items: Element[], extra: Element = {}): Element => ({ type: 'Container', items, ...extra });
/** A line of a list with its buttons at the right end (members to manage, things one follows). */
export const rowWithActions = (items: Element[], actions: Element[]): Element => ({
  type: 'ColumnSet',
  spacing: 'Small',
  columns: [
    { type: 'Column', width: 'stretch', verticalContentAlignment: 'Center', items },
    { type: 'Column', width: 'auto', items: actions.length ? [actionSet(actions)] : [] },
  ],
});
export const facts = (pairs: [string, string][]): Element => ({
  type: 'FactSet',
  facts: pairs.map(([title, value]) => ({ title, value: escapeMarkdown(value) })),
});

/** User text is shown as written: emphasis and link syntax is escaped so nobody can style or link through a title. */
export function escapeMarkdown(text: string): string {
  // A line starting "20. feb." would otherwise render as item 20 of a numbered list.
  return text.replace(/([\\`*_[\]])/g, '\\$1').replace(/^(\s*\d+)\.(\s)/gm, '$1\\.$2');
}
