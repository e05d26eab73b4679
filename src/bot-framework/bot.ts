import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type AppBasedLinkQuery,
  type InvokeResponse,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { PeopleService } from '../services/people.service.js';
import type { TeamsService } from '../services/teams.service.js';
import type { Viewer } from '../ports/services.port.js';
import type { StoredReference } from '../views/conversations.js';
import { PERSONAL_ONLY_COMMANDS, personalOnlyAction, type ActionRouter } from '../conversation/action-router.js';
import { parseCardAction } from '../conversation/actions.js';
import { OPENS_NEW, type Card } from '../conversation/cards/card-kit.js';
import { recogniseCommand, normaliseText } from '../conversation/commands.js';
import { chooseLocale } from '../i18n/i18n.js';
import type { MessageExtension } from '../conversation/message-extension.js';

export interface BotDeps {
  router: ActionRouter;
  extension: MessageExtension;
  people: PeopleService;
  teams: TeamsService;
  defaultLocale: 'da' | 'en';
  /** The bot's id, for the link that opens a person's chat with it. */
  botAppId: string;
  logger: Logger;
}

/** The card inputs that are people pickers: a cluster's coordinator, an initiative's owner. */
const PICKED_PEOPLE = ['coordinator', 'owner'] as const;
const TEAMS_USER_ID = /^29:[\w.-]{1,200}$/;

const cardMessage = (card: Card) => MessageFactory.attachment(CardFactory.adaptiveCard(card));

/** A message that only carries a card someone put in the compose box (Teams marks it as an InputExtension). */
export function isSharedCard(activity: {
  text?: string;
  attachments?: { contentType?: string }[];
  value?: unknown;
}): boolean {
  if (activity.value || !activity.attachments?.some((a) => a.contentType === 'application/vnd.microsoft.card.adaptive'))
    return false;
  const text = (activity.text ?? '')
    .replace(/<span class="inline-compose-card"[\s\S]*?<\/span>\s*<\/span>/g, '')
    .replace(/<[^>]*>/g, '')
    .trim();
  return text === '';
}

