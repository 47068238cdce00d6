// Agents (tenants), their API keys and the native channels each agent is created with. Keys are
// only ever stored as SHA-256 hashes.
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../../db/dialect.js';
import { prepareQuery } from '../../db/prepared.js';
import type { Database } from '../../db/schema.js';
import { nativeChannelRows } from '../../db/native-channels.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface AgentRecord {
  id: string;
  handle: string;
  createdAt: number;
}

export interface ApiKeyRecord {
  id: string;
  agentId: string;
  name: string | null;
  prefix: string;
  createdAt: number;
  revokedAt: number | null;
}

export function createAgentsStore(handle: Db) {
  const db = handle.kysely;
  // Runs on every request whose key is not in the one-second cache.
  const activeKeyByHash = prepareQuery<{ id: string; agent_id: string }, 'key_hash'>(handle, 'api_key_by_hash', (p) =>
    db
      .selectFrom('api_keys')
      .select(['id', 'agent_id'])
      .where('key_hash', '=', p('key_hash'))
      .where('revoked_at', 'is', null),
  );
  return {
    async findAgentByHandle(handle: string, tx: Executor = db): Promise<AgentRecord | null> {
      const row = await tx.selectFrom('agents').selectAll().where('handle', '=', handle).executeTakeFirst();
      return row ? { id: row.id, handle: row.handle, createdAt: row.created_at } : null;
    },

    async listAgents(tx: Executor = db): Promise<AgentRecord[]> {
      const rows = await tx.selectFrom('agents').selectAll().orderBy('id').execute();
      return rows.map((r) => ({ id: r.id, handle: r.handle, createdAt: r.created_at }));
    },

    async countAgents(tx: Executor = db): Promise<number> {
      const row = await tx
        .selectFrom('agents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /**
     * Inserts the agent unless the handle exists; returns the stored agent either way. A new agent
     * gets its native channels in the same transaction, so no agent is ever without them.
     */
    async ensureAgent(agent: AgentRecord, tx?: Executor): Promise<{ agent: AgentRecord; created: boolean }> {
      if (!tx) return db.transaction().execute((t) => this.ensureAgent(agent, t));
      const inserted = await tx
        .insertInto('agents')
        .values({ id: agent.id, handle: agent.handle, created_at: agent.createdAt })
        .onConflict((oc) => oc.column('handle').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted !== undefined) {
        await tx.insertInto('channels').values(nativeChannelRows(agent.id, agent.createdAt)).execute();
      }
      const stored = await this.findAgentByHandle(agent.handle, tx);
      if (!stored) throw new Error(`agent ${agent.handle} vanished while being created`);
      return { agent: stored, created: inserted !== undefined };
    },

    async insertKey(key: ApiKeyRecord & { keyHash: string }, tx: Executor = db): Promise<boolean> {
      const inserted = await tx
        .insertInto('api_keys')
        .values({
          id: key.id,
          agent_id: key.agentId,
          name: key.name,
          prefix: key.prefix,
          key_hash: key.keyHash,
          created_at: key.createdAt,
          revoked_at: null,
        })
        .onConflict((oc) => oc.column('key_hash').doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async findActiveKeyByHash(keyHash: string): Promise<{ keyId: string; agentId: string } | null> {
      const [row] = await activeKeyByHash({ key_hash: keyHash });
      return row ? { keyId: row.id, agentId: row.agent_id } : null;
    },

    async listKeys(agentId: string): Promise<ApiKeyRecord[]> {
      const rows = await db.selectFrom('api_keys').selectAll().where('agent_id', '=', agentId).orderBy('id').execute();
      return rows.map((r) => ({
        id: r.id,
        agentId: r.agent_id,
        name: r.name,
        prefix: r.prefix,
        createdAt: r.created_at,
        revokedAt: r.revoked_at,
      }));
    },

    /** Marks the key revoked; returns false when no active key has that id. */
    async revokeKey(keyId: string, now: number): Promise<boolean> {
      const result = await db
        .updateTable('api_keys')
        .set({ revoked_at: now })
        .where('id', '=', keyId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

export type AgentsStore = ReturnType<typeof createAgentsStore>;
