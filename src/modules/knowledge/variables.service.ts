// The variables of an AI Agent (see variables.ts): listed for rule authors, and checked when a
// rule names them. Metadata keys are read from the agent's end users, which is a scan; a rule
// naming only variables already seen needs none. What was seen is kept in memory per agent: a key
// no end user has any more stays usable until the next scan, which is harmless (no one matches).
import { notFound } from '../../lib/errors.js';
import type { KnowledgeStore } from './knowledge.store.js';
import { PROFILE_VARIABLE_LIST, metadataVariables, type Variable } from './variables.js';

const PROFILE_IDS = new Set(PROFILE_VARIABLE_LIST.map((v) => v.id));

export function createVariablesService(deps: { store: KnowledgeStore }) {
  const { store } = deps;
  const seen = new Map<string, Set<string>>();

  async function scan(agentId: string): Promise<Variable[]> {
    const keys = [...(await store.endUserMetadataKeys(agentId))].sort();
    const variables = metadataVariables(keys);
    seen.set(agentId, new Set(variables.map((v) => v.id)));
    return variables;
  }

  async function list(agentId: string): Promise<Variable[]> {
    return [...PROFILE_VARIABLE_LIST, ...(await scan(agentId))];
  }

  return {
    list,

    async get(agentId: string, id: string): Promise<Variable> {
      const variable = (await list(agentId)).find((v) => v.id === id);
      if (!variable) throw notFound(`Variable "${id}"`);
      return variable;
    },

    /** Which of `ids` are variables of the agent. */
    async known(agentId: string, ids: readonly string[]): Promise<Set<string>> {
      const isKnown = (id: string) => PROFILE_IDS.has(id) || (seen.get(agentId)?.has(id) ?? false);
      if (!ids.every(isKnown)) await scan(agentId);
      return new Set(ids.filter(isKnown));
    },
  };
}

export type VariablesService = ReturnType<typeof createVariablesService>;
