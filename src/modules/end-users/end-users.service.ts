// The End Users rules: idempotent create by external_id, partial update with metadata merge,
// lookup, pagination, write-only sensitive metadata with a per-key expiry. No HTTP, no SQL.
import type { Clock } from '../../lib/clock.js';
import { sensitiveAad, type Keyring } from '../../lib/crypto.js';
import { AppError, fieldError, notFound, validationError, type ValidationDetail } from '../../lib/errors.js';
import { normalizeId } from '../../lib/ids.js';
import { jsonByteSize } from '../../lib/json-size.js';
import { METADATA_MAX_BYTES, type CreateEndUserBody, type PatchEndUserBody } from './end-users.schemas.js';
import {
  newEndUser,
  type EndUser,
  type EndUserRecord,
  type EndUsersStore,
  type Metadata,
  type SensitiveRow,
} from './end-users.store.js';
import { pageOf, type Page } from '../../lib/page.js';
import type { UnitOfWork, Work } from '../../platform/unit-of-work.js';
import { presentEndUser } from './end-users.presenter.js';

type SensitiveFields = Record<string, string | number | boolean | null>;

export interface EndUsersServiceDeps {
  store: EndUsersStore;
  units: UnitOfWork;
  keyring: Keyring;
  clock: Clock;
  sensitiveTtlMs: number;
  /** Unexpired sensitive keys one end user may hold (ROSTER_SENSITIVE_MAX_KEYS). */
  sensitiveMaxKeys: number;
}

const PROFILE_SCALARS = [
  ['first_name', 'firstName'],
  ['last_name', 'lastName'],
  ['display_name', 'displayName'],
  ['avatar', 'avatar'],
  ['email', 'email'],
  ['language', 'language'],
] as const;

const CREATE_RETRIES = 3;

function checkMetadataSize(metadata: Metadata): void {
  const size = jsonByteSize(metadata);
  if (size > METADATA_MAX_BYTES) {
    throw fieldError(
      '$.profile.metadata',
      `is ${size.toLocaleString('en-US')} bytes as compact JSON; metadata may be at most ${METADATA_MAX_BYTES.toLocaleString('en-US')} bytes (10 KB)`,
    );
  }
}

function overlapError(keys: string[]): AppError {
  return validationError(
    keys.map((key) => ({
      parameter: `$.profile.sensitive_metadata.fields.${key}`,
      location: 'body' as const,
      message: `uses the key "${key}", which is also a metadata key; a key can be in metadata or sensitive_metadata, not both`,
    })),
  );
}

