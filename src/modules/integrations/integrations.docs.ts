// The Platform Integrations API in the OpenAPI document: examples for every operation, told as
// one story (a help-centre sync partner that asks for the articles scopes), and the shared
// schemas' examples.
import { CREATED_AT, UPDATED_AT, page } from '../../http/openapi.examples.js';
import type { ModuleDocs } from '../../platform/manifest.js';

/** The ids the examples use; the docs test swaps them for real ones. */
export const INTEGRATION_EXAMPLE_IDS = {
  integration: '6b0a20019f1e4a0b3c5d7f01',
  installation: '6b0a20309f1e4a0b3c5d7f09',
} as const;

const CREATE_BODY = {
  name: 'Help centre sync',
  description: 'Keeps your knowledge base in step with your help centre.',
  author: 'Example Apps Ltd',
  contact: 'support@apps.example.com',
  uninstallation_url: 'https://apps.example.com/roster/uninstall',
  oauth_callback_url: 'https://apps.example.com/roster/callback',
  icon_url: 'https://apps.example.com/icon.png',
  call_to_action: 'Connect your help centre',
  identifier_field_path: 'subdomain',
  tags: ['knowledge'],
  scopes: ['articles:read', 'articles:write', 'knowledge_sources:write'],
  configuration_fields: {
    type: 'object',
    properties: { subdomain: { type: 'string', title: 'Help centre subdomain', minLength: 1 } },
    required: ['subdomain'],
  },
  error_codes: { not_found: 'We could not find that help centre.' },
};

const INTEGRATION = {
  id: INTEGRATION_EXAMPLE_IDS.integration,
  status: 'development',
  created: CREATED_AT,
  updated: CREATED_AT,
  ...CREATE_BODY,
};

const INSTALLATION = {
  id: INTEGRATION_EXAMPLE_IDS.installation,
  platform_integration_id: INTEGRATION_EXAMPLE_IDS.integration,
  created: CREATED_AT,
  updated: UPDATED_AT,
  configuration: { subdomain: 'acme' },
  status: 'incomplete',
};

export const integrationsDocs: ModuleDocs = {
  schemaExamples: { PlatformIntegration: INTEGRATION, PlatformIntegrationInstallation: INSTALLATION },
  examples: {
    'GET /api/v2/platform-integrations/': { responses: { 200: page([INTEGRATION]) } },
    'POST /api/v2/platform-integrations/': {
      body: CREATE_BODY,
      responses: { 200: { ...INTEGRATION, client_secret: 'roster_cs_5PRqJ9tA0m2lqk8Xw7eY3bV6nC1dZ4hG9sK2uT0oWfE' } },
    },
    'PATCH /api/v2/platform-integrations/{platform_integration_id}': {
      body: { description: 'Keeps your knowledge base in step with your help centre, every hour.' },
      responses: {
        200: {
          ...INTEGRATION,
          description: 'Keeps your knowledge base in step with your help centre, every hour.',
          updated: UPDATED_AT,
        },
      },
    },
    'GET /api/v2/platform-integrations/{platform_integration_id}/installations/self': {
      responses: { 200: INSTALLATION },
    },
    'PATCH /api/v2/platform-integrations/{platform_integration_id}/installations/{installation_id}': {
      body: { status: 'complete' },
      responses: { 200: { ...INSTALLATION, status: 'complete' } },
    },
  },
};
