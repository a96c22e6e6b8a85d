/** Why a sleeping runner is woken: new events were committed, someone changed its checkpoint, or it must stop. */
export type WakeReason = 'events' | 'control' | 'stop';

/**
 * A sleep that the reasons it listens for cut short. A reason that arrives while nobody sleeps is
 * kept for the next sleep that listens for it, so a notification between two sleeps is not lost.
 */
export class Wakeup {
  private pending = new Set<WakeReason>();
  private sleeper: { readonly reasons: ReadonlySet<WakeReason>; readonly wake: (reason: WakeReason | 'timeout') => void } | null =
    null;

  wake(reason: WakeReason): void {
    if (this.sleeper?.reasons.has(reason)) {
      this.sleeper.wake(reason);
      return;
    }
    this.pending.add(reason);
  }

  /** Resolves after `ms`, or sooner with the first of `reasons` to arrive (or already pending). */
  sleep(ms: number, reasons: readonly WakeReason[]): Promise<WakeReason | 'timeout'> {
    const listening = new Set<WakeReason>([...reasons, 'stop']);
    const waiting = [...this.pending].find((reason) => listening.has(reason));
    if (waiting !== undefined) {
      for (const reason of listening) this.pending.delete(reason);
      return Promise.resolve(waiting);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish('timeout'), ms);
      const finish = (reason: WakeReason | 'timeout'): void => {
        clearTimeout(timer);
        this.sleeper = null;
        resolve(reason);
      };
      this.sleeper = { reasons: listening, wake: finish };
    });
  }
}
