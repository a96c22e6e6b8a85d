import { performance } from 'node:perf_hooks';
import type { INestApplication } from '@nestjs/common';
import type { ServiceLogger } from './service-logger';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * SIGINT and SIGTERM close the app (requests in flight finish, the scheduler lets go of its claims,
 * the database and the embedded server stop) and then the process, with a line when the stop begins
 * and one when it is done, so a log says whether the service went down cleanly. A signal during the
 * start waits for the app to be made (the embedded server may be starting) and Nest lets a start
 * under way settle before it closes. A second signal while stopping changes nothing.
 */
export function stopOnSignals(app: Promise<INestApplication>, logger: ServiceLogger): void {
  let stopping = false;
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, `Copydesk stops on ${signal}`);
      const began = performance.now();
      app
        .then((made) => made.close())
        .then(
          () => {
            logger.info({ ms: Math.round(performance.now() - began) }, 'Copydesk stopped');
            process.exit(0);
          },
          (error: unknown) => {
            logger.error({ err: error }, 'Copydesk did not stop cleanly');
            process.exit(1);
          },
        );
    });
  }
}
