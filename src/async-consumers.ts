import { ArticleActivityProjection } from './activity/article-activity.projection';
import type { AppConfig } from './config/app-config';
import { AsyncConsumers } from './event-store/async-consumers';
import { JetStreamPublisher } from './nats/jetstream-publisher';
import { NatsDelivery } from './nats/nats-delivery.consumer';
import { WebhookDeliveriesConsumer } from './webhooks/webhook-deliveries.consumer';

/**
 * The asynchronous consumers, listed here where the application is composed, so the service, the
 * CLIs and the tests run the same ones: read models that may be a moment behind the appends, and
 * deliveries to the rest of the newsroom. Each has its own checkpoint; the engine runs each on one
 * instance at a time (src/event-store/projection-engine.ts). NATS is listed when configured.
 */
export const asyncConsumers = (config: Pick<AppConfig, 'nats'>): AsyncConsumers =>
  new AsyncConsumers([
    new ArticleActivityProjection(),
    new WebhookDeliveriesConsumer(),
    ...(config.nats ? [new NatsDelivery(new JetStreamPublisher(config.nats))] : []),
  ]);
