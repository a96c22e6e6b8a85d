import type { LogLevel } from '@nestjs/common';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import { LOG_FORMATS, type LogFormat } from '../config/app-config';

export type ServiceLogger = Logger;

/** Nest's level names as pino knows them: Nest's `log` is pino's `info`, `verbose` is `trace`. */
export const PINO_LEVEL: Readonly<Record<LogLevel, Level>> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

export interface ServiceLogSettings {
  readonly logFormat: LogFormat;
  /** The Nest levels to print (LOG_LEVEL): the last is the least severe. */
  readonly logLevels: readonly LogLevel[];
}

/**
 * The one logger of the service: Nest's own lines, the access log, the start and stop lines all go
 * through it. json writes one object per line (`time` in ISO 8601 UTC, `level` by name, `msg`);
 * pretty renders the same records as text, coloured only when it writes to a terminal.
 */
export function createServiceLogger(
  settings: ServiceLogSettings,
  destination: DestinationStream = defaultDestination(settings.logFormat),
): ServiceLogger {
  return pino(
    {
      level: PINO_LEVEL[settings.logLevels.at(-1) ?? 'log'],
      // pid tells instances apart in a shared journal; the host name is the collector's to add.
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/**
 * stdout, written synchronously: a line is out before the next statement runs, so nothing is lost
 * when the process exits or is killed, and measured (npm run bench:http, part 3) it costs no
 * throughput worth buffering for.
 */
function defaultDestination(format: LogFormat): DestinationStream {
  if (format === 'pretty') {
    return pinoPretty({ colorize: process.stdout.isTTY === true, destination: 1, sync: true, ignore: 'pid' });
  }
  return pino.destination({ dest: 1, sync: true });
}

/** For a report before the configuration could be read: LOG_FORMAT if it is valid, else its default; errors only. */
export function fallbackLogSettings(
  env: NodeJS.ProcessEnv = process.env,
  terminal = process.stdout.isTTY === true,
): ServiceLogSettings {
  const asked = env.LOG_FORMAT?.trim() as LogFormat;
  return { logFormat: LOG_FORMATS.includes(asked) ? asked : terminal ? 'pretty' : 'json', logLevels: ['fatal', 'error'] };
}
