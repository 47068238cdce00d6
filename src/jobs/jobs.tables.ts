// The jobs table: every piece of background work, durable, leased while it runs.

/**
 * queued: waiting for run_at, or running while a lease is held (lease_until in the future);
 * paused: set aside until its group is resumed (a disabled webhook endpoint's deliveries);
 * dead: failed every attempt its kind allows; kept, visible, until retried, cancelled or purged.
 * A job that succeeds is deleted (a periodic one is scheduled again instead).
 */
export type JobState = 'queued' | 'paused' | 'dead';

export interface JobsTable {
  id: string;
  kind: string;
  /** The AI Agent the work is for, when it is for one. */
  agent_id: string | null;
  /** Jobs of an ordered kind run one at a time per group, oldest first; groups pause and resume together. */
  group_key: string | null;
  /** At most one job per kind and dedupe key (NULLs never collide). */
  dedupe_key: string | null;
  /** The record the job is about (a webhook delivery's event), for lookups by it. */
  ref_id: string | null;
  /** JSON. */
  payload: string;
  state: JobState;
  run_at: number;
  /** Attempts made so far. */
  attempts: number;
  lease_until: number | null;
  lease_token: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

declare module '../db/schema.js' {
  interface Database {
    jobs: JobsTable;
  }
}
