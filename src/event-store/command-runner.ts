import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { SqlClient } from '../database/sql';
import type { CommandMetadata, Decider, EventCodec } from './decider';
import { ConcurrencyError, IdempotencyKeyReused } from './event-store.errors';
import { EventStore, type AppendResult } from './event-store';
import { NO_STREAM, requiredCurrentVersion, type ExpectedVersion } from './expected-version';
import { readSnapshot, SNAPSHOT_EVERY, StateCache, writeSnapshot, type FoldedState } from './folded-state';
import type { RecordedEvent } from './recorded-event';
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
  /** The stream's state after the command, for the cache; absent on a replay, which answers an older version. */
  readonly folded?: FoldedState<State>;
}

/** A decision on a cached state that was not read back met a conflict, or could not be checked: it may be the cache's. */
class ConflictOnCachedState extends Error {
  constructor(streamId: string) {
    super(`the cached state of ${streamId} is not the stream's`);
  }
}

/**
 * The one way a command changes a stream: load its state (load() says how, without reading all of
 * it), check the expected version, decide, append at the version loaded and run the inline
 * projections — all in one transaction, so a refusal writes nothing and a
 * lost race is a ConcurrencyError, never an overwrite. An idempotency key is claimed first and
 * answered last in that same transaction: it commits with the command's events or not at all (a
 * command that changed nothing still keeps its key, with the version it answered).
 */
@Injectable()
export class CommandRunner {
  private readonly cache = new StateCache();

  constructor(private readonly store: EventStore) {}

  async run<Command, State, Event>(request: StreamCommand<Command, State, Event>): Promise<CommandOutcome<State>> {
    try {
      try {
        return await this.attempt(request, { trustCache: true });
      } catch (error) {
        if (!(error instanceof ConflictOnCachedState)) throw error;
        // The cached state was not read back, so the conflict may be the cache's, not the request's:
        // once more, from the events. A stream that really moved is then refused as it always was.
        this.cache.forget(request.streamId);
        return await this.attempt(request, { trustCache: false });
      }
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      // Another writer moved the stream: this process's cached state for it may be behind.
      this.cache.forget(request.streamId);
      // A race lost inside the INSERT aborts the transaction before the winner's version can be read;
      // it is read now, so that every loser learns the version to reload.
      if (error.actual !== null) throw error;
      throw new ConcurrencyError(error.streamId, error.expected, await this.store.streamVersion(request.streamId));
    }
  }

  private async attempt<Command, State, Event>(
    request: StreamCommand<Command, State, Event>,
    { trustCache }: { trustCache: boolean },
  ): Promise<CommandOutcome<State>> {
    const { idempotency } = request;
    const outcome = await this.store.inTransaction(async (runner): Promise<CommandOutcome<State>> => {
      if (idempotency) {
        const earlier = await claimIdempotencyKey(runner, request.streamId, idempotency);
        if (earlier) return this.replay(runner, request, idempotency, earlier);
      }
      const outcome = await this.decideAndAppend(runner, request, trustCache);
      if (idempotency) await recordIdempotentAnswer(runner, idempotency, outcome.version);
      return outcome;
    });
    // Committed: the next command on this stream starts from here.
    if (outcome.folded) this.cache.set(request.streamId, outcome.folded);
    return outcome;
  }

