import type { Framework } from '../../domain/framework.js';
import { canDecideMissions } from '../../domain/roles.js';
import type { Viewer } from '../../ports/services.port.js';
import { formatDate, strings, type Locale, type Strings } from '../../i18n/i18n.js';
import { actionSet, execute, type Element } from './card-kit.js';

/** Everything a card needs to speak to one reader. */
export interface CardContext {
  s: Strings;
  locale: Locale;
  framework: Framework;
  timeZone: string;
  viewer: Viewer;
}

export function cardContext(viewer: Viewer, framework: Framework, timeZone: string): CardContext {
  return { s: strings(viewer.locale), locale: viewer.locale, framework, timeZone, viewer };
}

/** The journey's next steps; deciders also see their queue. */
export function navigation(ctx: CardContext, options: { includeHelp?: boolean } = {}): Element[] {
  const a = ctx.s.actions;
  return [
    execute(a.propose, 'propose.open', {}, { style: 'positive' }),
    execute(a.myMissions, 'missions.list', { scope: 'mine' }),
    execute(a.allMissions, 'missions.list', { scope: 'all' }),
    execute(ctx.s.clusters.actions.mine, 'clusters.list', { scope: 'mine' }),
    // Teams shows at most five actions: deciders get their queue in place of help (typing "hjælp" still works).
    ...(canDecideMissions(ctx.viewer.roles)
      ? [execute(a.decisions, 'decisions.list')]
      : options.includeHelp === false
        ? []
        : [execute(a.help, 'help')]),
  ];
}

/** A small "English" / "Dansk" switch; the choice is stored per person. */
export function languageSwitch(ctx: CardContext): Element {
  return actionSet(
    [execute(ctx.s.actions.switchLanguage, 'settings.locale', { locale: ctx.locale === 'da' ? 'en' : 'da' })],
    { horizontalAlignment: 'Right', spacing: 'Small' },
  );
}

/**
 * A text field's label with its limit: "Titel (højst 120 tegn)", "Råd (valgfri, højst 2.000 tegn)". The
 * field itself has no maxLength: Teams would cut a longer text without a word (a pasted title, a long
 * learning); the app refuses it instead, names the limit, and shows the text again to shorten.
 */
export function withLimit(ctx: CardContext, label: string, max: number): string {
  const limit = ctx.s.fieldErrors.limit(new Intl.NumberFormat(ctx.locale === 'da' ? 'da-DK' : 'en-GB').format(max));
  return label.endsWith(')') ? `${label.slice(0, -1)}, ${limit})` : `${label} (${limit})`;
}

/**
 * A required date that may not be before `min` (yyyy-mm-dd). The client checks `min` itself and then shows
 * the input's one errorMessage, so that message names the first date it takes, not just "required".
 */
export function dateFrom(ctx: CardContext, min: string): { isRequired: true; min: string; errorMessage: string } {
  return {
    isRequired: true,
    min,
    errorMessage: ctx.s.fieldErrors.dateFrom(formatDate(new Date(`${min}T12:00:00Z`), ctx.locale, 'UTC')),
  };
}
