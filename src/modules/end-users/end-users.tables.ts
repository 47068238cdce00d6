// Tables of end users and their encrypted sensitive values.

export interface EndUsersTable {
  id: string;
  agent_id: string;
  external_id: string | null;
  /** external_id in Unicode lower case: what external_ids are matched and kept unique by. */
  external_id_lower: string | null;
  first_name: string | null;
  last_name: string | null;
  display_name: string | null;
  avatar: string | null;
  email: string | null;
  language: string | null;
  /** JSON object. */
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
  /** The keyring envelope of the JSON value. */
  envelope: string;
  updated_at: number;
  expires_at: number;
}

declare module '../../db/schema.js' {
  interface Database {
    end_users: EndUsersTable;
    sensitive_values: SensitiveValuesTable;
  }
}