  private async decideAndAppend<Command, State, Event>(
    runner: SqlClient,
    { streamId, expectedVersion, command, metadata, decider, codec, idempotency }: StreamCommand<Command, State, Event>,
    trustCache: boolean,
  ): Promise<CommandOutcome<State>> {
    const required = requiredCurrentVersion(expectedVersion);
    const cached = trustCache ? this.cache.get<State>(streamId) : undefined;
    // A cached state at the very version the request expects (or any) is decided on as it is: the
    // append checks that the stream's event at that version still has the hash the state was folded
    // to. Anything else is read from the events (load checks its start the same way).
    const unread = cached !== undefined && (required === null || required === cached.version) ? cached : undefined;
    const current = unread ?? (await this.load(runner, streamId, decider, codec));
    // The one check of the expected version; the unique (stream_id, stream_version) index settles a
    // race after it. A missing stream is left to the decider, which knows whether that means "not found".
    if (required !== null && current.version > 0 && required !== current.version) {
      throw new ConcurrencyError(streamId, expectedVersion, current.version);
    }
    let events: Event[];
    try {
      events = decider.decide(command, current.state);
    } catch (refusal) {
      // A refusal appends nothing, so no append checks the cached state it was decided on: it is read back first.
      if (unread && !(await this.stillCurrent(runner, streamId, unread))) throw new ConflictOnCachedState(streamId);
      throw refusal;
    }
    if (events.length === 0) {
      if (unread && !(await this.stillCurrent(runner, streamId, unread))) throw new ConflictOnCachedState(streamId);
      return { version: current.version, events: [], state: current.state, replayed: null, folded: current };
    }

    const keyed = idempotency ? { idempotencyKey: idempotency.key } : {};
    const newEvents = events.map((event) => {
      const encoded = codec.encode(event);
      const eventId = randomUUID();
      return { ...encoded, eventId, metadata: { eventId, ...encoded.metadata, ...metadata, ...keyed } };
    });
    // The decision was made on the version read, so that is the version the append must find.
    let result: AppendResult;
    try {
      result = await this.store.appendWithin(runner, streamId, current.version === 0 ? NO_STREAM : current.version, newEvents, {
        state: current.state,
        ...(unread ? { previousHash: unread.eventHash } : {}),
      });
    } catch (error) {
      if (unread && error instanceof ConcurrencyError) throw new ConflictOnCachedState(streamId);
      throw error;
    }
    const state = events.reduce(decider.evolve, current.state);
    const folded = { version: result.version, eventHash: result.events.at(-1)!.hash, state };
    if (Math.floor(result.version / SNAPSHOT_EVERY) > Math.floor(current.version / SNAPSHOT_EVERY)) {
      await writeSnapshot(runner, streamId, decider.foldVersion, folded);
    }
    return { ...result, state, replayed: null, folded };
  }

  /** The stream still ends at the cached version, with the cached hash. */
  private async stillCurrent(runner: SqlClient, streamId: string, cached: FoldedState<unknown>): Promise<boolean> {
    const [at, after] = await this.store.readStream(streamId, { fromVersion: cached.version, limit: 2 }, runner);
    return at?.streamVersion === cached.version && at.hash === cached.eventHash && after === undefined;
  }

  /**
   * The stream's current state without reading all of it: from this process's cache or the stored
   * snapshot, then the events after it. Either is used only if the event at its version still
   * carries the hash it was folded from; otherwise the whole stream is folded, as it always can be.
   */
  private async load<State, Event>(
    runner: SqlClient,
    streamId: string,
    decider: Decider<unknown, State, Event>,
    codec: EventCodec<Event>,
  ): Promise<FoldedState<State>> {
    const start = this.cache.get<State>(streamId) ?? (await readSnapshot<State>(runner, streamId, decider.foldVersion)) ?? null;
    if (start !== null) {
      const [anchor, ...tail] = await this.store.readStream(streamId, { fromVersion: start.version }, runner);
      if (anchor?.streamVersion === start.version && anchor.hash === start.eventHash) {
        return this.fold(start, tail, decider, codec);
      }
      this.cache.forget(streamId);
    }
    const history = await this.store.readStream(streamId, {}, runner);
    return this.fold({ version: 0, eventHash: '', state: decider.initialState }, history, decider, codec);
  }

  private fold<State, Event>(
    start: FoldedState<State>,
    events: readonly RecordedEvent[],
    decider: Decider<unknown, State, Event>,
    codec: EventCodec<Event>,
  ): FoldedState<State> {
    const last = events.at(-1);
    if (last === undefined) return start;
    const state = events.map((recorded) => codec.decode(recorded)).reduce(decider.evolve, start.state);
    return { version: last.streamVersion, eventHash: last.hash, state };
  }

  /**
   * The first answer again: the state as it stood at the version that answer named, even if the
   * stream has moved on since, and from the stream that answer changed, which is not the one this
   * request names when the first request chose a new id (a created article).
   */
  private async replay<Command, State, Event>(
    runner: SqlClient,
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
