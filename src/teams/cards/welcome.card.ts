import { card, execute, heading, para } from './card-kit.js';
import { navigation, type CardContext } from './card-context.js';

export function welcomeCard(ctx: CardContext) {
  const { welcome, actions } = ctx.s;
  return card(
    [heading(welcome.title), para(welcome.intro), para(welcome.next, { weight: 'Bolder' })],
    [...navigation(ctx), execute(actions.switchLanguage, 'settings.locale', { locale: ctx.locale === 'da' ? 'en' : 'da' })],
  );
}
