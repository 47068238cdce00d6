// Data compliance: erasure of end users on request (Ada's bulk deletion and its legacy
// data-subject request) and the deletion jobs' status. An erasure asks every module to forget the
// matched end users (Platform.forget), batch by batch, on the jobs runner.
import { defineModule } from '../../platform/manifest.js';
import { complianceDocs, ERASED_EVENT_EXAMPLE } from './compliance.docs.js';
import { ERASED_EVENT, erasureJob, purgeJob } from './compliance.erasure.js';
import { complianceRoutes, legacyRoutes } from './compliance.routes.js';
import { createComplianceService, REFERENCE_WINDOW_MS, type ComplianceService } from './compliance.service.js';
import { createComplianceStore, type ComplianceStore } from './compliance.store.js';
import * as m0005 from './migrations/0005_compliance.js';

declare module '../../platform/manifest.js' {
  interface ModuleRegistry {
    compliance: { store: ComplianceStore; service: ComplianceService };
  }
}

declare module '../../platform/events.js' {
  interface EventTypes {
    'roster.end_user.erased': true;
  }
}

export const complianceModule = defineModule({
  name: 'compliance',
  migrations: { '0005_compliance': m0005 },
  // A job's targets go with it (ON DELETE CASCADE).
  testDouble: { tables: ['erasure_cooldowns', 'erasure_references', 'erasure_jobs'] },
  events: [
    {
      name: ERASED_EVENT,
      description:
        'Roster extension: an end user was erased by a deletion job; carries only the end user id and the job id. Sent only to endpoints that name it in their event filters.',
      body: { component: 'ErasedEvent', example: ERASED_EVENT_EXAMPLE },
      extension: true,
    },
  ],
  build({ db, units, keyring, clock, config, log, forget, use }) {
    const { store: endUsers } = use('endUsers');
    const store = createComplianceStore(db);
    const service = createComplianceService({ store, units, keyring, clock, cooldownMs: config.erasureCooldownMs });
    return {
      exports: { store, service },
      routes: complianceRoutes(service),
      mounts: [{ prefix: '/api/v1', routes: legacyRoutes(service) }],
      docs: complianceDocs,
      jobs: [
        erasureJob({ store, endUsers, units, keyring, clock, forget, log }),
        purgeJob({ store, clock, cooldownMs: config.erasureCooldownMs, referenceWindowMs: REFERENCE_WINDOW_MS }),
      ],
    };
  },
});
