// Tables of the admin console: the operators who may sign in, and their sessions. Both hold only
// SHA-256 hashes of their secrets.

export interface ConsoleAdminsTable {
  id: string;
  name: string;
  /** SHA-256 of the admin token; the token itself is never stored. */
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
}

export interface ConsoleSessionsTable {
  /** SHA-256 of the session cookie's value. */
  id_hash: string;
  admin_id: string;
  created_at: number;
  expires_at: number;
}

declare module '../../db/schema.js' {
  interface Database {
    console_admins: ConsoleAdminsTable;
    console_sessions: ConsoleSessionsTable;
  }
}
