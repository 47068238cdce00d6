// Table shapes as Kysely sees them. Timestamps are epoch milliseconds (BIGINT), which sort and
// compare the same way on both engines; JSON documents are stored as text.

export interface AgentsTable {
  id: string;
  handle: string;
  created_at: number;
}

export interface ApiKeysTable {
  id: string;
  agent_id: string;
  name: string | null;
  prefix: string;
  key_hash: string;
  created_at: number;
  revoked_at: number | null;
}

export interface EndUsersTable {
  id: string;
  agent_id: string;
  external_id: string | null;
  external_id_lower: string | null;
  first_name: string | null;
  last_name: string | null;
  display_name: string | null;
  avatar: string | null;
  email: string | null;
  language: string | null;
  metadata: string;
  created_at: number;
  updated_at: number;
  /** When the end user was first attached to a conversation; null while unattached. */
  attached_at: number | null;
}

export interface SensitiveValuesTable {
  end_user_id: string;
  agent_id: string;
  key: string;
  envelope: string;
  updated_at: number;
  expires_at: number;
}
export interface EventsTable {
  id: string;
  agent_id: string;
  type: string;
  payload: string;
  /** JSON array of delivery-layer tags (conversation events: the channel id), or null. */
  tags: string | null;
  created_at: number;
}

export interface WebhooksTable {
  id: string;
  agent_id: string;
  url: string;
  description: string;
  /** JSON array of event type names; [] means every event. */
  event_filters: string;
  /** 1 or 0 (an integer on both engines). */
  enabled: number;
  /** Keyring envelopes of the signing secrets. */
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  failing_since: number | null;
  created_at: number;
  updated_at: number;
}

export type DeliveryState = 'pending' | 'succeeded' | 'failed';
export type DeliveryTrigger = 'event' | 'replay';

export interface WebhookDeliveriesTable {
  id: string;
  agent_id: string;
  webhook_id: string;
  event_id: string;
  state: DeliveryState;
  trigger: DeliveryTrigger;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  lease_token: string | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookAttemptsTable {
  id: string;
  agent_id: string;
  webhook_id: string;
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

export type ChannelType = 'custom' | 'native';
export type Modality = 'messaging' | 'email' | 'voice';

export interface ChannelsTable {
  id: string;
  agent_id: string;
  type: ChannelType;
  name: string;
  description: string;
  modality: Modality;
  /** capabilities.markdown: 1 or 0. */
  markdown: number;
  /** JSON object for custom channels; null for native ones. */
  metadata: string | null;
  created_at: number;
}

export type ConversationStatus = 'active' | 'ended';
export type AuthorRole = 'end_user' | 'ai_agent' | 'human_agent';

export interface ConversationsTable {
  id: string;
  agent_id: string;
  channel_id: string;
  end_user_id: string;
  status: ConversationStatus;
  metadata: string;
  ended_by_role: string | null;
  ended_by_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface MessagesTable {
  id: string;
  agent_id: string;
  conversation_id: string;
  author_role: AuthorRole;
  author_id: string | null;
  author_display_name: string | null;
  author_avatar: string | null;
  /** The content object as JSON. */
  content: string;
  created_at: number;
}

export interface Database {
  agents: AgentsTable;
  api_keys: ApiKeysTable;
  end_users: EndUsersTable;
  sensitive_values: SensitiveValuesTable;
  events: EventsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  channels: ChannelsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
}
