import type { InlineProjection, ProjectionTransaction } from './inline-projection';
import type { RecordedEvent } from './recorded-event';

/**
 * How the write side reads one stream: each stored event decoded (null when it cannot be
 * interpreted, never a throw) and folded into the stream's state. Projections get the states this
 * fold gives, so they agree with what the commands decided on.
 */
export interface StreamFold<Event, State> {
  readonly initialState: State;
  decode(recorded: RecordedEvent): Event | null;
  /** `null` is an event that cannot be interpreted: it takes its version and changes nothing else. */
  evolve(state: State, event: Event | null): State;
}

/**
 * The read models updated in the append's transaction, as the application lists them where it is
 * composed (src/inline-projections.ts), with the one decoding and folding they share: each event is
 * decoded once, whatever the number of projections that handle it, and each projection is told the
 * stream's state before and after it. An event that cannot be interpreted changes no read model, as
 * it changes nothing in the write side's fold.
 */
export class InlineProjections<Event = unknown, State = unknown> {
  readonly all: readonly InlineProjection<Event, State>[];

  constructor(
    private readonly fold: StreamFold<Event, State>,
    projections: readonly InlineProjection<Event, State>[],
  ) {
    const names = projections.map((projection) => projection.name);
    const twice = names.find((name, index) => names.indexOf(name) !== index);
    if (twice !== undefined) throw new Error(`inline projection ${twice} is listed twice`);
    this.all = projections;
  }

  /** The one projection named, folded the same way: what a rebuild of it replays. */
  only(name: string): InlineProjections<Event, State> {
    const projection = this.all.find((each) => each.name === name);
    if (projection === undefined) throw new Error(`there is no inline projection ${name}`);
    return new InlineProjections(this.fold, [projection]);
  }

  handles(eventType: string): boolean {
    return this.all.some((projection) => projection.handles.has(eventType));
  }

  /** Every event type some projection handles. */
  get types(): string[] {
    return [...new Set(this.all.flatMap((projection) => [...projection.handles]))];
  }

  get initialState(): State {
    return this.fold.initialState;
  }

  /**
   * Applies one recorded event, given the stream's state before it, and answers the state after it.
   * A caller without that state (a tool replaying one event, an append outside the command path)
   * leaves it out, and it is folded from the events before this one, as this transaction sees them.
   */
  async apply(recorded: RecordedEvent, transaction: ProjectionTransaction, before?: State): Promise<State> {
    const projections = this.all.filter((projection) => projection.handles.has(recorded.type));
    const event = this.fold.decode(recorded);
    const start = before ?? (await this.stateBefore(recorded, transaction));
    const after = this.fold.evolve(start, event);
    if (event === null) return after;
    for (const projection of projections) await projection.apply({ event, recorded, before: start, after }, transaction);
    return after;
  }

  private async stateBefore(recorded: RecordedEvent, transaction: ProjectionTransaction): Promise<State> {
    const earlier = await transaction.readStream(recorded.streamId, recorded.streamVersion - 1);
    return earlier.reduce((state, stored) => this.fold.evolve(state, this.fold.decode(stored)), this.fold.initialState);
  }
}

/** A store with no read models: for tools and specs that look at the events alone. */
export const noInlineProjections = (): InlineProjections =>
  new InlineProjections({ initialState: null, decode: () => null, evolve: () => null }, []);
