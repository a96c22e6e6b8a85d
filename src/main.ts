import 'reflect-metadata';
import { StartupError } from './common/startup-error';
import { loadConfig, type AppConfig } from './config/app-config';
import { createApp } from './create-app';
import { listenAddresses } from './logging/listen-addresses';
import { createServiceLogger, fallbackLogSettings, type ServiceLogger } from './logging/service-logger';
import { stopOnSignals } from './logging/stop-on-signals';

async function main(logger: ServiceLogger, config: AppConfig): Promise<void> {
  const creating = createApp(config, { logger });
  stopOnSignals(creating, logger);
  const app = await creating;
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    // The database (and the embedded server) are up by now: stop them in order before giving up.
    await app.close();
    throw error;
  }
  // What the socket is bound to, not what was asked for: HOST=localhost may bind two addresses, HOST=0.0.0.0 every interface.
  const addresses = listenAddresses(app.getHttpAdapter().getInstance().addresses());
  logger.info({ addresses }, `Copydesk listens on ${addresses.join(', ')}`);
}

function start(): void {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    // LOG_FORMAT may be among the invalid settings: the report goes out in the format it would default to.
    fail(createServiceLogger(fallbackLogSettings()), error);
  }
  const logger = createServiceLogger(config);
  main(logger, config).catch((error: unknown) => fail(logger, error));
}

function fail(logger: ServiceLogger, error: unknown): never {
  // A StartupError already says the cause and the fix in one sentence; for anything else the stack helps.
  if (error instanceof StartupError) logger.fatal(error.message);
  else logger.fatal({ err: error }, error instanceof Error ? error.message : String(error));
  // Exit even if a half-started module still holds a handle; the embedded server's exit hook stops it.
  process.exit(1);
}

start();
