// ai_agent_domain in conversation events names the AI Agent the event comes from. Roster serves
// every agent from one host, so the agent's handle takes that place. Handles never change, so
// each is read once per process.
import type { ConversationsStore } from './conversations.store.js';

export function createDomainLookup(store: Pick<ConversationsStore, 'agentHandle'>) {
  const cache = new Map<string, string>();
  return async function domainOf(agentId: string): Promise<string> {
    const known = cache.get(agentId);
    if (known !== undefined) return known;
    const handle = (await store.agentHandle(agentId)) ?? agentId;
    cache.set(agentId, handle);
    return handle;
  };
}

export type DomainLookup = ReturnType<typeof createDomainLookup>;
