// The wire forms of a webhook endpoint and of one delivery attempt: exactly the documented fields.
// The endpoint's signing secrets are not among them; they leave only through GET .../secret/.
import { toWireTime } from '../../lib/time.js';
import { messageId } from './webhooks.outbox.js';
import type { AttemptWire, WebhookWire } from './webhooks.schemas.js';
import type { Webhook, WebhookAttempt } from './webhooks.store.js';

export function presentWebhook(webhook: Webhook): WebhookWire {
  return {
    id: webhook.id,
    url: webhook.url,
    description: webhook.description,
    event_filters: webhook.eventFilters,
    channels: webhook.channels,
    enabled: webhook.enabled,
    created_at: toWireTime(webhook.createdAt),
    updated_at: toWireTime(webhook.updatedAt),
  };
}

export function presentAttempt(attempt: WebhookAttempt): AttemptWire {
  return {
    id: attempt.id,
    webhook_id: attempt.webhookId,
    message_id: messageId(attempt.eventId),
    event_type: attempt.eventType,
    attempt: attempt.attempt,
    trigger: attempt.trigger,
    status: attempt.succeeded ? 'succeeded' : 'failed',
    status_code: attempt.statusCode,
    duration_ms: attempt.durationMs,
    error: attempt.error,
    response_body: attempt.responseBody,
    created_at: toWireTime(attempt.createdAt),
  };
}
