import type { Logger } from 'pino';
import type { BotCredentials } from '../config.js';
import type { Framework } from '../domain/framework.js';
import type { ChannelCardPoster } from '../ports/channel-card.port.js';
import type { Messenger } from '../ports/messenger.port.js';
import { createThrottle } from '../lib/throttle.js';
import type { PeopleService } from '../services/people.service.js';
import type { TeamsService } from '../services/teams.service.js';
import { createActionRouter, type RouterDeps } from '../conversation/action-router.js';
import { createAdapter, type TurnAnswer } from './adapter.js';
import { MissionBot } from './bot.js';
import { createChannelCardPoster } from './channel-card-poster.js';
import { createProactiveMessenger } from './proactive-messenger.js';
import { createMessageExtension } from '../conversation/message-extension.js';
import type { SearchService } from '../services/search.service.js';

export interface TeamsEndpoint {
  /** Handles POST /api/messages (restify request and response). */
  handle(req: unknown, res: unknown): Promise<void>;
  messenger: Messenger;
  channelCards: ChannelCardPoster;
}

/** Teams counts sends per second per app (BOT_SENDS_PER_SECOND); a little slack keeps jitter from adding one. */
const TENANT_WINDOW_MS = 1_100;

/** The only door between the rest of the app and botbuilder. */
export function createTeamsEndpoint(o: {
  bot: BotCredentials | undefined;
  /** Bot id for proactive sends; any non-empty value works while authentication is off. */
  botAppId: string;
  router: RouterDeps;
  search: SearchService;
  /** Where the app's own links point. */
  baseUrl(): string;
  people: PeopleService;
  teams: TeamsService;
  framework: Framework;
  defaultLocale: 'da' | 'en';
  timeZone: string;
  /** The Bot Framework's per-app, per-tenant limit, shared by every proactive send of this instance. */
  sendsPerSecond: number;
  /** An outbound proxy is configured: replies keep botbuilder's pipeline, which honours it. */
  outboundProxy?: boolean;
  logger: Logger;
}): TeamsEndpoint {
  const adapter = createAdapter(o.bot, o.logger, o.outboundProxy);
  const throttle = createThrottle();
  const beforeSend = () => throttle.take('bot:tenant', o.sendsPerSecond, TENANT_WINDOW_MS);
  const extension = createMessageExtension({
    search: o.search,
    missions: o.router.missions,
    framework: o.framework,
    timeZone: o.timeZone,
    baseUrl: o.baseUrl,
  });
  const bot = new MissionBot({
    router: createActionRouter(o.router),
    extension,
    people: o.people,
    teams: o.teams,
    defaultLocale: o.defaultLocale,
    botAppId: o.bot?.appId ?? o.botAppId,
    logger: o.logger,
  });
  return {
    async handle(req, res) {
      const request = req as { body: Record<string, unknown>; headers: Record<string, string | string[] | undefined> };
      const response = res as { status(code: number): void; send(body: unknown): void; end(): void };
      const authorization = request.headers.authorization;
      let answer: TurnAnswer;
      try {
        answer = await adapter.processParsed(
          request.body,
          typeof authorization === 'string' ? authorization : '',
          (context) => bot.run(context),
        );
      } catch (err) {
        // A failing turn is answered by onTurnError; this is the adapter itself failing (no details out).
        o.logger.error({ err }, 'the Bot Framework adapter failed on an activity');
        answer = {
          status: 500,
          body: { error: 'InternalServerError', message: 'The activity could not be processed.' },
        };
      }
      if (answer.status === 401) {
        // A refused token is the caller's problem: a warning without a stack, and nothing further happens.
        const message = (answer.body as { message?: unknown } | undefined)?.message;
        o.logger.warn(
          { reason: typeof message === 'string' ? message : 'unauthorized' },
          'activity refused: no valid Bot Framework token',
        );
      }
      response.status(answer.status);
      if (answer.body) response.send(answer.body);
      response.end();
    },
    messenger: createProactiveMessenger(adapter, o.botAppId, o.timeZone, beforeSend),
    channelCards: createChannelCardPoster({
      adapter,
      botAppId: o.botAppId,
      framework: o.framework,
      timeZone: o.timeZone,
      locale: o.defaultLocale,
      beforeSend,
    }),
  };
}
