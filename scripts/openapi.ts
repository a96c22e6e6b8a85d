import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { offlineOpenApiDocument } from '../src/openapi/offline-document';

/** Writes the OpenAPI document the service serves at /openapi.json, without a database: npm run openapi -- [file]. */
async function main(): Promise<void> {
  const file = resolve(process.argv[2] ?? 'openapi.json');
  await writeFile(file, `${JSON.stringify(await offlineOpenApiDocument(loadConfig()), null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
