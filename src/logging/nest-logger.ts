import { inspect } from 'node:util';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { StartupError } from '../common/startup-error';
import { PINO_LEVEL, type ServiceLogger } from './service-logger';

/**
 * Nest's own lines (start, routes, the scheduler, errors) through the service logger, so that they
 * come out in the same format as the access log. Nest's ConsoleLogger still sorts out its
 * arguments (context, stack, structured params) and the levels to print; only the writing is
 * replaced.
 */
export class NestLogger extends ConsoleLogger {
  constructor(
    private readonly logger: ServiceLogger,
    logLevels: LogLevel[],
  ) {
    super({ logLevels });
  }

  /**
   * A StartupError raised while the app is being created is not printed here, where Nest's
   * ExceptionHandler would print it with its stack: Nest rethrows it to main.ts, which prints its
   * one sentence.
   */
  override error(message: unknown, ...optionalParams: unknown[]): void {
    if (message instanceof StartupError) return;
    super.error(message, ...optionalParams);
  }

  protected override printMessages(
    messages: unknown[],
    context = '',
    logLevel: LogLevel = 'log',
    _stream?: 'stdout' | 'stderr',
    errorStack?: unknown,
    params?: Record<string, unknown>,
  ): void {
    const level = PINO_LEVEL[logLevel];
    for (const message of messages.map((each) => this.resolveMessage(each))) {
      const fields: Record<string, unknown> = { ...params, ...(context ? { context } : {}) };
      if (message instanceof Error) {
        this.logger[level]({ ...fields, err: message }, message.message);
      } else {
        if (typeof errorStack === 'string') fields.err = { stack: errorStack };
        this.logger[level](fields, typeof message === 'string' ? message : inspect(message, { breakLength: Infinity }));
      }
    }
  }

  /** The stack is a field of the line printMessages wrote, not a second block of text. */
  protected override printStackTrace(): void {}
}
