// Shared paths, builders and the install flow for the Platform Integrations suites: create an
// integration, install it through the consent page, and exchange the code at the token endpoint.
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { TestContext } from './harness.js';

export const INTEGRATIONS = '/api/v2/platform-integrations/';
export const OAUTH = '/api/platform_integrations/oauth';
export const CALLBACK = 'https://apps.example.com/roster/callback';

export const INTEGRATION_KEYS = [
  'author',
  'call_to_action',
  'configuration_fields',
  'contact',
  'created',
  'description',
  'error_codes',
  'icon_url',
  'id',
  'identifier_field_path',
  'name',
  'oauth_callback_url',
  'scopes',
  'status',
  'tags',
  'uninstallation_url',
  'updated',
];

export const integrationBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Help centre sync',
  description: 'Keeps articles in step with a help centre.',
  author: 'Example Apps',
  contact: 'support@apps.example.com',
  uninstallation_url: 'https://apps.example.com/roster/uninstall',
  oauth_callback_url: CALLBACK,
  identifier_field_path: 'account.subdomain',
  tags: ['knowledge'],
  scopes: ['articles:read', 'articles:write', 'article_tags:read'],
  configuration_fields: {
    type: 'object',
    properties: {
      account: {
        type: 'object',
        properties: { subdomain: { type: 'string', minLength: 1 } },
        required: ['subdomain'],
      },
    },
    required: ['account'],
  },
  ...overrides,
});

export interface CreatedIntegration {
  id: string;
  secret: string;
  body: any;
}

export async function createIntegration(
  ctx: TestContext,
  overrides: Record<string, unknown> = {},
  key = ctx.keyA,
): Promise<CreatedIntegration> {
  const res = await ctx.request('POST', INTEGRATIONS, { key, body: integrationBody(overrides) });
  expect(res.status, res.raw).toBe(200);
  return { id: res.body.id, secret: res.body.client_secret, body: res.body };
}

export const form = (params: Record<string, string | undefined>) => {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out.set(k, v);
  return out.toString();
};

export async function post(
  ctx: TestContext,
  path: string,
  params: Record<string, string | undefined> | string,
  headers: Record<string, string> = {},
) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `${OAUTH}${path}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: typeof params === 'string' ? params : form(params),
  });
  let body: any = res.body;
  try {
    body = JSON.parse(res.body);
  } catch {
    // HTML
  }
  return { status: res.statusCode, headers: res.headers, body, raw: res.body };
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Approves the consent page with `key`; returns the code (and the full redirect). */
export async function authorize(
  ctx: TestContext,
  integration: { id: string },
  options: { key?: string; configuration?: unknown; challenge?: string; scope?: string; state?: string } = {},
): Promise<{ code: string; location: string }> {
  const res = await post(ctx, '/authorize', {
    response_type: 'code',
    client_id: integration.id,
    redirect_uri: CALLBACK,
    state: options.state ?? 'xyz',
    scope: options.scope,
    code_challenge: options.challenge,
    code_challenge_method: options.challenge ? 'S256' : undefined,
    api_key: options.key ?? ctx.keyA,
    configuration: JSON.stringify(options.configuration ?? { account: { subdomain: 'acme' } }),
    decision: 'approve',
  });
  expect(res.status, res.raw).toBe(303);
  const location = String(res.headers.location);
  const code = new URL(location).searchParams.get('code');
  expect(code).toBeTruthy();
  return { code: code as string, location };
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

export async function exchange(
  ctx: TestContext,
  integration: CreatedIntegration,
  code: string,
  extra: Record<string, string> = {},
): Promise<Tokens> {
  const res = await post(ctx, '/token', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: CALLBACK,
    client_id: integration.id,
    client_secret: integration.secret,
    ...extra,
  });
  expect(res.status, res.raw).toBe(200);
  return res.body as Tokens;
}

/** An integration of agent A installed on agent A, with its tokens and installation. */
export async function installed(ctx: TestContext, overrides: Record<string, unknown> = {}) {
  const integration = await createIntegration(ctx, overrides);
  const { code } = await authorize(ctx, integration);
  const tokens = await exchange(ctx, integration, code);
  const self = await ctx.request('GET', `${INTEGRATIONS}${integration.id}/installations/self`, {
    key: tokens.access_token,
  });
  expect(self.status, self.raw).toBe(200);
  return { integration, tokens, installationId: self.body.id as string };
}
