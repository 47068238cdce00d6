// AI Agents (tenants) and their API keys: no routes of their own (the CLI and first start manage
// them), but every other module's requests are authenticated against this module's keys.
import { defineModule } from '../../platform/manifest.js';
import { createAgentsService, type AgentsService } from './agents.service.js';
import { createAgentsStore, type AgentsStore } from './agents.store.js';

declare module '../../platform/manifest.js' {
  interface ModuleRegistry {
    agents: { store: AgentsStore; service: AgentsService };
  }
}

export const agentsModule = defineModule({
  name: 'agents',
  build({ db, clock, units }) {
    const store = createAgentsStore(db);
    return { exports: { store, service: createAgentsService({ store, clock, units }) } };
  },
});
