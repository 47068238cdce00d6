// The audit log: one append-only row per configuration change. Nothing updates a row; only
// erasure removes rows about an erased person.

export interface AuditLogTable {
  /** A UUID (v4), as Ada's audit events have. */
  id: string;
  agent_id: string;
  actor_type: string;
  actor_id: string;
  interface: string;
  context_ip: string;
  context_user_agent: string;
  entity_type: string;
  entity_id: string;
  entity_name: string;
  activity: string;
  /** JSON list of {field, before, after} or {field, sensitive: true}. */
  changes: string;
  created_at: number;
}

declare module '../../db/schema.js' {
  interface Database {
    audit_log: AuditLogTable;
  }
}
