import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { StartupError } from './common/startup-error';
import { loadConfig } from './config/app-config';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    // The database (and the embedded server) are up by now: stop them in order before giving up.
    await app.close();
    throw error;
  }
  Logger.log(`Copydesk listens on ${await app.getUrl()}`, 'Main');
}

main().catch((error: unknown) => {
  // A StartupError already says the cause and the fix in one sentence; for anything else the stack helps.
  const stack = error instanceof Error && !(error instanceof StartupError) ? error.stack : undefined;
  Logger.error(error instanceof Error ? error.message : String(error), stack, 'Main');
  // Exit even if a half-started module still holds a handle; the embedded server's exit hook stops it.
  process.exit(1);
});
