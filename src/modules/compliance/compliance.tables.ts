// Tables of erasure: the jobs, the end users each still has to erase, idempotency references
// and identifier cooldowns. No identifier is stored in the clear: a job's identifiers are sealed
// with the keyring, references and cooldowns keep keyed digests.

export type ErasureStatus = 'queued' | 'in_progress' | 'completed' | 'partial' | 'failed';

export interface ErasureJobsTable {
  id: string;
  agent_id: string;
  /** end_user_deletion (POST /v2/end-users/delete) or data_subject_request (the legacy API). */
  type: string;
  client_reference: string | null;
  status: ErasureStatus;
  /** Keyring envelope of the JSON array of identifiers with their dispositions. */
  identifiers: string;
  submitted_count: number;
  /** End users matched (known once matching ran). */
  matched_count: number;
  /** End users erased so far. */
  erased_count: number;
  failure_reason: string | null;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
}

/** End users a running job has matched and not yet erased; a row goes when its end user does. */
export interface ErasureTargetsTable {
  job_id: string;
  end_user_id: string;
}

export interface ErasureReferencesTable {
  agent_id: string;
  client_reference: string;
  job_id: string;
  /** Keyed digest of the request body: an identical request is recognised without keeping it. */
  request_mac: string;
  created_at: number;
}

export interface ErasureCooldownsTable {
  agent_id: string;
  /** Keyed digest of the normalized identifier. */
  identifier_mac: string;
  submitted_at: number;
}

declare module '../../db/schema.js' {
  interface Database {
    erasure_jobs: ErasureJobsTable;
    erasure_targets: ErasureTargetsTable;
    erasure_references: ErasureReferencesTable;
    erasure_cooldowns: ErasureCooldownsTable;
  }
}
