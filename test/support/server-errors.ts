import { Logger, type LoggerService } from '@nestjs/common';

/**
 * The errors the app logs for its 5xx answers (ProblemDetailsFilter logs `{ requestId, err }`),
 * kept by request id, so a test that sees a 500 can say what failed on the server instead of only
 * "500". Everything else the app logs is dropped, as `logger: false` would.
 */
export class ServerErrors {
  private readonly byRequestId = new Map<string, string>();
  private readonly unmatched: string[] = [];

  /** Call after the app is created (creating it with `logger: false` resets Nest's logger). */
  listen(): void {
    const record = (message: unknown, ...rest: unknown[]) => {
      const entry = message as { requestId?: unknown; err?: unknown } | undefined;
      if (entry && typeof entry === 'object' && typeof entry.requestId === 'string') {
        const error = entry.err as { stack?: string; message?: string } | undefined;
        this.byRequestId.set(entry.requestId, String(error?.stack ?? error?.message ?? error));
      } else {
        this.unmatched.push([message, ...rest].map(String).join(' '));
      }
    };
    const quiet = () => undefined;
    const logger: LoggerService = { log: quiet, warn: quiet, debug: quiet, verbose: quiet, fatal: record, error: record };
    Logger.overrideLogger(logger);
  }

  /** The logged error of one request, its first lines (the stack's top is where it failed). */
  of(requestId: string | undefined, lines = 6): string | undefined {
    const error = requestId === undefined ? undefined : this.byRequestId.get(requestId);
    return error?.split('\n').slice(0, lines).join('\n');
  }
}
