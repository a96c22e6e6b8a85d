import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { CommandMetadata, Decider, EventCodec } from './decider';
import { ConcurrencyError, IdempotencyKeyReused } from './event-store.errors';
import { EventStore, type AppendResult } from './event-store';
import { NO_STREAM, requiredCurrentVersion, type ExpectedVersion } from './expected-version';
import { claimIdempotencyKey, recordIdempotentAnswer, type IdempotentRequest, type StoredAnswer } from './idempotency-keys';

export interface StreamCommand<Command, State, Event> {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  readonly command: Command;
  readonly metadata: CommandMetadata;
  readonly decider: Decider<Command, State, Event>;
  readonly codec: EventCodec<Event>;
  /** Present when the client sent an idempotency key: a retry then gets the first answer again. */
  readonly idempotency?: IdempotentRequest;
}

export interface CommandOutcome<State> extends AppendResult {
  readonly state: State;
  /** Set when an earlier request with the same key answered: this one wrote nothing. */
  readonly replayed: { readonly location: string | null } | null;
}

/**
 * The one way a command changes a stream: read it, fold it, decide, append at the version that was
 * read and run the inline projections — all in one transaction, so a refusal writes nothing and a
 * lost race is a ConcurrencyError, never an overwrite. An idempotency key is claimed first and
 * answered last in that same transaction: it commits with the command's events or not at all (a
 * command that changed nothing still keeps its key, with the version it answered).
 */
@Injectable()
export class CommandRunner {
  constructor(private readonly store: EventStore) {}

  async run<Command, State, Event>(request: StreamCommand<Command, State, Event>): Promise<CommandOutcome<State>> {
    const { idempotency } = request;
    try {
      return await this.store.inTransaction(async (runner) => {
        if (idempotency) {
          const earlier = await claimIdempotencyKey(runner, request.streamId, idempotency);
          if (earlier) return this.replay(runner, request, idempotency, earlier);
        }
        const outcome = await this.decideAndAppend(runner, request);
        if (idempotency) await recordIdempotentAnswer(runner, idempotency, outcome.version);
        return outcome;
      });
    } catch (error) {
      // A race lost inside the INSERT aborts the transaction before the winner's version can be read;
      // it is read now, so that every loser learns the version to reload.
      if (error instanceof ConcurrencyError && error.actual === null) {
        throw new ConcurrencyError(error.streamId, error.expected, await this.store.streamVersion(request.streamId));
      }
      throw error;
    }
  }

  private async decideAndAppend<Command, State, Event>(
    runner: QueryRunner,
    { streamId, expectedVersion, command, metadata, decider, codec, idempotency }: StreamCommand<Command, State, Event>,
  ): Promise<CommandOutcome<State>> {
    const history = await this.store.readStream(streamId, {}, runner);
    const currentVersion = history.length;
    const required = requiredCurrentVersion(expectedVersion);
    // A missing stream is left to the decider, which knows whether that means "not found".
    if (required !== null && currentVersion > 0 && required !== currentVersion) {
      throw new ConcurrencyError(streamId, expectedVersion, currentVersion);
    }
    const state = history.map((recorded) => codec.decode(recorded)).reduce(decider.evolve, decider.initialState);
    const events = decider.decide(command, state);
    if (events.length === 0) return { version: currentVersion, events: [], state, replayed: null };
    if (required !== null && required !== currentVersion) {
      throw new ConcurrencyError(streamId, expectedVersion, currentVersion);
    }

    const keyed = idempotency ? { idempotencyKey: idempotency.key } : {};
    const newEvents = events.map((event) => {
      const encoded = codec.encode(event);
      const eventId = randomUUID();
      return { ...encoded, eventId, metadata: { eventId, ...encoded.metadata, ...metadata, ...keyed } };
    });
    // The decision was made on the version read, so that is the version the append must find.
    const result = await this.store.appendWithin(runner, streamId, currentVersion === 0 ? NO_STREAM : currentVersion, newEvents);
    return { ...result, state: events.reduce(decider.evolve, state), replayed: null };
  }

  /**
   * The first answer again: the state as it stood at the version that answer named, even if the
   * stream has moved on since, and from the stream that answer changed, which is not the one this
   * request names when the first request chose a new id (a created article).
   */
  private async replay<Command, State, Event>(
    runner: QueryRunner,
    { decider, codec }: StreamCommand<Command, State, Event>,
    idempotency: IdempotentRequest,
    earlier: StoredAnswer,
  ): Promise<CommandOutcome<State>> {
    if (earlier.fingerprint !== idempotency.fingerprint) throw new IdempotencyKeyReused(idempotency.key);
    const history = await this.store.readStream(earlier.streamId, { toVersion: earlier.version }, runner);
    const state = history.map((recorded) => codec.decode(recorded)).reduce(decider.evolve, decider.initialState);
    return { version: earlier.version, events: [], state, replayed: { location: earlier.location } };
  }
}