function sameMetadata(a: Metadata, b: Metadata): boolean {
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

export function createEndUsersService(deps: EndUsersServiceDeps) {
  const { store, units, keyring, clock, sensitiveTtlMs, sensitiveMaxKeys } = deps;

  /**
   * Refuses a write that would leave the end user holding more unexpired sensitive keys than
   * the cap: each PATCH may add up to 20, and without a bound they would pile up.
   */
  function checkSensitiveKeys(stored: Iterable<string>, fields: Record<string, unknown>): void {
    const keys = new Set(stored);
    for (const [key, value] of Object.entries(fields)) {
      if (value === null) keys.delete(key);
      else keys.add(key);
    }
    if (keys.size > sensitiveMaxKeys) {
      throw fieldError(
        '$.profile.sensitive_metadata.fields',
        `would leave this end user with ${keys.size} sensitive keys; at most ${sensitiveMaxKeys} are kept per end user. Remove keys (set them to null) first.`,
      );
    }
  }

  function sealAll(agentId: string, endUserId: string, fields: SensitiveFields, now: number) {
    const upserts: SensitiveRow[] = [];
    const removals: string[] = [];
    for (const [key, value] of Object.entries(fields)) {
      if (value === null) {
        removals.push(key);
        continue;
      }
      upserts.push({
        key,
        envelope: keyring.seal(JSON.stringify(value), sensitiveAad(agentId, endUserId, key)),
        updatedAt: now,
        expiresAt: now + sensitiveTtlMs,
      });
    }
    return { upserts, removals };
  }

  async function requireEndUser(agentId: string, rawId: string): Promise<EndUser> {
    const id = normalizeId(rawId);
    const user = id === null ? null : await store.findById(agentId, id);
    if (!user) throw notFound(`End user "${rawId}"`);
    return user;
  }

  return {
    /** Creates an end user; when the external_id is taken, returns that user unchanged. */
    async create(agentId: string, body: CreateEndUserBody): Promise<{ endUser: EndUser; created: boolean }> {
      const profile = body.profile ?? {};
      const metadata = (profile.metadata ?? {}) as Metadata;
      checkMetadataSize(metadata);
      const sensitive = profile.sensitive_metadata?.fields ?? {};
      const overlapping = Object.keys(sensitive).filter((k) => Object.hasOwn(metadata, k));
      if (overlapping.length > 0) throw overlapError(overlapping);
      checkSensitiveKeys([], sensitive);

      const externalId = body.external_id ?? null;
      for (let attempt = 0; attempt < CREATE_RETRIES; attempt++) {
        const now = clock.now();
        const user = newEndUser(agentId, now, {
          externalId,
          firstName: profile.first_name ?? null,
          lastName: profile.last_name ?? null,
          displayName: profile.display_name ?? null,
          avatar: profile.avatar ?? null,
          email: profile.email ?? null,
          language: profile.language ?? null,
          metadata,
        });
        const { upserts } = sealAll(agentId, user.id, sensitive, now);
        // The user, its sensitive values and its v1.end_user.created event commit together.
        const write = async (unit: Work) => {
          if (externalId === null) await store.insert(user, unit.ex);
          else if (!(await store.insertIfExternalIdFree(user, unit.ex))) return false;
          await store.upsertSensitive(agentId, user.id, upserts, unit.ex);
          unit.record({ agentId, type: 'v1.end_user.created', data: () => presentEndUser(user), tags: [user.id] });
          return true;
        };
        // Without sensitive values the insert is the only statement.
        const inserted =
          upserts.length === 0
            ? await units.single({ agentId, events: ['v1.end_user.created'] }, write)
            : await units.transaction(write);
        if (inserted) return { endUser: user, created: true };

        const existing = await store.findByExternalId(agentId, externalId as string);
        if (existing) return { endUser: existing, created: false };
        // The holder of this external_id was deleted between our INSERT and SELECT: try again.
      }
      throw new AppError(
        'service_unavailable',
        'The end user could not be created because of concurrent changes; retry the request.',
      );
    },

    get: requireEndUser,

    async lookup(agentId: string, externalId: string): Promise<EndUser> {
      const user = await store.findByExternalId(agentId, externalId);
      if (!user) throw notFound(`An end user with external_id "${externalId}"`);
      return user;
    },

    /** A page of end users as stored records (written to the wire by end-users.wire.ts). */
    async list(agentId: string, cursor: string | null, limit: number): Promise<Page<EndUserRecord>> {
      return pageOf(await store.list(agentId, cursor, limit + 1), limit);
    },

    async update(agentId: string, rawId: string, body: PatchEndUserBody): Promise<EndUser> {
      const id = normalizeId(rawId);
      if (id === null) throw notFound(`End user "${rawId}"`);
      const profile = body.profile;
      const sensitive = profile.sensitive_metadata?.fields ?? {};

      return units.transaction(async (unit) => {
        const current = await store.findByIdForUpdate(agentId, id, unit.ex);
        if (!current) throw notFound(`End user "${rawId}"`);
        const now = clock.now();
        const next: EndUser = { ...current, metadata: { ...current.metadata } };

        for (const [wire, field] of PROFILE_SCALARS) {
          const value = profile[wire];
          if (value !== undefined) next[field] = value;
        }
        if (profile.metadata === null) next.metadata = {};
        else if (profile.metadata !== undefined) {
          for (const [key, value] of Object.entries(profile.metadata)) {
            if (value === null) delete next.metadata[key];
            else next.metadata[key] = value;
          }
        }
        checkMetadataSize(next.metadata);
        if (body.external_id !== undefined) next.externalId = body.external_id;

        // A key lives in metadata or in sensitive_metadata, never both: check the request and
        // what is stored (values that expired no longer count).
        const written = Object.keys(sensitive).filter((k) => sensitive[k] !== null);
        const overlapping = written.filter((k) => Object.hasOwn(next.metadata, k));
        if (overlapping.length > 0) throw overlapError(overlapping);
        const addedMetadataKeys = Object.keys(next.metadata).filter((k) => !Object.hasOwn(current.metadata, k));
        if (addedMetadataKeys.length > 0) {
          const removed = new Set(Object.keys(sensitive).filter((k) => sensitive[k] === null));
          const active = await store.activeSensitiveRows(agentId, id, now, unit.ex);
          const stored = new Set(active.map((r) => r.key).filter((k) => !removed.has(k)));
          const clashes = addedMetadataKeys.filter((k) => stored.has(k));
          if (clashes.length > 0) {
            throw validationError(
              clashes.map<ValidationDetail>((key) => ({
                parameter: `$.profile.metadata.${key}`,
                location: 'body',
                message: `uses the key "${key}", which holds a sensitive_metadata value; remove it there first`,
              })),
            );
          }
        }

        const changed =
          next.externalId !== current.externalId ||
          PROFILE_SCALARS.some(([, field]) => next[field] !== current[field]) ||
          !sameMetadata(next.metadata, current.metadata);
        if (changed) {
          next.updatedAt = now;
          await store.update(next, unit.ex);
        }
        if (Object.keys(sensitive).length > 0) {
          const active = await store.activeSensitiveRows(agentId, id, now, unit.ex);
          checkSensitiveKeys(
            active.map((r) => r.key),
            sensitive,
          );
        }
        const { upserts, removals } = sealAll(agentId, id, sensitive, now);
        await store.upsertSensitive(agentId, id, upserts, unit.ex);
        await store.deleteSensitive(id, removals, unit.ex);
        // Only a change a receiver can see is an update; sensitive values never appear in events.
        if (changed)
          unit.record({ agentId, type: 'v1.end_user.updated', data: () => presentEndUser(next), tags: [id] });
        return next;
      });
    },

    /**
     * The decrypted, unexpired sensitive values of an end user. Never exposed over the API; this is
     * the read path for the AI Agent's side (responders, actions).
     */
    async readSensitive(agentId: string, endUserId: string): Promise<Record<string, string | number | boolean>> {
      const rows = await store.activeSensitiveRows(agentId, endUserId, clock.now());
      const out: Record<string, string | number | boolean> = {};
      for (const row of rows) {
        out[row.key] = JSON.parse(keyring.open(row.envelope, sensitiveAad(agentId, endUserId, row.key)));
      }
      return out;
    },
  };
}

export type EndUsersService = ReturnType<typeof createEndUsersService>;
