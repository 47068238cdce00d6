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


export interface Database {
  agents: AgentsTable;
  api_keys: ApiKeysTable;
  end_users: EndUsersTable;
  sensitive_values: SensitiveValuesTable;
}
