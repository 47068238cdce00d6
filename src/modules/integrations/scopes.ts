// OAuth scopes of platform integrations. A route opens itself to access tokens by naming the
// scope it needs in its config (`config: { oauthScope }`, checked in http/auth.ts); a route that
// names none (end users, conversations, webhooks, the integrations' own management) answers a
// token with 403.

export const INTEGRATION_SCOPES = [
  'articles:read',
  'articles:write',
  'article_tags:read',
  'article_tags:write',
  'knowledge_sources:read',
  'knowledge_sources:write',
  'platform_integration_installations:read',
  'platform_integration_installations:write',
] as const;

export type IntegrationScope = (typeof INTEGRATION_SCOPES)[number];

/** Granted to every installation, whatever the integration asked for. */
export const ALWAYS_GRANTED: readonly IntegrationScope[] = [
  'platform_integration_installations:read',
  'platform_integration_installations:write',
];

export const isScope = (value: string): value is IntegrationScope =>
  (INTEGRATION_SCOPES as readonly string[]).includes(value);

/** The scopes a grant holds: those asked for plus the always-granted ones, in catalogue order. */
export function grantedScopes(asked: readonly string[]): IntegrationScope[] {
  const wanted = new Set([...asked, ...ALWAYS_GRANTED]);
  return INTEGRATION_SCOPES.filter((scope) => wanted.has(scope));
}
