// The audit log: every configuration change any module records through its unit of work
// (`unit.change`) is kept, with its actor and a diff, in the same transaction (a change hook, not
// code in each service), sent as a v1.audit_log.emitted webhook, and read through Ada's audit log
// API. Append-only through the API; erasure removes an erased person's rows.
import { defineModule, type RateFamily } from '../../platform/manifest.js';
import { AUDIT_EVENT, auditHook } from './audit.hook.js';
import { auditDocs, AUDIT_EVENT_EXAMPLE } from './audit.docs.js';
import { auditRoutes } from './audit.routes.js';
import { AUDIT_FAMILY_NAME, AuditEventSchema } from './audit.schemas.js';
import { createAuditStore, type AuditStore } from './audit.store.js';
import * as m0010 from './migrations/0010_audit.js';

declare module '../../platform/manifest.js' {
  interface ModuleRegistry {
    audit: { store: AuditStore };
  }
}

declare module '../../platform/events.js' {
  interface EventTypes {
    'v1.audit_log.emitted': true;
  }
}

/** Ada's limits for the audit log API: 10 a second, 120 a minute, 40,000 a day. */
export const AUDIT_FAMILY: RateFamily = {
  name: AUDIT_FAMILY_NAME,
  windows: [
    { points: 10, durationMs: 1_000 },
    { points: 120, durationMs: 60_000 },
    { points: 40_000, durationMs: 86_400_000 },
  ],
};

export const auditModule = defineModule({
  name: 'audit',
  testDouble: { tables: ['audit_log'] },
  rateFamily: AUDIT_FAMILY,
  schemas: [AuditEventSchema],
  migrations: { '0010_audit': m0010 },
  events: [
    {
      name: AUDIT_EVENT,
      optIn: true,
      description:
        'A configuration change was recorded in the audit log (API keys, webhooks, channels, knowledge sources, integrations and installations, persona, custom instructions). Tagged with entity_type, activity and entity_id. Sent only to endpoints that name it in event_filters.',
      body: {
        component: 'AuditLogEmittedEvent',
        example: {
          type: AUDIT_EVENT,
          timestamp: AUDIT_EVENT_EXAMPLE.timestamp,
          data: AUDIT_EVENT_EXAMPLE,
          tags: [AUDIT_EVENT_EXAMPLE.entity_type, AUDIT_EVENT_EXAMPLE.activity, AUDIT_EVENT_EXAMPLE.entity_id],
        },
      },
    },
  ],
  build({ db, clock }) {
    const store = createAuditStore(db);
    return {
      exports: { store },
      routes: auditRoutes({ store, clock }),
      changeHooks: [auditHook({ store, clock })],
      docs: auditDocs,
      async forget(unit, agentId, endUserIds) {
        await store.forget(agentId, endUserIds, unit.ex);
      },
    };
  },
});
