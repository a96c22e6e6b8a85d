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
      timestamp: isoTimeOncePerMillisecond(),
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/**
 * pino's isoTime (`"time":"2026-12-02T03:53:13.236Z"`, UTC), with the text made once per millisecond
 * and reused: at thousands of lines a second, toISOString was a fifth of a line's cost.
 */
function isoTimeOncePerMillisecond(): () => string {
  let madeAt = -1;
  let text = '';
  return () => {
    const now = Date.now();
    if (now !== madeAt) {
      madeAt = now;
      text = `,"time":"${new Date(now).toISOString()}"`;
    }
    return text;
  };
}

function defaultDestination(format: LogFormat): DestinationStream {
  if (format === 'pretty') {
    return pinoPretty({ colorize: process.stdout.isTTY === true, destination: 1, sync: true, ignore: 'pid' });
  }
  return jsonLogDestination(1);
}

/**
 * Where JSON lines go (stdout, or a file for npm run bench:http), written synchronously: a line is
 * out before the next statement runs, so nothing is lost when the process exits or is killed.
 */
export function jsonLogDestination(dest: number | string): DestinationStream {
  return pino.destination({ dest, sync: true });
}

/** For a report before the configuration could be read: LOG_FORMAT if it is valid, else its default; errors only. */
export function fallbackLogSettings(
  env: NodeJS.ProcessEnv = process.env,
  terminal = process.stdout.isTTY === true,
): ServiceLogSettings {
  const asked = env.LOG_FORMAT?.trim() as LogFormat;
  return { logFormat: LOG_FORMATS.includes(asked) ? asked : terminal ? 'pretty' : 'json', logLevels: ['fatal', 'error'] };
}
