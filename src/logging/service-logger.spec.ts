import type { LogLevel } from '@nestjs/common';
import { createServiceLogger, fallbackLogSettings } from './service-logger';

function logged(
  logLevels: LogLevel[],
  write: (logger: ReturnType<typeof createServiceLogger>) => void,
): Record<string, unknown>[] {
  const lines: string[] = [];
  write(createServiceLogger({ logFormat: 'json', logLevels }, { write: (line: string) => lines.push(line) }));
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the service logger', () => {
  it('writes time in ISO 8601 UTC, the level by name and msg, one object per line', () => {
    const before = Date.now();
    const [line] = logged(['fatal', 'error', 'warn', 'log'], (logger) => logger.info({ requestId: 'r1' }, 'hello'));
    expect(line).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      pid: process.pid,
      requestId: 'r1',
      msg: 'hello',
    });
    expect(Date.parse(line.time as string)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(line.time as string)).toBeLessThanOrEqual(Date.now());
  });

  it('stamps each line with the millisecond it was written in', () => {
    jest.useFakeTimers({ now: new Date('2026-12-02T03:53:13.236Z') });
    try {
      const lines = logged(['log'], (logger) => {
        logger.info('first');
        logger.info('same millisecond');
        jest.advanceTimersByTime(1);
        logger.info('next millisecond');
      });
      expect(lines.map((line) => line.time)).toEqual([
        '2026-12-02T03:53:13.236Z',
        '2026-12-02T03:53:13.236Z',
        '2026-12-02T03:53:13.237Z',
      ]);
    } finally {
      jest.useRealTimers();
    }
  });

  it.each([
    [
      ['fatal', 'error', 'warn'],
      ['warn', 'error'],
    ],
    [
      ['fatal', 'error', 'warn', 'log'],
      ['info', 'warn', 'error'],
    ],
    [
      ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
      ['trace', 'debug', 'info', 'warn', 'error'],
    ],
  ] as [LogLevel[], string[]][])('with LOG_LEVEL down to %j prints %j', (levels, printed) => {
    const lines = logged(levels, (logger) => {
      for (const level of ['trace', 'debug', 'info', 'warn', 'error'] as const) logger[level](level);
    });
    expect(lines.map((line) => line.level)).toEqual(printed);
  });

  it('reports a start that failed before the configuration was read in the format asked for, if that is valid', () => {
    expect(fallbackLogSettings({ LOG_FORMAT: 'pretty' }, false).logFormat).toBe('pretty');
    expect(fallbackLogSettings({ LOG_FORMAT: 'xml' }, false).logFormat).toBe('json');
    expect(fallbackLogSettings({ LOG_FORMAT: 'xml' }, true).logFormat).toBe('pretty');
  });
});
