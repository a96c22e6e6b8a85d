import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A built Copydesk started as its own process, as the process-level specs run it. */
export interface RunningService {
  readonly process: ChildProcess;
  readonly url: string;
  output(): string;
}

export const START_TIMEOUT_MS = 30_000;

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Waits until /health/ready answers 200; fails with the service's output if it exits or takes too long. */
export async function untilReady(service: RunningService): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (service.process.exitCode !== null) throw new Error(`the service exited during start:\n${service.output()}`);
    try {
      if ((await fetch(`${service.url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the service was not ready within ${START_TIMEOUT_MS} ms:\n${service.output()}`);
}
