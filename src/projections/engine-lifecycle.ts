import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ProjectionEngine } from '../event-store/projection-engine';
import { ProjectionRebuilds } from './projection-rebuilds';

/**
 * Starts the engine once the application is up (unless PROJECTION_RUNNERS=off), and stops it and
 * this instance's background rebuilds before any shutdown hook closes the pool, so a batch in
 * flight commits or rolls back on a live connection.
 */
@Injectable()
export class EngineLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly engine: ProjectionEngine,
    private readonly rebuilds: ProjectionRebuilds,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.projections.run) await this.engine.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.engine.stop(), this.rebuilds.stopAll()]);
  }
}
