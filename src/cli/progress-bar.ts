/** What a progress line shows: how far, how fast, and how long there is to go. */
export interface ProgressFigures {
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
}

const WIDTH = 24;
const number = new Intl.NumberFormat('en-US');

/** `[#########---------------]  38%  38,000/100,000 events  21,350 events/s  ETA 3 s` */
export function progressLine({ done, total, elapsedMs }: ProgressFigures, unit = 'events'): string {
  const fraction = total > 0 ? Math.min(done / total, 1) : 1;
  const filled = Math.round(fraction * WIDTH);
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  const eta = rate > 0 ? Math.max(total - done, 0) / rate : null;
  return [
    `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}]`,
    `${String(Math.floor(fraction * 100)).padStart(3)}%`,
    `${number.format(done)}/${number.format(total)} ${unit}`,
    `${number.format(Math.round(rate))} ${unit}/s`,
    `ETA ${eta === null ? '?' : duration(eta)}`,
  ].join('  ');
}

export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/**
 * Redraws one line in place on a terminal (at most every `intervalMs`), or prints a line now and
 * then into a pipe or a log, where a carriage return would only add noise.
 */
export class ProgressBar {
  private lastDrawn = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly terminal: boolean,
    private readonly intervalMs = terminal ? 100 : 2_000,
  ) {}

  update(line: string): void {
    const now = Date.now();
    if (now - this.lastDrawn < this.intervalMs) return;
    this.lastDrawn = now;
    this.write(this.terminal ? `\r${line}\u001b[K` : `${line}\n`);
  }

  /** The last state, always shown, and the line ended. */
  finish(line: string): void {
    this.write(this.terminal ? `\r${line}\u001b[K\n` : `${line}\n`);
  }
}
