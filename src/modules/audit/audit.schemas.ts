// Wire schemas of the audit log API: the query (a time window of at most 30 days, a page size and
// an opaque cursor) and the events, an allowlist of Ada's fields plus Roster's actor_type,
// actor_id and changes.
import { Type, type Static } from 'typebox';
import { PageMeta, errorResponses } from '../../http/common.schemas.js';

export const AUDIT_DEFAULT_LIMIT = 50;
export const AUDIT_MAX_LIMIT = 100;
export const AUDIT_WINDOW_MAX_MS = 30 * 24 * 60 * 60 * 1_000;
export const AUDIT_FAMILY_NAME = 'audit_log';

export const AuditQuery = Type.Object({
  start_date: Type.String({
    format: 'date-time',
    description: 'Start of the window, inclusive (RFC 3339).',
  }),
  end_date: Type.Optional(
    Type.String({ format: 'date-time', description: 'End of the window, inclusive; now when left out.' }),
  ),
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: AUDIT_MAX_LIMIT,
      description: `Events per page, 1 to ${AUDIT_MAX_LIMIT} (default ${AUDIT_DEFAULT_LIMIT}).`,
    }),
  ),
  cursor: Type.Optional(
    Type.String({ maxLength: 512, description: 'Opaque, from meta.next_page_url; only valid for the same window.' }),
  ),
});
export type AuditQuery = Static<typeof AuditQuery>;

const Change = Type.Object({
  field: Type.String(),
  before: Type.Optional(Type.Unsafe<unknown>({})),
  after: Type.Optional(Type.Unsafe<unknown>({})),
  sensitive: Type.Optional(Type.Boolean({ description: 'true: the field changed; its values are never shown.' })),
});

export const AuditEventSchema = Type.Object(
  {
    id: Type.String({ description: 'A UUID.' }),
    timestamp: Type.String({ description: 'When the change committed (RFC 3339, UTC, milliseconds).' }),
    actor_email: Type.String({ description: 'Always empty: Roster has no user accounts.' }),
    actor_name: Type.String({ description: 'Always empty.' }),
    actor_user_id: Type.String({ description: 'Always empty.' }),
    entity_type: Type.String(),
    entity_id: Type.String(),
    entity_name: Type.String({ description: 'A name of the entity, or empty.' }),
    activity: Type.String({ description: 'created, updated, deleted, executed, activated or deactivated.' }),
    interface: Type.String({ description: 'api, cli or system.' }),
    context_ip: Type.String(),
    context_user_agent: Type.String(),
    api_key_name: Type.String({ description: 'Always empty.' }),
    actor_type: Type.String({ description: 'Roster extension: api_key, oauth_token or system.' }),
    actor_id: Type.String({ description: "Roster extension: the API key's or access token's id; empty for system." }),
    changes: Type.Array(Change, {
      description: 'Roster extension: the fields that changed, with their values unless sensitive.',
    }),
  },
  { $id: 'AuditLogEvent' },
);

export const routeSchemas = {
  list: {
    tags: ['Audit log'],
    summary: 'List audit log events',
    description:
      "This AI Agent's configuration changes within a window of at most 30 days, newest first. Follow meta.next_page_url unchanged: its cursor holds the window.",
    querystring: AuditQuery,
    response: {
      200: Type.Object({ data: Type.Array(Type.Ref('AuditLogEvent')), meta: PageMeta }),
      ...errorResponses(403),
    },
  },
};
