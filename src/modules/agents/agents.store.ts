// Agents (tenants), their API keys and the native channels each agent is created with. Keys are
// only ever stored as SHA-256 hashes.
import { all, changed, first, type Db, type Executor } from '../../db/executor.js';
import { nativeChannelRows } from '../../db/native-channels.js';
import { prepare } from '../../db/prepared.js';

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

const toAgent = (r: { id: string; handle: string; created_at: number }): AgentRecord => ({
  id: r.id,
  handle: r.handle,
  createdAt: Number(r.created_at),
});

export function createAgentsStore(db: Db) {
  const k = db.kysely;
  const q = {
    // Runs on every request whose key is not in the one-second cache.
    activeKeyByHash: prepare<{ id: string; agent_id: string }, 'key_hash'>('api_key_by_hash', (p) =>
      k
        .selectFrom('api_keys')
        .select(['id', 'agent_id'])
        .where('key_hash', '=', p('key_hash'))
        .where('revoked_at', 'is', null),
    ),
    handleById: prepare<{ handle: string }, 'id'>('agents_handle_by_id', (p) =>
      k.selectFrom('agents').select('handle').where('id', '=', p('id')),
    ),
  };
  const handles = new Map<string, string>();

  async function findAgentByHandle(handle: string, ex: Executor = db.root): Promise<AgentRecord | null> {
    const row = await first(ex, k.selectFrom('agents').selectAll().where('handle', '=', handle));
    return row ? toAgent(row) : null;
  }

  return {
    findAgentByHandle,

    async listAgents(): Promise<AgentRecord[]> {
      return (await all(db.root, k.selectFrom('agents').selectAll().orderBy('id'))).map(toAgent);
    },

    async countAgents(): Promise<number> {
      const row = await first(
        db.root,
        k.selectFrom('agents').select((eb) => eb.fn.countAll<number | string>().as('n')),
      );
      return Number(row?.n ?? 0);
    },

    /**
     * The agent's handle, which conversation events carry as ai_agent_domain: Roster serves every
     * agent from one host, so the handle names the agent an event comes from. Handles never
     * change, so each is read once per process.
     */
    async handleOf(agentId: string, ex: Executor = db.root): Promise<string> {
      const known = handles.get(agentId);
      if (known !== undefined) return known;
      const row = await q.handleById.first({ id: agentId }, ex);
      const handle = row?.handle ?? agentId;
      handles.set(agentId, handle);
      return handle;
    },

    /**
     * Inserts the agent unless the handle exists; returns the stored agent either way. A new agent
     * gets its native channels in the same transaction, so no agent is ever without them.
     */
    async ensureAgent(agent: AgentRecord): Promise<{ agent: AgentRecord; created: boolean }> {
      return db.transaction(async (tx) => {
        const inserted = await first(
          tx,
          k
            .insertInto('agents')
            .values({ id: agent.id, handle: agent.handle, created_at: agent.createdAt })
            .onConflict((oc) => oc.column('handle').doNothing())
            .returning('id'),
        );
        if (inserted !== undefined) {
          await changed(tx, k.insertInto('channels').values(nativeChannelRows(agent.id, agent.createdAt)));
        }
        const stored = await findAgentByHandle(agent.handle, tx);
        if (!stored) throw new Error(`agent ${agent.handle} vanished while being created`);
        return { agent: stored, created: inserted !== undefined };
      });
    },

    async insertKey(key: ApiKeyRecord & { keyHash: string }, ex: Executor = db.root): Promise<boolean> {
      const inserted = await first(
        ex,
        k
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
          .returning('id'),
      );
      return inserted !== undefined;
    },

    async findActiveKeyByHash(keyHash: string): Promise<{ keyId: string; agentId: string } | null> {
      const row = await q.activeKeyByHash.first({ key_hash: keyHash }, db.root);
      return row ? { keyId: row.id, agentId: row.agent_id } : null;
    },

    async listKeys(agentId: string): Promise<ApiKeyRecord[]> {
      const rows = await all(
        db.root,
        k.selectFrom('api_keys').selectAll().where('agent_id', '=', agentId).orderBy('id'),
      );
      return rows.map((r) => ({
        id: r.id,
        agentId: r.agent_id,
        name: r.name,
        prefix: r.prefix,
        createdAt: Number(r.created_at),
        revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
      }));
    },

    /** Marks the key revoked; returns its agent's id, or null when no active key has that id. */
    async revokeKey(keyId: string, now: number, ex: Executor = db.root): Promise<string | null> {
      const query = k
        .updateTable('api_keys')
        .set({ revoked_at: now })
        .where('id', '=', keyId)
        .where('revoked_at', 'is', null)
        .returning('agent_id');
      return (await first(ex, query))?.agent_id ?? null;
    },
  };
}

export type AgentsStore = ReturnType<typeof createAgentsStore>;
