// The End Users API in the OpenAPI document: examples for every operation and the body of the
// v1.end_user.* webhooks. The body schema follows the presenter (end-users.presenter.ts) and
// allows no other property, so a test that checks real deliveries against it fails when the two
// drift apart.
import { IDS, CREATED_AT, EXAMPLE_BASE, UPDATED_AT, page } from '../../http/openapi.examples.js';
import { componentRef, eventEnvelope } from '../../http/openapi.js';
import type { ModuleDocs } from '../../platform/manifest.js';

export const END_USER = {
  end_user_id: IDS.endUser,
  external_id: 'crm-123',
  profile: {
    first_name: 'Maria',
    last_name: 'Silva',
    display_name: null,
    avatar: null,
    email: 'maria@example.com',
    language: 'pt-BR',
    metadata: { plan: 'enterprise', seats: 40 },
    system_properties: { sunshine_user_id: null },
  },
  created_at: CREATED_AT,
  updated_at: CREATED_AT,
};

const END_USER_PATCHED = {
  ...END_USER,
  profile: { ...END_USER.profile, metadata: { plan: 'enterprise', seats: 45 } },
  updated_at: UPDATED_AT,
};

export const EndUserEventSchema = eventEnvelope(
  ['v1.end_user.created', 'v1.end_user.updated'],
  componentRef('EndUser'),
  true,
  'v1.end_user.created and v1.end_user.updated: data is the end user as the API returns it, never its sensitive metadata.',
);

export const END_USER_EVENT_EXAMPLES = {
  'v1.end_user.created': { type: 'v1.end_user.created', timestamp: CREATED_AT, data: END_USER, tags: [IDS.endUser] },
  'v1.end_user.updated': {
    type: 'v1.end_user.updated',
    timestamp: UPDATED_AT,
    data: END_USER_PATCHED,
    tags: [IDS.endUser],
  },
};

export const endUsersDocs: ModuleDocs = {
  components: { EndUserEvent: EndUserEventSchema },
  schemaExamples: { EndUser: END_USER },
  examples: {
    'POST /api/v2/end-users/': {
      body: {
        external_id: 'crm-123',
        profile: {
          first_name: 'Maria',
          last_name: 'Silva',
          email: 'maria@example.com',
          language: 'pt-BR',
          metadata: { plan: 'enterprise', seats: 40 },
          sensitive_metadata: { fields: { auth_token: 'eyJhbGciOiJIUzI1NiJ9.example' } },
        },
      },
      responses: { 201: END_USER, 200: END_USER },
    },
    'GET /api/v2/end-users/': {
      responses: { 200: page([END_USER], `${EXAMPLE_BASE}/end-users/?cursor=6b0990a1f3c2e85a1b7d4c10&limit=1`) },
    },
    'GET /api/v2/end-users/{end_user_id}': { responses: { 200: END_USER } },
    'PATCH /api/v2/end-users/{end_user_id}': {
      body: { profile: { email: 'maria@example.com', metadata: { seats: 45 } } },
      responses: { 200: END_USER_PATCHED },
    },
  },
};
