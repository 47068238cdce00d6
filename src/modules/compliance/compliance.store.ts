// Queries for erasure jobs, their targets, idempotency references and cooldowns. No rules live
// here: the service and the erasure job decide; the store reads and writes on the executor it is
// given, or on the database itself.
import type { Selectable } from 'kysely';
import { all, changed, first, type Db, type Executor } from '../../db/executor.js';
import type { ErasureJobsTable, ErasureStatus } from './compliance.tables.js';

export interface ErasureJobRow {
  id: string;
  agentId: string;
  type: string;
  clientReference: string | null;
  status: ErasureStatus;
  identifiers: string;
  submittedCount: number;
  matchedCount: number;
  erasedCount: number;
  failureReason: string | null;
  createdAt: number;
  updatedAt: number;
  completedAt: number | null;
}

function toJob(row: Selectable<ErasureJobsTable>): ErasureJobRow {
  return {
    id: row.id,
    agentId: row.agent_id,
    type: row.type,
    clientReference: row.client_reference,
    status: row.status,
    identifiers: row.identifiers,
    submittedCount: Number(row.submitted_count),
    matchedCount: Number(row.matched_count),
    erasedCount: Number(row.erased_count),
    failureReason: row.failure_reason,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    completedAt: row.completed_at === null ? null : Number(row.completed_at),
  };
}

