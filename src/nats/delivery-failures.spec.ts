import { JetStreamApiError } from '@nats-io/jetstream';
import { errors } from '@nats-io/transport-node';
import { isBrokerFailure } from './delivery-failures';
import { UnpublishableEvent } from './event-message';

const apiError = (err_code: number, description: string) => new JetStreamApiError({ code: 503, err_code, description });

describe('isBrokerFailure', () => {
  it.each([
    ['the broker refusing connections', new errors.ConnectionError('connection refused')],
    ['a connection closed under a publish', new errors.RequestError('connection closed')],
    ['a PubAck that did not come in time', new errors.TimeoutError()],
    ['no stream listening on the subject', new errors.NoRespondersError('copydesk.article.ArticlePublished')],
    ['JetStream out of storage', apiError(10047, 'insufficient storage resources available')],
    ['anything unforeseen', new Error('something else')],
  ])('waits out %s', (_, error) => {
    expect(isBrokerFailure(error)).toBe(true);
  });

  it.each([
    ['a message over the server max_payload', new errors.InvalidArgumentError("'payload' max_payload size exceeded")],
    ['a message over the stream max_msg_size', apiError(10054, 'message size exceeds maximum allowed')],
    ['an event that cannot be a subject', new UnpublishableEvent('its event type "A B" cannot be a NATS subject token')],
  ])('blames the event for %s', (_, error) => {
    expect(isBrokerFailure(error)).toBe(false);
  });
});
