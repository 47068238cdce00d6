// Tables of the webhooks module: recorded events, endpoints and the log of delivery attempts.
// Deliveries still to be made are jobs of kind webhook.delivery (see webhooks.delivery.ts).

export interface EventsTable {
  id: string;
  agent_id: string;
  type: string;
  /** The exact JSON body every endpoint receives, fixed when the event is recorded. */
  payload: string;
  /** JSON array of delivery-layer tags (a custom channel's id, a handoff's integration), or null. */
  tags: string | null;
  /** The end user the event is about (its data's end_user_id), for erasure; null for others. */
  end_user_id: string | null;
  created_at: number;
}

export interface WebhooksTable {
  id: string;
  agent_id: string;
  url: string;
  description: string;
  /** JSON array of event type names; [] means every event. */
  event_filters: string;
  /** JSON array of delivery tags (channel ids, integration names); [] means whatever the tags. */
  channels: string;
  /** 1 or 0 (an integer on both engines). */
  enabled: number;
  /** Keyring envelopes of the signing secrets. */
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  /** Start of the current run of failed attempts; null after a success. */
  failing_since: number | null;
  created_at: number;
  updated_at: number;
}

export type DeliveryTrigger = 'event' | 'replay';

export interface WebhookAttemptsTable {
  id: string;
  agent_id: string;
  webhook_id: string;
  /** The id of the delivery job that made the attempt. */
  delivery_id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  trigger: DeliveryTrigger;
  /** 1 or 0. */
  succeeded: number;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_body: string | null;
  created_at: number;
}

declare module '../../db/schema.js' {
  interface Database {
    events: EventsTable;
    webhooks: WebhooksTable;
    webhook_attempts: WebhookAttemptsTable;
  }
}
