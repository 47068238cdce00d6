// Agent and key administration, used by the CLI and by first-start bootstrapping.
import type { Clock } from '../../lib/clock.js';
import { generateApiKey, hashApiKey, keyPrefixOf } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import type { AgentRecord, AgentsStore, ApiKeyRecord } from './agents.store.js';

export const AGENT_HANDLE_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62})$/;

export class AgentAdminError extends Error {}

export interface CreatedKey {
  agent: AgentRecord;
  agentCreated: boolean;
  key: ApiKeyRecord;
  /** The key itself: shown once, never stored. */
  secret: string;
}

/** What an API key's record in the audit log shows: never the key or its hash. */
const auditedKey = (key: ApiKeyRecord) => ({
  agentId: key.agentId,
  entityType: 'api_key',
  entityId: key.id,
  entityName: key.name ?? key.prefix,
});

export function createAgentsService(deps: { store: AgentsStore; clock: Clock; units: UnitOfWork }) {
  const { store, clock, units } = deps;

  function checkHandle(handle: string) {
    if (!AGENT_HANDLE_PATTERN.test(handle)) {
      throw new AgentAdminError(
        `"${handle}" is not a valid agent handle: use 1-63 lowercase letters, digits or hyphens, starting with a letter or digit`,
      );
    }
  }

  async function ensureAgent(handle: string) {
    checkHandle(handle);
    const now = clock.now();
    return store.ensureAgent({ id: newId(now), handle, createdAt: now });
  }

  return {
    ensureAgent,
    listAgents: () => store.listAgents(),
    countAgents: () => store.countAgents(),

    async createKey(handle: string, name: string | null = null): Promise<CreatedKey> {
      const { agent, created } = await ensureAgent(handle);
      const generated = generateApiKey();
      const now = clock.now();
      const key: ApiKeyRecord = {
        id: newId(now),
        agentId: agent.id,
        name,
        prefix: generated.prefix,
        createdAt: now,
        revokedAt: null,
      };
      await units.transaction(async (unit) => {
        await store.insertKey({ ...key, keyHash: generated.hash }, unit.ex);
        unit.change({
          ...auditedKey(key),
          activity: 'created',
          before: null,
          after: { name: key.name, prefix: key.prefix },
        });
      });
      return { agent, agentCreated: created, key, secret: generated.key };
    },

    /** Makes sure `secret` is an active key of agent `handle` (idempotent; for ROSTER_API_KEY). */
    async ensureKey(
      handle: string,
      secret: string,
      name: string,
    ): Promise<{ agent: AgentRecord; keyCreated: boolean }> {
      const { agent } = await ensureAgent(handle);
      const now = clock.now();
      const keyCreated = await store.insertKey({
        id: newId(now),
        agentId: agent.id,
        name,
        prefix: keyPrefixOf(secret),
        createdAt: now,
        revokedAt: null,
        keyHash: hashApiKey(secret),
      });
      if (!keyCreated) {
        const match = await store.findActiveKeyByHash(hashApiKey(secret));
        if (!match) throw new AgentAdminError('ROSTER_API_KEY names a key that was revoked; set a new value');
        if (match.agentId !== agent.id)
          throw new AgentAdminError(`ROSTER_API_KEY already belongs to another agent, not "${handle}"`);
      }
      return { agent, keyCreated };
    },

    async listKeys(handle: string): Promise<ApiKeyRecord[]> {
      checkHandle(handle);
      const agent = await store.findAgentByHandle(handle);
      if (!agent) throw new AgentAdminError(`no agent with handle "${handle}"`);
      return store.listKeys(agent.id);
    },

    async revokeKey(keyId: string): Promise<void> {
      const revoked = await units.transaction(async (unit) => {
        const agentId = await store.revokeKey(keyId, clock.now(), unit.ex);
        if (agentId === null) return false;
        unit.change({
          agentId,
          entityType: 'api_key',
          entityId: keyId,
          activity: 'deactivated',
          before: { revoked: false },
          after: { revoked: true },
        });
        return true;
      });
      if (!revoked) throw new AgentAdminError(`no active key with id "${keyId}"`);
    },
  };
}

export type AgentsService = ReturnType<typeof createAgentsService>;
