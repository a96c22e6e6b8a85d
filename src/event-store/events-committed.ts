/**
 * Published on the EventBus once a command's events are committed: a best-effort signal inside this
 * process, for caches and pollers to act on sooner. Never what a read model is built from — those
 * are written in the append's transaction — and never seen by other instances.
 */
export class EventsCommitted {
  constructor(
    readonly streamId: string,
    readonly types: readonly string[],
  ) {}
}
