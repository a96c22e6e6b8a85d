import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import {
  jetstream,
  jetstreamManager,
  JetStreamApiError,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
  type PubAck,
  type StreamConfig,
} from '@nats-io/jetstream';
import { connect, headers, nanos, type NatsConnection } from '@nats-io/transport-node';
import type { NatsConfig } from '../config/app-config';
import { isBrokerFailure } from './delivery-failures';
import { STREAM_NAME, STREAM_SUBJECTS, SUBJECT_ROOT, type EventMessage } from './event-message';

/** How long a connection attempt, and then each PubAck, may take before the batch is tried again. */
const CONNECT_TIMEOUT_MS = 5_000;
const PUBLISH_TIMEOUT_MS = 5_000;
const STREAM_NOT_FOUND = 10059;

interface Connection {
  readonly nats: NatsConnection;
  readonly js: JetStreamClient;
}

/**
 * Publishes messages to the COPYDESK stream over one connection, made when first needed (so only the
 * instance that runs the consumer connects) and made again after any broker failure. The client's
 * own reconnection is off: a connection that drops is closed, every publish waiting on it fails at
 * once instead of waiting out its timeout in a buffer, and the next batch connects afresh and makes
 * sure the stream is there (created, or updated to take `copydesk.>` with the configured duplicate
 * window) before it publishes.
 */
export class JetStreamPublisher {
  private readonly logger = new Logger('NatsDelivery');
  private connection: Promise<Connection> | null = null;

  constructor(private readonly settings: NatsConfig) {}

  /**
   * Sends every message without waiting for the one before (the connection keeps them in order,
   * and JetStream stores them in the order they arrive), then waits for every PubAck: it resolves
   * only when all are stored, or known as duplicates of a message already stored.
   */
  async publish(messages: readonly EventMessage[]): Promise<PubAck[]> {
    const { js } = await this.connected();
    const settled = await Promise.allSettled(
      messages.map((message) => {
        const header = headers();
        header.set('Content-Type', 'application/json');
        return js.publish(message.subject, message.payload, {
          msgID: message.msgId,
          headers: header,
          timeout: PUBLISH_TIMEOUT_MS,
        });
      }),
    );
    const failures = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    if (failures.length === 0) return settled.map((outcome) => (outcome as PromiseFulfilledResult<PubAck>).value);
    const brokerFailure = failures.find(isBrokerFailure);
    if (brokerFailure === undefined) throw failures[0];
    await this.disconnect();
    throw brokerFailure;
  }

  async close(): Promise<void> {
    await this.disconnect();
  }

  private connected(): Promise<Connection> {
    if (this.connection === null) {
      const connection = this.connect();
      this.connection = connection;
      // A failed attempt is not kept: the next batch tries again.
      connection.catch(() => {
        if (this.connection === connection) this.connection = null;
      });
    }
    return this.connection;
  }

  private async connect(): Promise<Connection> {
    const nats = await connect({
      servers: [...this.settings.servers],
      name: `copydesk ${hostname()}:${process.pid}`,
      reconnect: false,
      timeout: CONNECT_TIMEOUT_MS,
    });
    try {
      await this.ensureStream(await jetstreamManager(nats, { timeout: PUBLISH_TIMEOUT_MS }));
    } catch (error) {
      await nats.close().catch(() => undefined);
      throw error;
    }
    const connection = { nats, js: jetstream(nats, { timeout: PUBLISH_TIMEOUT_MS }) };
    void nats.closed().then((error) => {
      if (error) this.logger.warn(`the connection to NATS closed: ${error.message}`);
      void this.forget(connection);
    });
    this.logger.log(`connected to NATS at ${nats.getServer()}; publishing to the stream ${STREAM_NAME}`);
    return connection;
  }

  /**
   * The stream as this service needs it: created when missing; when it exists, its subjects made to
   * take `copydesk.>` and its duplicate window set, everything else (limits, retention, replicas) left
   * as its operator made it.
   */
  private async ensureStream(manager: JetStreamManager): Promise<void> {
    const window = nanos(this.settings.duplicateWindowSeconds * 1000);
    let config: StreamConfig;
    try {
      config = (await manager.streams.info(STREAM_NAME)).config;
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === STREAM_NOT_FOUND)) throw error;
      await manager.streams.add({
        name: STREAM_NAME,
        subjects: [STREAM_SUBJECTS],
        storage: StorageType.File,
        duplicate_window: window,
      });
      this.logger.log(`created the JetStream stream ${STREAM_NAME} (${STREAM_SUBJECTS}, file storage)`);
      return;
    }
    const subjects = config.subjects.includes(STREAM_SUBJECTS)
      ? config.subjects
      : [STREAM_SUBJECTS, ...config.subjects.filter((subject) => !subject.startsWith(`${SUBJECT_ROOT}.`))];
    // JetStream refuses a duplicate window longer than the messages are kept.
    const duplicateWindow = config.max_age > 0 && config.max_age < window ? config.max_age : window;
    if (duplicateWindow !== window) {
      this.logger.warn(`the stream ${STREAM_NAME} keeps messages for less than the duplicate window: deduplicating over that`);
    }
    if (config.storage !== StorageType.File) {
      this.logger.warn(`the stream ${STREAM_NAME} is held in memory: a broker restart loses what it holds`);
    }
    if (subjects !== config.subjects || config.duplicate_window !== duplicateWindow) {
      await manager.streams.update(STREAM_NAME, { subjects, duplicate_window: duplicateWindow });
      this.logger.log(`updated the JetStream stream ${STREAM_NAME}: subjects ${subjects.join(', ')}, duplicate window`);
    }
  }

  private async disconnect(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    const open = await connection?.catch(() => null);
    await open?.nats.close().catch(() => undefined);
  }

  private async forget(connection: Connection): Promise<void> {
    if ((await this.connection?.catch(() => null)) === connection) this.connection = null;
  }
}