/** The Teams face of the app: every answer is a card; any instance can answer any turn (no dialog state). */
export class MissionBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      // A card shared from the message extension is posted for the people in the conversation, not to the bot.
      if (!isSharedCard(context.activity)) await this.answerMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberTeam(context);
      await this.greetOnce(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      const id = context.activity.from?.aadObjectId;
      if (id && isPersonal(context)) await this.deps.people.forgetConversation(id);
      const team = teamOf(context);
      if (team?.aadGroupId) await this.deps.teams.forgetTeam(team.aadGroupId);
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      const team = teamOf(context);
      const removed = (context.activity.membersRemoved ?? []).flatMap((m) =>
        m.aadObjectId && m.id !== context.activity.recipient.id ? [m.aadObjectId] : [],
      );
      if (team?.aadGroupId && removed.length > 0) {
        // A shared channel's own roster event names the channel; a team's names only the team.
        const channelId = (context.activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
        const where = channelId && channelId !== team.id ? { channelId } : { teamId: team.aadGroupId };
        const touched = await this.deps.teams.removedInTeams(where, removed);
        if (touched)
          this.deps.logger.info(
            { ...where, touched },
            'members removed in Teams: their clusters compare members again',
          );
      }
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const added = context.activity.membersAdded ?? [];
      if (added.some((m) => m.id === context.activity.recipient.id)) {
        await this.rememberTeam(context);
        // Added to one channel (a shared channel, where an app of the team is not until added): the status card can go
        // there now.
        const channelId = (context.activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
        if (channelId && (await this.deps.teams.appAddedToChannel(channelId)))
          this.deps.logger.info({ channelId }, 'app added to a shared cluster channel');
      }
      if (added.some((m) => m.id !== context.activity.recipient.id)) await this.greetOnce(context);
      await next();
    });
  }

  /** The bot arrived in a team: keep the team's reference so cluster channels can get status cards. */
  private async rememberTeam(context: TurnContext): Promise<void> {
    const team = teamOf(context);
    if (!team?.aadGroupId) return;
    await this.deps.teams.rememberTeam({
      teamId: team.aadGroupId,
      threadId: team.id,
      name: team.name ?? null,
      reference: reference(context),
    });
    this.deps.logger.info({ teamId: team.aadGroupId }, 'bot installed in a team');
  }

  /** Teams sends install and members-added on every (re)load: only the first one greets. */
  private async greetOnce(context: TurnContext): Promise<void> {
    if (!isPersonal(context)) return;
    const viewer = await this.viewer(context);
    if (!viewer) return;
    const isNew = await this.deps.people.rememberConversation(viewer.id, reference(context));
    if (isNew) await context.sendActivity(cardMessage(this.deps.router.welcome(viewer)));
  }

  private async answerMessage(context: TurnContext): Promise<void> {
    const viewer = await this.viewer(context);
    if (!viewer) return;
    if (isPersonal(context)) {
      await this.deps.people.rememberConversation(viewer.id, reference(context));
    }
    const value = context.activity.value as Record<string, unknown> | undefined;
    if (value && typeof value === 'object' && 'verb' in value) {
      // Action.Submit from an older card: same actions as Action.Execute. Its answer is made for the one who
      // pressed it, and replacing the card would show it to everyone in the conversation: that happens only in
      // the personal chat. Elsewhere the conversation gets a line and the way there.
      if (!isPersonal(context)) {
        const parsed = parseCardAction(value.verb, value);
        const why = (parsed.ok && personalOnlyAction(parsed.action)) || 'answer';
        await context.sendActivity(cardMessage(this.deps.router.personalOnly(viewer, this.deps.botAppId, why)));
        return;
      }
      const card = await this.actOn(viewer, value.verb, value, context);
      await this.replaceOrSend(context, card);
      return;
    }
    const text = typeof context.activity.text === 'string' ? context.activity.text : '';
    const command = recogniseCommand(text);
    const personalOnly = command && PERSONAL_ONLY_COMMANDS.get(command);
    if (personalOnly && !isPersonal(context)) {
      await context.sendActivity(cardMessage(this.deps.router.personalOnly(viewer, this.deps.botAppId, personalOnly)));
      return;
    }
    await context.sendActivity(cardMessage(await this.deps.router.command(viewer, command, normaliseText(text))));
  }

  protected async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const value = context.activity.value as { action?: unknown } | undefined;
    if (
      context.activity.name === 'adaptiveCard/action' &&
      (!value || typeof value.action !== 'object' || !value.action)
    ) {
      return {
        status: 400,
        body: {
          statusCode: 400,
          type: 'application/vnd.microsoft.error',
          value: { code: 'BadRequest', message: 'Missing action' },
        },
      };
    }
    return super.onInvokeActivity(context);
  }

  protected async onAdaptiveCardInvoke(
    context: TurnContext,
    invoke: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const viewer = await this.viewer(context);
    if (!viewer)
      return {
        statusCode: 401,
        type: 'application/vnd.microsoft.error',
        value: { code: 'Unauthorized', message: 'Unknown user' },
      };
    const card = await this.actOn(viewer, invoke.action.verb, invoke.action.data, context);
    if ((invoke.action.data as Record<string, unknown> | undefined)?.[OPENS_NEW] === true && isPersonal(context)) {
      // A notice's button: its card comes as a new message, and the notice stays as it was (Universal Actions'
      // message response leaves the card in place and shows the line). Only in the personal chat: in a channel
      // a new message would show everyone a card made for the one who pressed, so there the answer replaces
      // the notice for that person alone (the invoke's card response), as any button's does.
      await context.sendActivity(cardMessage(card));
      return {
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        // The message response's value is the text itself; botbuilder types `value` for the card response only.
        value: this.deps.router.openedBelow(viewer) as unknown as Record<string, unknown>,
      };
    }
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
  }

  // Message extension: answers go in the invoke's HTTP body, within Teams' five seconds.
  protected async handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    const viewer = await this.requireViewer(context);
    try {
      return await this.deps.extension.query(viewer, query);
    } catch (err) {
      // Teams shows a bare error for a failed invoke; the person gets a sentence and a reference instead.
      const ref = randomUUID().slice(0, 8);
      this.deps.logger.error({ err, ref, activityId: context.activity.id }, 'message extension search failed');
      return this.deps.extension.failed(viewer, ref);
    }
  }

  protected async handleTeamsAppBasedLinkQuery(
    context: TurnContext,
    query: AppBasedLinkQuery,
  ): Promise<MessagingExtensionResponse> {
    const viewer = await this.requireViewer(context);
    return await this.deps.extension.link(viewer, String(query.url ?? ''));
  }

  protected async handleTeamsMessagingExtensionFetchTask(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    const viewer = await this.requireViewer(context);
    return this.deps.extension.fetchTask(viewer, action);
  }

  protected async handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    const viewer = await this.requireViewer(context);
    return await this.deps.extension.submit(viewer, action);
  }

  private async requireViewer(context: TurnContext): Promise<Viewer> {
    const viewer = await this.viewer(context);
    if (!viewer) throw new Error('An invoke without a sender');
    return viewer;
  }

  /** Never lets an error reach the user as silence or a stack trace: it gets a card with a reference id. */
  private async actOn(viewer: Viewer, verb: unknown, data: unknown, context: TurnContext): Promise<Card> {
    const parsed = parseCardAction(verb, await this.pickedPeople(context, data));
    if (!parsed.ok) {
      this.deps.logger.warn(
        { verb: String(verb).slice(0, 60), problem: parsed.problem, activityId: context.activity.id },
        'card action refused',
      );
      return this.deps.router.unknownAction(viewer, parsed.problem);
    }
    // Dialogue content and one's settings stay in the personal chat: a group chat, a meeting or a channel gets
    // the way there.
    const personalOnly = personalOnlyAction(parsed.action);
    if (personalOnly && !isPersonal(context))
      return this.deps.router.personalOnly(viewer, this.deps.botAppId, personalOnly);
    try {
      const surface = context.activity.conversation?.conversationType === 'channel' ? 'channel' : 'chat';
      return await this.deps.router.handle(viewer, parsed.action, surface);
    } catch (err) {
      const ref = randomUUID().slice(0, 8);
      this.deps.logger.error(
        {
          err,
          ref,
          verb: parsed.action.verb,
          activityId: context.activity.id,
          conversationId: context.activity.conversation?.id,
          tenantId: context.activity.conversation?.tenantId,
        },
        'card action failed',
      );
      return this.deps.router.error(viewer, ref);
    }
  }

  /**
   * People pickers (Input.ChoiceSet over graph.microsoft.com/users) answer an Entra object id in Teams, and
   * a Teams user id (`29:…`) in the Agents Playground: the latter becomes the person's object id, found
   * through their chat with the app or the conversation's member list. Anything else is left as it came.
   */
  private async pickedPeople(context: TurnContext, data: unknown): Promise<unknown> {
    if (typeof data !== 'object' || !data) return data;
    const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
    for (const field of PICKED_PEOPLE) {
      const value = out[field];
      if (typeof value !== 'string' || !TEAMS_USER_ID.test(value)) continue;
      const id = await this.deps.people.pickedPerson(value, async (threads) => {
        try {
          return (await TeamsInfo.getMember(context, value)).aadObjectId;
        } catch {
          for (const thread of threads) {
            const member = await TeamsInfo.getTeamMember(context, thread, value).catch(() => undefined);
            if (member?.aadObjectId) return member.aadObjectId;
          }
          return undefined;
        }
      });
      if (id) out[field] = id;
    }
    return out;
  }

  private async replaceOrSend(context: TurnContext, card: Card): Promise<void> {
    const replyToId = context.activity.replyToId;
    if (replyToId) {
      try {
        await context.updateActivity({ ...cardMessage(card), id: replyToId, type: ActivityTypes.Message });
        return;
      } catch (err) {
        this.deps.logger.debug({ err }, 'could not replace the card; sending a new one');
      }
    }
    await context.sendActivity(cardMessage(card));
  }

  /** Identity comes from the channel's aadObjectId; roles from our records. Nothing the user types changes either. */
  private async viewer(context: TurnContext): Promise<Viewer | undefined> {
    const from = context.activity.from;
    const id = from?.aadObjectId ?? from?.id;
    if (!id) return undefined;
    const person = await this.deps.people.identify(id, from.name);
    return {
      id: person.id,
      name: person.name,
      roles: person.roles,
      locale: chooseLocale(person.locale, context.activity.locale, this.deps.defaultLocale),
    };
  }
}

/** A one-to-one chat between the person and the bot: the only conversation where dialogue content is shown. */
function isPersonal(context: TurnContext): boolean {
  return context.activity.conversation?.conversationType === 'personal';
}

function teamOf(context: TurnContext): { id: string; name?: string; aadGroupId?: string } | undefined {
  const team = (
    context.activity.channelData as { team?: { id?: string; name?: string; aadGroupId?: string } } | undefined
  )?.team;
  return team?.id ? (team as { id: string; name?: string; aadGroupId?: string }) : undefined;
}

function reference(context: TurnContext): StoredReference {
  return TurnContext.getConversationReference(context.activity) as unknown as StoredReference;
}
