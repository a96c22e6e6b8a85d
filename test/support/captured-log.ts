import type { LogLevel } from '@nestjs/common';
import { createServiceLogger, type ServiceLogger } from '../../src/logging/service-logger';

/** One JSON log line, parsed. */
export type LogLine = Record<string, unknown> & { readonly level: string; readonly msg: string; readonly time: string };

/** The production JSON logger, writing into memory instead of stdout, so a spec can read what the app logged. */
export class CapturedLog {
  readonly lines: LogLine[] = [];
  readonly logger: ServiceLogger;

  constructor(logLevels: LogLevel[] = ['fatal', 'error', 'warn', 'log']) {
    this.logger = createServiceLogger({ logFormat: 'json', logLevels }, { write: (line: string) => this.keep(line) });
  }

  private keep(line: string): void {
    // Each write is exactly one line: that is the format's promise, checked here for every line any spec logs.
    if (!line.endsWith('\n') || line.indexOf('\n') !== line.length - 1) throw new Error(`not one line: ${JSON.stringify(line)}`);
    this.lines.push(JSON.parse(line) as LogLine);
  }
}
