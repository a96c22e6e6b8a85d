import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import { AppendTimer } from '../event-store/append-timer';
import { commandOutcomeOf } from './command-outcome';
import { processMetrics } from './process-metrics';

/** Seconds, from a cached read (a few ms) to a request stuck behind a lock. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds: one append statement takes about a millisecond here (npm run bench:append). */
const APPEND_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/**
 * The app's metrics, in a registry of its own: what requests, commands and appends do. Other
 * metrics read their value when scraped and register here themselves (scheduler-metrics.ts; the
 * lag of each asynchronous projection belongs beside it).
 */
@Injectable()
export class ServiceMetrics implements AppendTimer {
  readonly registry = new Registry();

  private readonly requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status class (2xx, 4xx, ...), from arrival to the answer sent',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  private readonly commands = new Counter({
    name: 'copydesk_commands_total',
    help: 'Commands by type and outcome: accepted, refused (a rule said no), conflict (version or uniqueness), invalid (bad input), failed (the service could not run it)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly appendDuration = new Histogram({
    name: 'copydesk_append_duration_seconds',
    help: 'Successful appends to the event store: the version check, hash chain and insert, in one statement',
    buckets: APPEND_BUCKETS,
    registers: [this.registry],
  });

  /** `route` is the template Fastify matched, never the URL, so that ids do not make a series each. */
  requestAnswered(method: string, route: string, status: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
  }

  commandAccepted(command: string): void {
    this.commands.inc({ command, outcome: 'accepted' });
  }

  /** `running` counted as `command` once it settles: accepted, or as its error says. */
  async counted<T>(command: string, running: Promise<T>): Promise<T> {
    try {
      const answer = await running;
      this.commandAccepted(command);
      return answer;
    } catch (error) {
      this.commandFailed(command, error);
      throw error;
    }
  }

  /** `error` says how it is counted: refused, conflict, invalid or failed (command-outcome.ts). */
  commandFailed(command: string, error: unknown): void {
    this.commands.inc({ command, outcome: commandOutcomeOf(error) });
  }

  appended(seconds: number): void {
    this.appendDuration.observe(seconds);
  }

  /** The text Prometheus scrapes: this app's metrics and the process's. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    const merged = Registry.merge([processMetrics(), this.registry]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }
}
