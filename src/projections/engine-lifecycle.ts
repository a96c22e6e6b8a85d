import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ProjectionEngine } from '../event-store/projection-engine';

/**
 * Starts the engine once the application is up (unless PROJECTION_RUNNERS=off), and stops it before
 * any shutdown hook closes the pool, so a batch in flight commits or rolls back on a live connection.
 */
@Injectable()
export class EngineLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly engine: ProjectionEngine,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.projections.run) await this.engine.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.engine.stop();
  }
}
