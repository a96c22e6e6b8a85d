import type { InlineProjection, ProjectionTransaction } from './inline-projection';
import type { RecordedEvent } from './recorded-event';

/**
 * The read models updated in the append's transaction, as the application lists them where it is
 * composed (src/inline-projections.ts), with the one decoding they share: each event is decoded
 * once, whatever the number of projections that handle it. An event that cannot be interpreted
 * (decode gives null) changes no read model, as it changes nothing in the write side's fold.
 */
export class InlineProjections<Event = unknown> {
  readonly all: readonly InlineProjection<Event>[];

  constructor(
    private readonly decode: (recorded: RecordedEvent) => Event | null,
    projections: readonly InlineProjection<Event>[],
  ) {
    const names = projections.map((projection) => projection.name);
    const twice = names.find((name, index) => names.indexOf(name) !== index);
    if (twice !== undefined) throw new Error(`inline projection ${twice} is listed twice`);
    this.all = projections;
  }

  handles(eventType: string): boolean {
    return this.all.some((projection) => projection.handles.has(eventType));
  }

  /** Every event type some projection handles. */
  get types(): string[] {
    return [...new Set(this.all.flatMap((projection) => [...projection.handles]))];
  }

  async apply(recorded: RecordedEvent, transaction: ProjectionTransaction): Promise<void> {
    const projections = this.all.filter((projection) => projection.handles.has(recorded.type));
    if (projections.length === 0) return;
    const event = this.decode(recorded);
    if (event === null) return;
    for (const projection of projections) await projection.apply(event, recorded, transaction);
  }
}

/** A store with no read models: for tools and specs that look at the events alone. */
export const noInlineProjections = (): InlineProjections => new InlineProjections(() => null, []);
