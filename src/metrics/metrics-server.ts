import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { StartupError } from '../common/startup-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { listenAddresses } from '../logging/listen-addresses';
import { ServiceMetrics } from './service-metrics';

/**
 * GET /metrics on a port of its own (METRICS_PORT), bound to loopback unless METRICS_HOST says
 * otherwise: it needs no token because the public API's port never serves it, and who can reach
 * this port is the network's decision (docs/decisions/0016).
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private readonly server: Server;

  constructor(
    private readonly metrics: ServiceMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.server = createServer((request, response) => {
      const path = request.url?.split('?')[0];
      if (path !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('only /metrics is served here\n');
      } else if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end();
      } else {
        this.metrics.scrape().then(
          ({ contentType, body }) =>
            response.writeHead(200, { 'content-type': contentType }).end(request.method === 'HEAD' ? undefined : body),
          (error: unknown) => {
            this.logger.error('metrics could not be collected', error instanceof Error ? error.stack : String(error));
            response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics could not be collected\n');
          },
        );
      }
    });
  }

  /** Where Prometheus finds the metrics, as bound (METRICS_PORT=0 picks a free port). */
  get urls(): string[] {
    return listenAddresses([this.server.address() as AddressInfo], '/metrics');
  }

  async onApplicationBootstrap(): Promise<void> {
    const { port, host } = this.config.metrics;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (error: NodeJS.ErrnoException) => {
        const why = error.code === 'EADDRINUSE' ? 'another process uses it' : (error.code ?? error.message);
        reject(
          new StartupError(
            `metrics cannot be served on ${host}:${port}: ${why}; set METRICS_PORT (0 picks a free port) or METRICS_HOST`,
          ),
        );
      });
      this.server.listen(port, host, resolve);
    });
    this.logger.log(`Prometheus metrics on ${this.urls.join(', ')}`);
  }

  /** Before the database closes, so no scrape reads a closed pool; a scraper's kept-alive connection does not hold the stop up. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise((resolve) => this.server.close(resolve));
    this.server.closeAllConnections();
    await closed;
  }
}
