// The audit log API in the OpenAPI document: an example page and the event body.
import { page } from '../../http/openapi.examples.js';
import { componentRef, eventEnvelope } from '../../http/openapi.js';
import type { ModuleDocs } from '../../platform/manifest.js';

export const AUDIT_EVENT_EXAMPLE = {
  id: '3f0c9a52-7d1e-4b8a-9f43-2a6c1e5d8b70',
  timestamp: '2026-11-27T14:30:05.120+00:00',
  actor_email: '',
  actor_name: '',
  actor_user_id: '',
  entity_type: 'custom_instruction',
  entity_id: '6b0a21109f1e4a0b3c5d7f21',
  entity_name: 'Gold plan refunds',
  activity: 'updated',
  interface: 'api',
  context_ip: '203.0.113.7',
  context_user_agent: 'curl/8.5.0',
  api_key_name: '',
  actor_type: 'api_key',
  actor_id: '6b09901a9f1e4a0b3c5d7e02',
  changes: [{ field: 'enabled', before: false, after: true }],
};

export const auditDocs: ModuleDocs = {
  components: {
    AuditLogEmittedEvent: eventEnvelope(
      ['v1.audit_log.emitted'],
      componentRef('AuditLogEvent'),
      true,
      'v1.audit_log.emitted: data is the audit event as the audit log API returns it; tags are its entity_type, activity and entity_id.',
    ),
  },
  schemaExamples: { AuditLogEvent: AUDIT_EVENT_EXAMPLE },
  examples: {
    'GET /api/v2/analytics/audit-log/events/': {
      query: { start_date: '2026-11-01T00:00:00Z', end_date: '2026-11-30T00:00:00Z' },
      responses: { 200: page([AUDIT_EVENT_EXAMPLE]) },
    },
  },
};
