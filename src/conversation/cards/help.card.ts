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

/**
 * In a group chat, a meeting or a channel: dialogue content is not shown where others read along; the button
 * opens the person's own chat with the bot (msteams-docs, "Handoff to bot": the deep link
 * `https://teams.microsoft.com/l/chat/0/0?users=28:<botId>` opens a chat with the bot).
 */
export function personalOnlyCard(ctx: CardContext, botAppId: string, why: 'dialogues' | 'settings' | 'answer') {
  const t = ctx.s.personalOnly;
  return card(
    [para(t[why])],
    [
      {
        type: 'Action.OpenUrl',
        title: t.open,
        url: `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(botAppId)}`,
      },
    ],
  );
}

export function messageCard(ctx: CardContext, text: string, tone: 'default' | 'good' | 'attention' = 'default') {
  const color = tone === 'good' ? 'Good' : tone === 'attention' ? 'Attention' : 'Default';
  return card([para(text, { color })], navigation(ctx));
}
