// Erasure requests: intake of Ada's bulk deletion and of the legacy data-subject request, with
// the idempotency of client_reference and the per-identifier cooldown, and the job's state as the
// API shows it. The erasure itself runs on the jobs runner (compliance.erasure.ts). No HTTP, no SQL.
import type { Clock } from '../../lib/clock.js';
import type { Keyring } from '../../lib/crypto.js';
import { AppError, notFound, validationError, type ValidationDetail } from '../../lib/errors.js';
import { newId, normalizeId } from '../../lib/ids.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import {
  identity,
  normalize,
  openIdentifiers,
  sealIdentifiers,
  type StoredIdentifier,
} from './compliance.identifiers.js';
import type { DeletionRequestBody, IdentifierType, LegacyRequestBody } from './compliance.schemas.js';
import type { ComplianceStore, ErasureJobRow } from './compliance.store.js';

export const ERASURE_KIND = 'compliance.erasure';
export const BULK_TYPE = 'end_user_deletion';
export const LEGACY_TYPE = 'data_subject_request';
/** How long an identical request under one client_reference returns the same job. */
export const REFERENCE_WINDOW_MS = 24 * 3_600_000;

export interface ComplianceServiceDeps {
  store: ComplianceStore;
  units: UnitOfWork;
  keyring: Keyring;
  clock: Clock;
  cooldownMs: number;
}

interface Intake {
  type: string;
  identifiers: Array<{ type: IdentifierType; value: string; variable: string | null }>;
  clientReference: string | null;
  /** The legacy API has no cooldown. */
  cooldown: boolean;
}

export function createComplianceService(deps: ComplianceServiceDeps) {
  const { store, units, keyring, clock, cooldownMs } = deps;

  /** Dispositions known at intake (invalid, duplicate) and the digests of the others. */
  function triage(agentId: string, input: Intake['identifiers']) {
    const seen = new Set<string>();
    const list: StoredIdentifier[] = [];
    const macs = new Map<number, string>();
    input.forEach((item, index) => {
      const entry: StoredIdentifier = {
        type: item.type,
        value: item.value,
        variable: item.variable,
        disposition: 'accepted',
        matchedChatters: 0,
        reason: null,
      };
      const normal = normalize(item.type, item.value);
      if ('invalid' in normal) {
        entry.disposition = 'invalid';
        entry.reason = `value ${normal.invalid}`;
      } else {
        const id = identity(item.type, item.variable, normal.key);
        if (seen.has(id)) entry.disposition = 'duplicate';
        else {
          seen.add(id);
          macs.set(index, keyring.mac('erasure-identifier', `${agentId}\n${id}`));
        }
      }
      list.push(entry);
    });
    return { list, macs };
  }

  async function open(agentId: string, intake: Intake, requestMac: string | null): Promise<ErasureJobRow> {
    const { list, macs } = triage(agentId, intake.identifiers);
    return units.transaction(async (unit) => {
      const now = clock.now();
      const job: ErasureJobRow = {
        id: newId(now, agentId),
        agentId,
        type: intake.type,
        clientReference: intake.clientReference,
        status: 'queued',
        identifiers: '',
        submittedCount: intake.identifiers.length,
        matchedCount: 0,
        erasedCount: 0,
        failureReason: null,
        createdAt: now,
        updatedAt: now,
        completedAt: null,
      };
      if (intake.clientReference !== null && requestMac !== null) {
        const ref = { agentId, clientReference: intake.clientReference, jobId: job.id, requestMac, createdAt: now };
        if (!(await store.claimReference(ref, unit.ex))) {
          const held = await store.lockReference(agentId, intake.clientReference, unit.ex);
          if (held && held.createdAt > now - REFERENCE_WINDOW_MS) {
            const existing = await store.findJob(agentId, held.jobId, unit.ex);
            if (existing && held.requestMac === requestMac) return existing;
            throw new AppError(
              'conflict',
              `client_reference "${intake.clientReference}" was used in the last 24 hours by job ${held.jobId} with a different request; send the same request to get that job, or use another reference.`,
              { job_id: held.jobId },
            );
          }
          await store.replaceReference(ref, unit.ex);
        }
      }
      const digests = [...macs.values()];
      if (intake.cooldown && digests.length > 0) {
        const cooling = await store.cooling(agentId, digests, now - cooldownMs, unit.ex);
        for (const [index, mac] of macs) {
          if (cooling.has(mac)) (list[index] as StoredIdentifier).cooling = true;
        }
        // A job with an identifier in its cooldown fails whole: none of its identifiers starts a
        // cooldown (nor extends the one it fell into).
        if (cooling.size === 0) await store.startCooldowns(agentId, digests, now, unit.ex);
      }
      job.identifiers = sealIdentifiers(keyring, agentId, job.id, list);
      await store.insertJob(job, unit.ex);
      unit.enqueue({ kind: ERASURE_KIND, agentId, ref: job.id, payload: { job_id: job.id } });
      return job;
    });
  }

  return {
    /** POST /v2/end-users/delete: a new job, or the same one for an identical request under its reference. */
    async submit(agentId: string, body: DeletionRequestBody): Promise<ErasureJobRow> {
      const problems: ValidationDetail[] = [];
      body.identifiers.forEach((item, i) => {
        const hasVariable = item.variable !== undefined && item.variable !== null;
        if (item.type === 'variable_match' && !hasVariable) {
          problems.push({
            parameter: `$.identifiers[${i}].variable`,
            location: 'body',
            message: 'is required when type is variable_match',
          });
        } else if (item.type !== 'variable_match' && hasVariable) {
          problems.push({
            parameter: `$.identifiers[${i}].variable`,
            location: 'body',
            message: 'must be null or absent unless type is variable_match',
          });
        }
      });
      if (problems.length > 0) throw validationError(problems);
      const identifiers = body.identifiers.map((i) => ({ type: i.type, value: i.value, variable: i.variable ?? null }));
      const clientReference = body.client_reference ?? null;
      const requestMac =
        clientReference === null
          ? null
          : keyring.mac(
              'erasure-request',
              JSON.stringify([agentId, clientReference, identifiers.map((i) => [i.type, i.value, i.variable])]),
            );
      return open(agentId, { type: BULK_TYPE, identifiers, clientReference, cooldown: true }, requestMac);
    },

    /** POST /api/v1/data-subject-request: the same erasure, by email and chatter id only. */
    async legacy(agentId: string, body: LegacyRequestBody): Promise<void> {
      const identifiers: Intake['identifiers'] = [];
      if (body.email !== undefined && body.email !== null) {
        identifiers.push({ type: 'email', value: body.email, variable: null });
      }
      for (const item of body.identifiers ?? [])
        identifiers.push({ type: item.type, value: item.value, variable: null });
      if (identifiers.length === 0) {
        throw validationError([
          { parameter: '$.email', location: 'body', message: 'is required when no identifiers are given' },
        ]);
      }
      await open(agentId, { type: LEGACY_TYPE, identifiers, clientReference: null, cooldown: false }, null);
    },

    async get(agentId: string, rawId: string): Promise<{ job: ErasureJobRow; identifiers: StoredIdentifier[] }> {
      const id = normalizeId(rawId);
      const job = id === null ? null : await store.findJob(agentId, id);
      if (!job) throw notFound(`Job "${rawId}"`);
      return { job, identifiers: openIdentifiers(keyring, agentId, job.id, job.identifiers) };
    },
  };
}

export type ComplianceService = ReturnType<typeof createComplianceService>;