export function createComplianceStore(db: Db) {
  const k = db.kysely;
  return {
    async insertJob(job: ErasureJobRow, ex: Executor): Promise<void> {
      await changed(
        ex,
        k.insertInto('erasure_jobs').values({
          id: job.id,
          agent_id: job.agentId,
          type: job.type,
          client_reference: job.clientReference,
          status: job.status,
          identifiers: job.identifiers,
          submitted_count: job.submittedCount,
          matched_count: job.matchedCount,
          erased_count: job.erasedCount,
          failure_reason: job.failureReason,
          created_at: job.createdAt,
          updated_at: job.updatedAt,
          completed_at: job.completedAt,
        }),
      );
    },

    async findJob(agentId: string, id: string, ex: Executor = db.root): Promise<ErasureJobRow | null> {
      const row = await first(
        ex,
        k.selectFrom('erasure_jobs').selectAll().where('id', '=', id).where('agent_id', '=', agentId),
      );
      return row ? toJob(row) : null;
    },

    async findJobById(id: string, ex: Executor = db.root): Promise<ErasureJobRow | null> {
      const row = await first(ex, k.selectFrom('erasure_jobs').selectAll().where('id', '=', id));
      return row ? toJob(row) : null;
    },

    /** The newest deletion jobs of every agent (the admin console's jobs page). */
    async listRecent(limit: number, ex: Executor = db.root): Promise<ErasureJobRow[]> {
      const rows = await all(
        ex,
        k.selectFrom('erasure_jobs').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit),
      );
      return rows.map(toJob);
    },

    async updateJob(
      id: string,
      changes: Partial<{
        status: ErasureStatus;
        identifiers: string;
        matchedCount: number;
        failureReason: string | null;
        completedAt: number | null;
      }>,
      now: number,
      ex: Executor,
    ): Promise<void> {
      await changed(
        ex,
        k
          .updateTable('erasure_jobs')
          .set({
            ...(changes.status !== undefined ? { status: changes.status } : {}),
            ...(changes.identifiers !== undefined ? { identifiers: changes.identifiers } : {}),
            ...(changes.matchedCount !== undefined ? { matched_count: changes.matchedCount } : {}),
            ...(changes.failureReason !== undefined ? { failure_reason: changes.failureReason } : {}),
            ...(changes.completedAt !== undefined ? { completed_at: changes.completedAt } : {}),
            updated_at: now,
          })
          .where('id', '=', id),
      );
    },

    async addErased(id: string, count: number, now: number, ex: Executor): Promise<void> {
      await changed(
        ex,
        k
          .updateTable('erasure_jobs')
          .set((eb) => ({ erased_count: eb('erased_count', '+', count), updated_at: now }))
          .where('id', '=', id),
      );
    },

    async insertTargets(jobId: string, endUserIds: readonly string[], ex: Executor): Promise<void> {
      for (let i = 0; i < endUserIds.length; i += 500) {
        const chunk = endUserIds.slice(i, i + 500);
        await changed(
          ex,
          k
            .insertInto('erasure_targets')
            .values(chunk.map((id) => ({ job_id: jobId, end_user_id: id })))
            .onConflict((oc) => oc.columns(['job_id', 'end_user_id']).doNothing()),
        );
      }
    },

    async nextTargets(jobId: string, limit: number, ex: Executor): Promise<string[]> {
      const rows = await all(
        ex,
        k
          .selectFrom('erasure_targets')
          .select('end_user_id')
          .where('job_id', '=', jobId)
          .orderBy('end_user_id')
          .limit(limit),
      );
      return rows.map((r) => r.end_user_id);
    },

    async deleteTargets(jobId: string, endUserIds: readonly string[], ex: Executor): Promise<void> {
      if (endUserIds.length === 0) return;
      await changed(
        ex,
        k.deleteFrom('erasure_targets').where('job_id', '=', jobId).where('end_user_id', 'in', endUserIds),
      );
    },

    /** Claims the reference for a job unless the agent holds it already; true when claimed. */
    async claimReference(
      ref: { agentId: string; clientReference: string; jobId: string; requestMac: string; createdAt: number },
      ex: Executor,
    ): Promise<boolean> {
      const inserted = await changed(
        ex,
        k
          .insertInto('erasure_references')
          .values({
            agent_id: ref.agentId,
            client_reference: ref.clientReference,
            job_id: ref.jobId,
            request_mac: ref.requestMac,
            created_at: ref.createdAt,
          })
          .onConflict((oc) => oc.columns(['agent_id', 'client_reference']).doNothing()),
      );
      return inserted > 0;
    },

    async lockReference(
      agentId: string,
      clientReference: string,
      ex: Executor,
    ): Promise<{ jobId: string; requestMac: string; createdAt: number } | null> {
      const row = await first(
        ex,
        db.forUpdate(
          k
            .selectFrom('erasure_references')
            .select(['job_id', 'request_mac', 'created_at'])
            .where('agent_id', '=', agentId)
            .where('client_reference', '=', clientReference),
        ),
      );
      return row ? { jobId: row.job_id, requestMac: row.request_mac, createdAt: Number(row.created_at) } : null;
    },

    async replaceReference(
      ref: { agentId: string; clientReference: string; jobId: string; requestMac: string; createdAt: number },
      ex: Executor,
    ): Promise<void> {
      await changed(
        ex,
        k
          .updateTable('erasure_references')
          .set({ job_id: ref.jobId, request_mac: ref.requestMac, created_at: ref.createdAt })
          .where('agent_id', '=', ref.agentId)
          .where('client_reference', '=', ref.clientReference),
      );
    },

    /** Of these digests, those submitted at or after `since`. */
    async cooling(agentId: string, macs: readonly string[], since: number, ex: Executor): Promise<Set<string>> {
      const found = new Set<string>();
      for (let i = 0; i < macs.length; i += 500) {
        const rows = await all(
          ex,
          k
            .selectFrom('erasure_cooldowns')
            .select('identifier_mac')
            .where('agent_id', '=', agentId)
            .where('identifier_mac', 'in', macs.slice(i, i + 500))
            .where('submitted_at', '>=', since),
        );
        for (const r of rows) found.add(r.identifier_mac);
      }
      return found;
    },

    /** Starts (or restarts) the cooldown of these digests at `now`. */
    async startCooldowns(agentId: string, macs: readonly string[], now: number, ex: Executor): Promise<void> {
      for (let i = 0; i < macs.length; i += 500) {
        await changed(
          ex,
          k
            .insertInto('erasure_cooldowns')
            .values(
              macs.slice(i, i + 500).map((mac) => ({ agent_id: agentId, identifier_mac: mac, submitted_at: now })),
            )
            .onConflict((oc) =>
              oc
                .columns(['agent_id', 'identifier_mac'])
                .doUpdateSet((eb) => ({ submitted_at: eb.ref('excluded.submitted_at') })),
            ),
        );
      }
    },

    /** Deletes cooldowns started before `cooldownCutoff` and references made before `referenceCutoff`. */
    async purgeExpired(cooldownCutoff: number, referenceCutoff: number, ex: Executor = db.root): Promise<number> {
      const cooldowns = await changed(ex, k.deleteFrom('erasure_cooldowns').where('submitted_at', '<', cooldownCutoff));
      const references = await changed(
        ex,
        k.deleteFrom('erasure_references').where('created_at', '<=', referenceCutoff),
      );
      return cooldowns + references;
    },
  };
}

export type ComplianceStore = ReturnType<typeof createComplianceStore>;
