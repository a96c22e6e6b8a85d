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

/** Lines are written in batches of about this many bytes, so a busy service makes one write for a dozen lines, not one each. */
const LOG_BATCH_BYTES = 4096;
/** A quiet service's lines still go out within this time. */
const LOG_FLUSH_MS = 1000;

/**
 * Where JSON lines go (stdout, or a file for npm run bench:http): written synchronously, in batches
 * (measured by bench:http, a write per line cost more than the line itself); within a second when
 * traffic is low; and whatever is left when the process exits, however it exits short of being
 * killed outright (SIGKILL, a crash of the runtime), when at most the last second is lost.
 */
export function jsonLogDestination(dest: number | string): ReturnType<typeof pino.destination> {
  const destination = pino.destination({ dest, sync: true, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_MS });
  process.once('exit', () => destination.flushSync());
  return destination;
}

/** For a report before the configuration could be read: LOG_FORMAT if it is valid, else its default; errors only. */
export function fallbackLogSettings(
  env: NodeJS.ProcessEnv = process.env,
  terminal = process.stdout.isTTY === true,
): ServiceLogSettings {
  const asked = env.LOG_FORMAT?.trim() as LogFormat;
  return { logFormat: LOG_FORMATS.includes(asked) ? asked : terminal ? 'pretty' : 'json', logLevels: ['fatal', 'error'] };
}
