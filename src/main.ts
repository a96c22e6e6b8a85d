import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from './config/app-config';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  Logger.log(`Copydesk listens on ${await app.getUrl()}`, 'Main');
}

main().catch((error: unknown) => {
  Logger.error(error instanceof Error ? error.message : String(error), error instanceof Error ? error.stack : undefined, 'Main');
  process.exitCode = 1;
});
