import { Counter } from 'prom-client';
import type { AsyncConsumer, RetryPolicy } from '../event-store/async-consumer';
import type { ProjectedTable } from '../event-store/inline-projection';
import type { RecordedEvent } from '../event-store/recorded-event';
import { isBrokerFailure } from './delivery-failures';
import { eventMessage } from './event-message';
import type { JetStreamPublisher } from './jetstream-publisher';

/**
 * Publishes every event to the JetStream stream COPYDESK, in commit order, on the subject
 * `copydesk.<stream type>.<event type>`, with the event id as `Nats-Msg-Id`. Its checkpoint moves
 * past a batch only once JetStream has acknowledged every message of it; a batch handed over again
 * (a crash after publishing, before the checkpoint committed) is dropped by JetStream as duplicates
 * within the stream's duplicate window. A broker that is down is waited out (isTransient): nothing
 * is lost or skipped meanwhile. Only an event that cannot be a message (too large, not a subject)
 * is dead-lettered after its retries.
 */
export class NatsDelivery implements AsyncConsumer {
  readonly name = 'nats-jetstream';
  readonly onPoison = 'dead-letter';
  /**
   * For an event it cannot publish, which no retry mends (it is too large, or not a subject): a few
   * tries, then the dead-letter ledger. A broker outage backs off the same way, up to 5 s between
   * tries, but is never counted.
   */
  readonly retry: RetryPolicy = { attempts: 3, firstDelayMs: 250, maxDelayMs: 5_000 };
  readonly tables: readonly ProjectedTable[] = [];
  private readonly published = new Counter({
    name: 'copydesk_nats_published_total',
    help: 'Events published to JetStream and acknowledged: stored, or duplicate (already in the stream, dropped by its Nats-Msg-Id)',
    labelNames: ['result'] as const,
    registers: [],
  });
  readonly metrics = [this.published];

  constructor(private readonly publisher: JetStreamPublisher) {}

  async apply(events: readonly RecordedEvent[]): Promise<void> {
    const acks = await this.publisher.publish(events.map(eventMessage));
    const duplicates = acks.filter((ack) => ack.duplicate).length;
    this.published.inc({ result: 'stored' }, acks.length - duplicates);
    this.published.inc({ result: 'duplicate' }, duplicates);
  }

  isTransient(error: unknown): boolean {
    return isBrokerFailure(error);
  }

  close(): Promise<void> {
    return this.publisher.close();
  }
}
