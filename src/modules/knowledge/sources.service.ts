// Knowledge sources: create (409 on a taken id), update, delete in the background (status
// deleting until the source and its articles are gone, delete_failed if that fails), and sync
// requests limited to one per 4 hours. No HTTP, no SQL.
import { presentSource } from './knowledge.presenter.js';
import type { Executor } from '../../db/executor.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, fieldError, notFound } from '../../lib/errors.js';
import { jsonByteSize } from '../../lib/json-size.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import { SOURCE_METADATA_MAX_BYTES, type CreateSourceBody, type PatchSourceBody } from './knowledge.schemas.js';
import type { KnowledgeStore, Source } from './knowledge.store.js';

export const SOURCE_DELETE_KIND = 'knowledge.source_delete';
export const SOURCE_SYNC_KIND = 'knowledge.source_sync';

/** One sync per source in this long, counted from the end of the last one. */
export const SYNC_INTERVAL_MS = 4 * 60 * 60 * 1_000;
/** What a client is told to wait while a sync is in progress. */
const SYNC_BUSY_RETRY_S = 60;

export interface SourcePayload {
  source_id: string;
}

function checkMetadata(metadata: Record<string, unknown> | null | undefined): void {
  if (metadata === null || metadata === undefined) return;
  const size = jsonByteSize(metadata);
  if (size > SOURCE_METADATA_MAX_BYTES) {
    throw fieldError(
      '$.metadata',
      `is ${size.toLocaleString('en-US')} bytes as compact JSON; metadata may be at most ${SOURCE_METADATA_MAX_BYTES.toLocaleString('en-US')} bytes (10 KB)`,
    );
  }
}

const dedupe = (agentId: string, sourceId: string) => `${agentId}:${sourceId}`;

export function createSourcesService(deps: { store: KnowledgeStore; units: UnitOfWork; clock: Clock }) {
  const { store, units, clock } = deps;

  async function requireSource(agentId: string, id: string, ex?: Executor): Promise<Source> {
    const source = await store.source(agentId, id, ex);
    if (!source) throw notFound(`Knowledge source "${id}"`);
    return source;
  }

  /** Who a change of this source is about, for the audit log. */
  const audited = (source: Source) => ({
    agentId: source.agentId,
    entityType: 'knowledge_source',
    entityId: source.id,
    entityName: source.name,
  });

  return {
    list: (agentId: string) => store.sources(agentId),

    async create(agentId: string, body: CreateSourceBody): Promise<Source> {
      checkMetadata(body.metadata);
      const now = clock.now();
      const source: Source = {
        agentId,
        id: body.id,
        externalId: body.id,
        name: body.name,
        metadata: body.metadata ?? null,
        status: null,
        lastSync: null,
        syncing: false,
        createdAt: now,
        updatedAt: now,
      };
      await units.transaction(async (unit) => {
        await store.insertSource(source, unit.ex);
        unit.change({ ...audited(source), activity: 'created', before: null, after: presentSource(source) });
      });
      return source;
    },

    async update(agentId: string, id: string, body: PatchSourceBody): Promise<Source> {
      checkMetadata(body.metadata);
      return units.transaction(async (unit) => {
        const current = await requireSource(agentId, id, unit.ex);
        const next: Source = { ...current };
        if (body.external_id !== undefined) next.externalId = body.external_id;
        if (body.name !== undefined) next.name = body.name;
        if (body.metadata !== undefined) next.metadata = body.metadata;
        const changed =
          next.externalId !== current.externalId ||
          next.name !== current.name ||
          JSON.stringify(next.metadata) !== JSON.stringify(current.metadata);
        if (!changed) return current;
        next.updatedAt = clock.now();
        await store.updateSource(next, unit.ex);
        unit.change({
          ...audited(next),
          activity: 'updated',
          before: presentSource(current),
          after: presentSource(next),
        });
        return next;
      });
    },

    /** Marks the source deleting and queues its deletion; again after delete_failed retries it. */
    async delete(agentId: string, id: string): Promise<void> {
      await units.transaction(async (unit) => {
        // Under the lock, no article upsert can still be adding to the source once it is deleting.
        await store.lock(agentId, unit.ex);
        const source = await requireSource(agentId, id, unit.ex);
        if (source.status === 'deleting') return;
        await store.updateSource({ ...source, status: 'deleting', updatedAt: clock.now() }, unit.ex);
        unit.change({ ...audited(source), activity: 'deleted', before: presentSource(source), after: null });
        unit.enqueue({
          kind: SOURCE_DELETE_KIND,
          agentId,
          payload: { source_id: id } satisfies SourcePayload,
          dedupe: dedupe(agentId, id),
          // A failed deletion left its dead job behind: take it up again from the start.
          onDuplicate: 'requeue',
        });
      });
    },

    async sync(agentId: string, id: string): Promise<void> {
      await units.transaction(async (unit) => {
        await store.lock(agentId, unit.ex);
        const source = await requireSource(agentId, id, unit.ex);
        if (source.status !== null) {
          throw new AppError('unprocessable', `Knowledge source "${id}" is being deleted; it cannot be synced.`);
        }
        if (source.syncing) {
          throw new AppError(
            'rate_limited',
            `Knowledge source "${id}" is being synced; ask again when the sync has finished.`,
            null,
            { 'retry-after': String(SYNC_BUSY_RETRY_S) },
          );
        }
        const now = clock.now();
        if (source.lastSync !== null && now - source.lastSync < SYNC_INTERVAL_MS) {
          const seconds = Math.max(1, Math.ceil((source.lastSync + SYNC_INTERVAL_MS - now) / 1000));
          throw new AppError(
            'rate_limited',
            `Knowledge source "${id}" was synced less than 4 hours ago; retry after ${seconds} s.`,
            null,
            { 'retry-after': String(seconds) },
          );
        }
        await store.updateSource({ ...source, syncing: true }, unit.ex);
        unit.enqueue({
          kind: SOURCE_SYNC_KIND,
          agentId,
          payload: { source_id: id } satisfies SourcePayload,
          dedupe: dedupe(agentId, id),
          onDuplicate: 'requeue',
        });
      });
    },
  };
}

export type SourcesService = ReturnType<typeof createSourcesService>;
