import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { BotCredentials } from '../config.js';

/**
 * The Bot Framework adapter. With credentials every inbound request must carry a valid Bot Framework
 * token (401 otherwise); without them authentication is off, which index.ts only allows on loopback.
 */
export function createAdapter(bot: BotCredentials | undefined, logger: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication(
    bot
      ? {
          MicrosoftAppId: bot.appId,
          MicrosoftAppPassword: bot.appPassword,
          MicrosoftAppType: bot.appType,
          MicrosoftAppTenantId: bot.tenantId,
        }
      : {},
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const ref = Math.random().toString(16).slice(2, 10);
    logger.error(
      {
        err: error,
        ref,
        activityId: context.activity.id,
        activityType: context.activity.type,
        conversationId: context.activity.conversation?.id,
        tenantId: context.activity.conversation?.tenantId,
      },
      'turn failed',
    );
    if (context.activity.type === 'message') {
      const da = `Noget gik galt hos os. Prøv igen om lidt (reference ${ref}).`;
      const en = `Something went wrong on our side. Please try again shortly (reference ${ref}).`;
      await context.sendActivity(context.activity.locale?.startsWith('en') ? en : da).catch(() => undefined);
    }
  };
  return adapter;
}
