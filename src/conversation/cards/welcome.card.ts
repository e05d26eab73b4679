import { card, heading, para } from './card-kit.js';
import { languageSwitch, navigation, type CardContext } from './card-context.js';

export function welcomeCard(ctx: CardContext) {
  const { welcome } = ctx.s;
  return card(
    [heading(welcome.title), para(welcome.intro), para(welcome.next, { weight: 'Bolder' }), languageSwitch(ctx)],
    navigation(ctx),
  );
}
