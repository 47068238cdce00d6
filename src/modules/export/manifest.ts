// Data Export: an AI Agent's conversations and messages, a time window at a time, in pages that
// stream from the database (Ada's Data Export API v2, and its legacy v1.4 paths). It reads the
// conversations module's tables and owns no table; its migration adds the indexes its order needs.
import { defineModule, type RateFamily } from '../../platform/manifest.js';
import { exportDocs } from './export.docs.js';
import { LEGACY_PREFIX, exportRoutes, legacyExportRoutes } from './export.routes.js';
import { createExportService, type ExportService } from './export.service.js';
import { createExportStore } from './export.store.js';
import * as m0006 from './migrations/0006_export.js';

declare module '../../platform/manifest.js' {
  interface ModuleRegistry {
    export: { service: ExportService };
  }
}

/** Ada's limits for the export endpoints: 10 a second and 15,000 a day, both endpoints together. */
export const EXPORT_FAMILY: RateFamily = {
  name: 'export',
  windows: [
    { points: 10, durationMs: 1_000 },
    { points: 15_000, durationMs: 86_400_000 },
  ],
};

export const exportModule = defineModule({
  name: 'export',
  rateFamily: EXPORT_FAMILY,
  migrations: { '0006_export': m0006 },
  build({ db, keyring, clock }) {
    const service = createExportService({ store: createExportStore(db), keyring, clock });
    return {
      exports: { service },
      routes: exportRoutes(service),
      mounts: [{ prefix: LEGACY_PREFIX, routes: legacyExportRoutes(service) }],
      docs: exportDocs,
    };
  },
});
