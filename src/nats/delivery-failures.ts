import { JetStreamApiError } from '@nats-io/jetstream';
import { errors } from '@nats-io/transport-node';
import { UnpublishableEvent } from './event-message';

/** JetStream's answer to a message larger than the stream's max_msg_size (server error code 10054). */
const MESSAGE_SIZE_EXCEEDS_MAXIMUM = 10054;

/**
 * Whether a failed publish is the broker's trouble rather than the event's: anything but a message
 * the client or the stream refuses as such (too large for the server's max_payload or the stream's
 * max_msg_size, or not a subject). The broker being down, unreachable, without the stream or without
 * JetStream, slow to acknowledge, or out of storage passes once an operator or the broker mends it:
 * those are retried for as long as they last, never dead-lettered.
 */
export function isBrokerFailure(error: unknown): boolean {
  if (error instanceof UnpublishableEvent) return false;
  if (error instanceof errors.InvalidArgumentError || error instanceof errors.InvalidSubjectError) return false;
  if (error instanceof JetStreamApiError && error.code === MESSAGE_SIZE_EXCEEDS_MAXIMUM) return false;
  return true;
}
