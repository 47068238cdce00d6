// The Webhook management API in the OpenAPI document: examples for every operation and the
// schemas of an endpoint, an attempt and an event type.
import { IDS, UPDATED_AT, page } from '../../http/openapi.examples.js';
import type { EventDefinition } from '../../platform/events.js';
import type { ModuleDocs } from '../../platform/manifest.js';
import { AttemptSchema, WebhookSchema } from './webhooks.schemas.js';

const WEBHOOK = {
  id: IDS.webhook,
  url: 'https://hooks.example.com/roster',
  description: 'CRM sync',
  event_filters: ['v1.end_user.created', 'v1.end_user.updated'],
  channels: [],
  enabled: true,
  created_at: '2026-11-27T14:10:00.000+00:00',
  updated_at: '2026-11-27T14:10:00.000+00:00',
};

/** The docs, with the event types every module defines (the event-types route lists them). */
export function webhooksDocs(eventTypes: readonly EventDefinition[]): ModuleDocs {
  return {
    components: {
      Webhook: WebhookSchema,
      WebhookAttempt: AttemptSchema,
      EventType: {
        type: 'object',
        required: ['name', 'description'],
        properties: { name: { type: 'string' }, description: { type: 'string' } },
        description: 'An event type, as GET /api/v2/webhooks/event-types/ lists it.',
      },
    },
    examples: {
      'POST /api/v2/webhooks/': {
        body: {
          url: 'https://hooks.example.com/roster',
          description: 'CRM sync',
          event_filters: ['v1.end_user.created', 'v1.end_user.updated'],
        },
        responses: { 201: WEBHOOK },
      },
      'GET /api/v2/webhooks/': { responses: { 200: page([WEBHOOK]) } },
      'GET /api/v2/webhooks/event-types/': {
        responses: { 200: { data: eventTypes.map(({ name, description }) => ({ name, description })) } },
      },
      'GET /api/v2/webhooks/{webhook_id}': { responses: { 200: WEBHOOK } },
      'PATCH /api/v2/webhooks/{webhook_id}': {
        body: { description: 'Support app, all events', event_filters: [], channels: [IDS.channel] },
        responses: {
          200: {
            ...WEBHOOK,
            description: 'Support app, all events',
            event_filters: [],
            channels: [IDS.channel],
            updated_at: UPDATED_AT,
          },
        },
      },
      'DELETE /api/v2/webhooks/{webhook_id}': { responses: {} },
      'GET /api/v2/webhooks/{webhook_id}/secret/': {
        responses: { 200: { key: 'whsec_cm9zdGVyLWV4YW1wbGUtc2lnbmluZy1zZWNyZXQh' } },
      },
      'POST /api/v2/webhooks/{webhook_id}/secret/rotate/': {
        // Any "whsec_" + base64 of 24 to 64 bytes; leave the body out to have Roster generate one.
        body: { key: 'whsec_bXktb3duLXNpZ25pbmctc2VjcmV0LTMyLWJ5dGVzIQ==' },
        responses: { 200: {} },
      },
      'GET /api/v2/webhooks/{webhook_id}/attempts/': {
        responses: {
          200: page([
            {
              id: IDS.attempt,
              webhook_id: IDS.webhook,
              message_id: `msg_${IDS.event}`,
              event_type: 'v1.end_user.created',
              attempt: 1,
              trigger: 'event',
              status: 'succeeded',
              status_code: 204,
              duration_ms: 38,
              error: null,
              response_body: '',
              created_at: '2026-11-27T14:15:16.902+00:00',
            },
          ]),
        },
      },
      'POST /api/v2/webhooks/{webhook_id}/replay/': {
        body: { since: '2026-11-27T00:00:00Z', until: '2026-11-28T00:00:00Z' },
        responses: { 202: { replayed: 3 } },
      },
    },
  };
}
