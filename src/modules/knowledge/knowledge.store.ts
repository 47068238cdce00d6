// Queries for knowledge sources, tags, the per-agent lock, and the metadata keys of an agent's
// end users (the variables rules can test). Articles have their own store (articles.store.ts).
import type { Selectable } from 'kysely';
import { all, changed, type Db, type Executor } from '../../db/executor.js';
import { onUniqueViolation } from '../../db/errors.js';
import { prepare } from '../../db/prepared.js';
import { AppError } from '../../lib/errors.js';
import type { KnowledgeSourcesTable, KnowledgeTagsTable } from './knowledge.tables.js';

export type SourceStatus = 'deleting' | 'delete_failed' | null;

export interface Source {
  agentId: string;
  id: string;
  externalId: string | null;
  name: string;
  metadata: Record<string, unknown> | null;
  status: SourceStatus;
  lastSync: number | null;
  syncing: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface Tag {
  agentId: string;
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
}

type SourceRow = Selectable<KnowledgeSourcesTable>;
type TagRow = Selectable<KnowledgeTagsTable>;

function toSource(row: SourceRow): Source {
  return {
    agentId: row.agent_id,
    id: row.id,
    externalId: row.external_id,
    name: row.name,
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as Record<string, unknown>),
    status: row.status as SourceStatus,
    lastSync: row.last_sync === null ? null : Number(row.last_sync),
    syncing: Number(row.syncing) === 1,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toSourceRow(source: Source): SourceRow {
  return {
    agent_id: source.agentId,
    id: source.id,
    external_id: source.externalId,
    name: source.name,
    metadata: source.metadata === null ? null : JSON.stringify(source.metadata),
    status: source.status,
    last_sync: source.lastSync,
    syncing: source.syncing ? 1 : 0,
    created_at: source.createdAt,
    updated_at: source.updatedAt,
  };
}

const toTag = (row: TagRow): Tag => ({
  agentId: row.agent_id,
  id: row.id,
  name: row.name,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const CHUNK = 500;

export function createKnowledgeStore(db: Db) {
  const k = db.kysely;
  const q = {
    source: prepare<SourceRow, 'agent_id' | 'id'>('knowledge_source', (p) =>
      k.selectFrom('knowledge_sources').selectAll().where('agent_id', '=', p('agent_id')).where('id', '=', p('id')),
    ),
    sources: prepare<SourceRow, 'agent_id'>('knowledge_sources', (p) =>
      k.selectFrom('knowledge_sources').selectAll().where('agent_id', '=', p('agent_id')).orderBy('id'),
    ),
    tags: prepare<TagRow, 'agent_id'>('knowledge_tags', (p) =>
      k.selectFrom('knowledge_tags').selectAll().where('agent_id', '=', p('agent_id')).orderBy('id'),
    ),
    lockRow: prepare<never, 'agent_id'>('knowledge_lock_row', (p) =>
      k
        .insertInto('knowledge_locks')
        .values({ agent_id: p('agent_id') })
        .onConflict((oc) => oc.column('agent_id').doNothing()),
    ),
    lock: prepare<{ agent_id: string }, 'agent_id'>('knowledge_lock', (p) =>
      db.forUpdate(k.selectFrom('knowledge_locks').select('agent_id').where('agent_id', '=', p('agent_id'))),
    ),
    metadata: prepare<{ metadata: string }, 'agent_id'>('knowledge_end_user_metadata', (p) =>
      k.selectFrom('end_users').select('metadata').where('agent_id', '=', p('agent_id')).where('metadata', '<>', '{}'),
    ),
  };

  return {
    /**
     * Serialises, per agent, the writes whose checks read more than they write (the article cap,
     * a source about to be deleted), until the transaction `ex` ends.
     */
    async lock(agentId: string, ex: Executor): Promise<void> {
      await q.lockRow.run({ agent_id: agentId }, ex);
      await q.lock.all({ agent_id: agentId }, ex);
    },

    async source(agentId: string, id: string, ex: Executor = db.root): Promise<Source | null> {
      const row = await q.source.first({ agent_id: agentId, id }, ex);
      return row ? toSource(row) : null;
    },

    async sources(agentId: string): Promise<Source[]> {
      return (await q.sources.all({ agent_id: agentId }, db.root)).map(toSource);
    },

    async sourcesByIds(agentId: string, ids: readonly string[], ex: Executor): Promise<Map<string, Source>> {
      const out = new Map<string, Source>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await all(
          ex,
          k
            .selectFrom('knowledge_sources')
            .selectAll()
            .where('agent_id', '=', agentId)
            .where('id', 'in', ids.slice(i, i + CHUNK)),
        );
        for (const row of rows) out.set(row.id, toSource(row));
      }
      return out;
    },

    /** Inserts a source; an id the agent already uses is a 409. */
    async insertSource(source: Source, ex: Executor = db.root): Promise<void> {
      await onUniqueViolation(
        changed(ex, k.insertInto('knowledge_sources').values(toSourceRow(source))),
        () =>
          new AppError('conflict', `A knowledge source with id "${source.id}" already exists.`, [
            { parameter: '$.id', location: 'body', message: 'is already the id of a knowledge source' },
          ]),
      );
    },

    /** Writes every field of the source. */
    async updateSource(source: Source, ex: Executor): Promise<void> {
      const { agent_id, id, created_at: _created, ...rest } = toSourceRow(source);
      await changed(
        ex,
        k.updateTable('knowledge_sources').set(rest).where('agent_id', '=', agent_id).where('id', '=', id),
      );
    },

    /** Removes a source whose deletion was asked for (status deleting); false otherwise. */
    async deleteSource(agentId: string, id: string, ex: Executor): Promise<boolean> {
      return (
        (await changed(
          ex,
          k
            .deleteFrom('knowledge_sources')
            .where('agent_id', '=', agentId)
            .where('id', '=', id)
            .where('status', '=', 'deleting'),
        )) > 0
      );
    },

    async tags(agentId: string): Promise<Tag[]> {
      return (await q.tags.all({ agent_id: agentId }, db.root)).map(toTag);
    },

    async tagsByIds(agentId: string, ids: readonly string[], ex: Executor): Promise<Map<string, Tag>> {
      const out = new Map<string, Tag>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await all(
          ex,
          k
            .selectFrom('knowledge_tags')
            .selectAll()
            .where('agent_id', '=', agentId)
            .where('id', 'in', ids.slice(i, i + CHUNK)),
        );
        for (const row of rows) out.set(row.id, toTag(row));
      }
      return out;
    },

    async upsertTags(tags: readonly Tag[], ex: Executor): Promise<void> {
      for (let i = 0; i < tags.length; i += CHUNK) {
        await changed(
          ex,
          k
            .insertInto('knowledge_tags')
            .values(
              tags.slice(i, i + CHUNK).map((t) => ({
                agent_id: t.agentId,
                id: t.id,
                name: t.name,
                created_at: t.createdAt,
                updated_at: t.updatedAt,
              })),
            )
            .onConflict((oc) =>
              oc.columns(['agent_id', 'id']).doUpdateSet((eb) => ({
                name: eb.ref('excluded.name'),
                updated_at: eb.ref('excluded.updated_at'),
              })),
            ),
        );
      }
    },

    /** Deletes a tag and takes it off every article; false when there is no such tag. */
    async deleteTag(agentId: string, id: string, ex: Executor): Promise<boolean> {
      await changed(
        ex,
        k.deleteFrom('knowledge_article_tags').where('agent_id', '=', agentId).where('tag_id', '=', id),
      );
      return (
        (await changed(ex, k.deleteFrom('knowledge_tags').where('agent_id', '=', agentId).where('id', '=', id))) > 0
      );
    },

    /**
     * Every metadata key the agent's end users have. The end users' table is read directly: what
     * a rule may test is exactly what is stored there, and reading it needs no change of the end
     * users module.
     */
    async endUserMetadataKeys(agentId: string): Promise<Set<string>> {
      const keys = new Set<string>();
      for (const row of await q.metadata.all({ agent_id: agentId }, db.root)) {
        for (const key of Object.keys(JSON.parse(row.metadata) as object)) keys.add(key);
      }
      return keys;
    },
  };
}

export type KnowledgeStore = ReturnType<typeof createKnowledgeStore>;
