import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { RebuildAlreadyRunning, type RebuildTarget } from '../event-store/projection-rebuild';
import { NothingToRebuild } from '../projections/projection-rebuilds';
import { duration, ProgressBar, progressLine } from './progress-bar';
import { projectionRebuilds } from './projections-admin-of';
import type { Output } from './verify-command';

const USAGE = 'usage: npm run rebuild -- <projection>   (npm run projections lists them)';

/**
 * Rebuilds one projection while the service runs (ProjectionRebuild), with a progress bar on stderr.
 * Exit code 0: rebuilt and swapped in; 1: refused (one is running already) or failed, the live
 * tables untouched; 2: the arguments are wrong. `signal` stops it between batches.
 */
export async function runRebuild(
  dataSource: DataSource,
  output: Output & { readonly terminal?: boolean },
  args: readonly string[],
  signal?: AbortSignal,
): Promise<0 | 1 | 2> {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args: [...args], allowPositionals: true, strict: true, options: {} }));
  } catch (error) {
    output.err(`rebuild: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const rebuilds = projectionRebuilds(dataSource);
  const [name] = positionals;
  let target: RebuildTarget | undefined;
  try {
    target = positionals.length === 1 ? rebuilds.target(name) : undefined;
  } catch (error) {
    if (!(error instanceof NothingToRebuild)) throw error;
    output.err(`rebuild: ${error.message}\n`);
    return 2;
  }
  if (target === undefined) {
    output.err(
      `rebuild: ${positionals.length === 1 ? `there is no projection named ${name}` : 'name one projection'}\n${USAGE}\n`,
    );
    return 2;
  }
  const bar = new ProgressBar(output.err, output.terminal ?? false);
  const by = 'the command line';
  try {
    const running = await rebuilds.start(
      target,
      by,
      ({ phase, events, total, elapsedMs }) =>
        bar.update(
          `rebuilding ${name} ${phase === 'swapping' ? '(swapping) ' : ''}${progressLine({ done: events, total, elapsedMs })}`,
        ),
      signal,
    );
    const { events, elapsedMs, swapMs } = await running.done;
    bar.finish(`rebuilding ${name} ${progressLine({ done: events, total: events, elapsedMs })}`);
    output.out(
      `rebuilt ${name}: ${events} events in ${duration(elapsedMs / 1000)} ` +
        `(${Math.round(events / (elapsedMs / 1000))} events/s); appends waited ${swapMs} ms for the swap\n`,
    );
    return 0;
  } catch (error) {
    const reason =
      error instanceof RebuildAlreadyRunning
        ? error.message
        : `failed, the live tables are as they were: ${(error as Error).message}`;
    output.err(`\nrebuild: ${reason}\n`);
    return 1;
  }
}
