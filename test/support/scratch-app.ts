import { openScratchDatabase, type ScratchDatabase } from './scratch-database';
import { startTestApp, type TestApp } from './test-app';

export interface ScratchApp {
  readonly scratch: ScratchDatabase;
  readonly testApp: TestApp;
}

/**
 * The application on a scratch database of the spec's own, started before its tests and dropped
 * after them: for specs that take the schema down and up, or must see every row of a table.
 */
export function useScratchApp(): ScratchApp {
  const current: { scratch?: ScratchDatabase; testApp?: TestApp } = {};
  beforeAll(async () => {
    current.scratch = await openScratchDatabase();
    current.testApp = await startTestApp({ DATABASE_URL: current.scratch.url });
  });
  afterAll(async () => {
    await current.testApp?.close();
    await current.scratch?.drop();
  });
  return {
    get scratch() {
      return current.scratch!;
    },
    get testApp() {
      return current.testApp!;
    },
  };
}
