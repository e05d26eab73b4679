import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { openAppDatabase } from './store/database.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nThe app did not start. See README.md, "Configuration".\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  // The embedded engine starts on its own thread (most of a second) while the rest of the app loads here.
  const opening = openAppDatabase(config.database, logger);
  opening.catch(() => undefined); // startApp awaits it and reports a failure
  const { startApp } = await import('./app.js');
  const app = await startApp(config, logger, opening);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining in-flight turns and jobs before exit');
    app.stop().then(
      () => {
        logger.info('stopped cleanly');
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`Missionsklynger could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
