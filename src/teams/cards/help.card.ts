import { card, facts, heading, para } from './card-kit.js';
import { languageSwitch, navigation, type CardContext } from './card-context.js';

/** Shown for "hjælp"/"help" and for anything the bot did not understand: never silence. */
export function helpCard(ctx: CardContext, lead?: string) {
  const { help } = ctx.s;
  return card(
    [heading(help.title), ...(lead ? [para(lead)] : []), facts(help.commands), languageSwitch(ctx)],
    navigation(ctx, { includeHelp: false }),
  );
}

export function messageCard(ctx: CardContext, text: string, tone: 'default' | 'good' | 'attention' = 'default') {
  const color = tone === 'good' ? 'Good' : tone === 'attention' ? 'Attention' : 'Default';
  return card([para(text, { color })], navigation(ctx));
}
