import type { DeliveryAttempt, DeliveryEntry } from '../webhooks/delivery-log';
import { DELIVERY_STATES } from '../webhooks/http/webhook.dtos';
import type { WebhookView } from '../webhooks/webhooks.store';
import { boolean, component, count, dateTime, integer, listOf, nullable, object, oneOfValues, string, uuid } from './json-schema';

/** Webhooks an admin manages, and their delivery logs. */

const WEBHOOK_FIELDS = {
  id: uuid(),
  url: string({ format: 'uri' }),
  eventTypes: nullable(listOf(string(), 'The event types it receives; null: every one.')),
  articleIds: nullable(listOf(uuid(), 'The articles whose events it receives; null: every article.')),
  createdAt: dateTime(),
  createdBy: string({ description: 'The id of the admin who made it.' }),
  enabled: boolean('false once disabled for failing too long; POST /webhooks/{id}/enable enables it again.'),
  failingSince: nullable(dateTime('Since when its deliveries have failed without a success; null while they succeed.')),
  disabled: nullable(
    object<NonNullable<WebhookView['disabled']>>({ at: dateTime(), reason: string() }, 'Why and when it was disabled.'),
  ),
};

export const WEBHOOK = component('Webhook', object<WebhookView>(WEBHOOK_FIELDS, 'A webhook; its secret is never shown again.'));

export const CREATED_WEBHOOK = component(
  'CreatedWebhook',
  object<WebhookView & { secret: string }>(
    {
      ...WEBHOOK_FIELDS,
      secret: string({
        pattern: '^whsec_',
        description: 'The signing secret (Standard Webhooks form), shown in this answer only: keep it.',
      }),
    },
    'The new webhook, with its secret.',
  ),
);

export const WEBHOOK_LIST = component('Webhooks', object<{ items: WebhookView[] }>({ items: listOf(WEBHOOK) }));

const ATTEMPT = object<DeliveryAttempt>({
  attempt: integer({ minimum: 1 }),
  startedAt: dateTime(),
  durationMs: count(),
  status: nullable(integer({ description: 'The receiver’s HTTP status; null when none came.' })),
  error: nullable(string({ description: 'Why the attempt failed; null when it succeeded.' })),
});

export const DELIVERY_PAGE = component(
  'WebhookDeliveryPage',
  object<{ items: DeliveryEntry[]; nextCursor: string | null }>(
    {
      items: listOf(
        object<DeliveryEntry>({
          id: string({ pattern: '^[1-9][0-9]*$', description: 'The delivery’s id, for a replay.' }),
          eventId: uuid(),
          eventType: string(),
          articleId: string(),
          version: integer({ minimum: 1, description: 'The event’s version in its article’s stream.' }),
          state: oneOfValues(DELIVERY_STATES),
          attemptCount: count(),
          attempts: listOf(ATTEMPT, 'Every attempt, oldest first; a replay adds to them.'),
          createdAt: dateTime(),
          finishedAt: nullable(dateTime('When it was delivered or given up on.')),
          deadReason: nullable(string({ description: 'Why it was given up on.' })),
        }),
      ),
      nextCursor: nullable(string({ description: 'Opaque: pass it as `cursor` for the next page; null on the last page.' })),
    },
    'One page of a webhook’s deliveries, newest first.',
  ),
);
