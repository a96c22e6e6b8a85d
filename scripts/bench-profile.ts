import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';

/** Busy time sampled, and how much of it had matching code on the stack. */
export interface CodeShare {
  busyMicros: number;
  matchedMicros: number;
}

/**
 * `work`, with this thread sampled by V8's profiler: of the time the thread was busy (not idle),
 * how much had a frame from a file `code` matches anywhere on its stack, including what that code
 * called (a write it made, say). Other processes on the machine slow both alike, so the share holds
 * where throughput figures swing.
 */
export async function profiledShare<T>(code: RegExp, work: () => Promise<T>, into: CodeShare): Promise<T> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    let value: T;
    try {
      value = await work();
    } finally {
      const { profile } = await session.post('Profiler.stop');
      addShare(profile, code, into);
    }
    return value;
  } finally {
    session.disconnect();
  }
}

function addShare(profile: Profiler.Profile, code: RegExp, into: CodeShare): void {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const matches = new Map<number, boolean>();
  const matched = (id: number): boolean => {
    let known = matches.get(id);
    if (known === undefined) {
      const parent = parents.get(id);
      known = code.test(nodes.get(id)!.callFrame.url) || (parent !== undefined && matched(parent));
      matches.set(id, known);
    }
    return known;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, index) => {
    if (nodes.get(id)!.callFrame.functionName === '(idle)') return;
    into.busyMicros += deltas[index] ?? 0;
    if (matched(id)) into.matchedMicros += deltas[index] ?? 0;
  });
}
