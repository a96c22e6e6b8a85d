import { CapturedLog } from './captured-log';

/**
 * The errors the app logs for its 5xx answers (the access log line of each carries its `err`), kept
 * by request id, so a test that sees a 500 can say what failed on the server instead of only "500".
 */
export class ServerErrors {
  private readonly log = new CapturedLog(['fatal', 'error']);

  /** The logger to start the app with. */
  get logger() {
    return this.log.logger;
  }

  /** The logged error of one request, its first lines (the stack's top is where it failed). */
  of(requestId: string | undefined, lines = 6): string | undefined {
    const line = this.log.lines.find((each) => each.requestId === requestId && each.err !== undefined);
    const error = line?.err as { stack?: string; message?: string } | undefined;
    return error === undefined
      ? undefined
      : String(error.stack ?? error.message)
          .split('\n')
          .slice(0, lines)
          .join('\n');
  }
}
