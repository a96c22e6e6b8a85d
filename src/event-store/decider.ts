import type { NewEvent, RecordedEvent } from './recorded-event';

/** A pure decider, as the write side defines it: `decide(command, state) → events` and a fold. */
export interface Decider<Command, State, Event> {
  readonly initialState: State;
  /**
   * Names what `evolve` (and every decoding it relies on) means. A stored snapshot made by another
   * fold version is ignored, so changing the fold means changing this.
   */
  readonly foldVersion: string;
  /** `null` is a stored event that cannot be interpreted: it takes its version and changes nothing else. */
  evolve(state: State, event: Event | null): State;
  decide(command: Command, state: State): Event[];
}

/** How one stream's domain events are stored and read back. */
export interface EventCodec<Event> {
  encode(event: Event): Omit<NewEvent, 'eventId'>;
  /** The event, or null when it cannot be interpreted (never a throw: every reader is total). */
  decode(recorded: RecordedEvent): Event | null;
}

/** Correlation and causation ids of the request behind a command; they go into every event's metadata. */
export interface CommandMetadata {
  readonly requestId: string;
  readonly commandId: string;
  readonly idempotencyKey?: string;
}
