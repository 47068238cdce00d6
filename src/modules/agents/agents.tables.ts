// Tables of AI Agents (tenants) and their API keys.

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
  /** SHA-256 of the key; the key itself is never stored. */
  key_hash: string;
  created_at: number;
  revoked_at: number | null;
}

declare module '../../db/schema.js' {
  interface Database {
    agents: AgentsTable;
    api_keys: ApiKeysTable;
  }
}
