import { pino, type Logger } from 'pino';

/** One structured logger; secrets and message bodies are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'missionsklynger' },
    redact: {
      paths: [
        '*.authorization',
        '*.headers.authorization',
        '*.password',
        '*.appPassword',
        '*.MicrosoftAppPassword',
        '*.text',
        '*.reference',
      ],
      censor: '[redacted]',
    },
  });
}
export type { Logger };
