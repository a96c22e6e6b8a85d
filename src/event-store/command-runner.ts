import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { CommandMetadata, Decider, EventCodec } from './decider';
import { ConcurrencyError } from './event-store.errors';
import { EventStore, type AppendResult } from './event-store';
import { NO_STREAM, requiredCurrentVersion, type ExpectedVersion } from './expected-version';

export interface StreamCommand<Command, State, Event> {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  readonly command: Command;
  readonly metadata: CommandMetadata;
  readonly decider: Decider<Command, State, Event>;
  readonly codec: EventCodec<Event>;
}

export interface CommandOutcome<State> extends AppendResult {
  readonly state: State;
}

/**
 * The one way a command changes a stream: read it, fold it, decide, append at the version that was
 * read and run the inline projections — all in one transaction, so a refusal writes nothing and a
 * lost race is a ConcurrencyError, never an overwrite.
 */
@Injectable()
export class CommandRunner {
  constructor(private readonly store: EventStore) {}

  async run<Command, State, Event>(request: StreamCommand<Command, State, Event>): Promise<CommandOutcome<State>> {
    const { streamId, expectedVersion, command, metadata, decider, codec } = request;
    return this.store.inTransaction(async (runner) => {
      const history = await this.store.readStream(streamId, {}, runner);
      const currentVersion = history.length;
      const required = requiredCurrentVersion(expectedVersion);
      // A missing stream is left to the decider, which knows whether that means "not found".
      if (required !== null && currentVersion > 0 && required !== currentVersion) {
        throw new ConcurrencyError(streamId, expectedVersion, currentVersion);
      }
      const state = history.map((recorded) => codec.decode(recorded)).reduce(decider.evolve, decider.initialState);
      const events = decider.decide(command, state);
      if (events.length === 0) return { version: currentVersion, events: [], state };
      if (required !== null && required !== currentVersion) {
        throw new ConcurrencyError(streamId, expectedVersion, currentVersion);
      }

      const newEvents = events.map((event) => {
        const encoded = codec.encode(event);
        const eventId = randomUUID();
        return { ...encoded, eventId, metadata: { eventId, ...encoded.metadata, ...metadata } };
      });
      // The decision was made on the version read, so that is the version the append must find.
      const result = await this.store.appendWithin(
        runner,
        streamId,
        currentVersion === 0 ? NO_STREAM : currentVersion,
        newEvents,
      );
      return { ...result, state: events.reduce(decider.evolve, state) };
    });
  }
}
