import type { Logger } from 'pino';
import type { BotCredentials } from '../config.js';
import type { Messenger } from '../jobs/messenger.port.js';
import type { PeopleService } from '../services/people.service.js';
import { createActionRouter, type RouterDeps } from './action-router.js';
import { createAdapter } from './adapter.js';
import { MissionBot } from './bot.js';
import { createProactiveMessenger } from './proactive-messenger.js';

export interface TeamsEndpoint {
  /** Handles POST /api/messages (restify request and response). */
  handle(req: unknown, res: unknown): Promise<void>;
  messenger: Messenger;
}

/** The only door between the rest of the app and botbuilder. */
export function createTeamsEndpoint(o: {
  bot: BotCredentials | undefined;
  /** Bot id for proactive sends; any non-empty value works while authentication is off. */
  botAppId: string;
  router: RouterDeps;
  people: PeopleService;
  defaultLocale: 'da' | 'en';
  timeZone: string;
  logger: Logger;
}): TeamsEndpoint {
  const adapter = createAdapter(o.bot, o.logger);
  const bot = new MissionBot({ router: createActionRouter(o.router), people: o.people, defaultLocale: o.defaultLocale, logger: o.logger });
  return {
    handle: (req, res) => adapter.process(req as never, res as never, (context) => bot.run(context)),
    messenger: createProactiveMessenger(adapter, o.botAppId, o.timeZone),
  };
}
