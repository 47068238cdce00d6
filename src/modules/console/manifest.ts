// The admin console: a web page at /console, off unless ROSTER_CONSOLE=on (or `serve --console`),
// where an operator signed in with an admin token sees and operates Roster. It owns the admins
// and their sessions; everything else it shows comes from the public API, run in this process
// as the chosen AI Agent (console.proxy.ts), or from the agents, jobs and erasure jobs' own
// services and stores. With the emulator on, the app hands it the emulator's controls.
import { createInProcessKeys, type InProcessKeys } from '../../http/auth.js';
import { systemClock } from '../../lib/clock.js';
import { defineModule } from '../../platform/manifest.js';
import { loadAssets } from './console.assets.js';
import { consoleRoutes } from './console.routes.js';
import { createConsoleService, type ConsoleService } from './console.service.js';
import { createConsoleStore } from './console.store.js';
import * as m0013 from './migrations/0013_console.js';

declare module '../../platform/manifest.js' {
  interface ModuleRegistry {
    console: { service: ConsoleService; inProcessKeys: InProcessKeys };
  }
}

export const consoleModule = defineModule({
  name: 'console',
  migrations: { '0013_console': m0013 },
  build({ db, clock, config, jobs, use, testDouble }) {
    // Sessions keep real time in the emulator mode: moving Roster's clock must not sign the
    // operator out (or keep a session alive for years when it goes back).
    const service = createConsoleService({ store: createConsoleStore(db), clock: testDouble ? systemClock : clock });
    const inProcessKeys = createInProcessKeys();
    const agents = use('agents').service;
    return {
      exports: { service, inProcessKeys },
      sites: config.console
        ? [
            {
              prefix: '/console',
              routes: consoleRoutes({
                service,
                agents,
                jobs,
                clock,
                inProcessKeys,
                assets: loadAssets(),
                endUsers: use('endUsers').store,
                conversations: use('conversations').store,
                erasures: use('compliance').store,
              }),
            },
          ]
        : [],
    };
  },
});
