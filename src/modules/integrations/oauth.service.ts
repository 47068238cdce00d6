// OAuth 2.0 for platform integrations: the authorization-code grant with PKCE (RFC 6749 §4.1,
// RFC 7636) and refresh tokens that rotate on every use. Codes live 5 minutes, access tokens an
// hour, refresh tokens 30 days. A refresh token or code presented a second time revokes every
// token descended from the same authorization (its family), which is how a stolen, already-used
// refresh token is caught. Codes and tokens are kept only as SHA-256 digests.
//
// Hand-written rather than built on @node-oauth/oauth2-server, the one maintained server library
// for Node: it checks expiry against the wall clock (new Date()), where Roster's rules read the
// injected clock, and it runs a grant as separate model calls, so a rotation and the revocation
// of a replayed token's family could not commit in one unit of work. The protocol surface Roster
// needs is small: two grants and client authentication, tested against the RFC cases and a stock
// client (openid-client).
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import type { Principal } from '../../http/auth.js';
import { configurationProblems, identifierOf } from './configuration.js';
import { digest, matchesDigest } from './integrations.service.js';
import type { Installation, Integration, IntegrationsStore, TokenRow } from './integrations.store.js';
import { grantedScopes, isScope } from './scopes.js';

export const CODE_TTL_MS = 5 * 60_000;
export const ACCESS_TTL_MS = 60 * 60_000;
export const REFRESH_TTL_MS = 30 * 24 * 60 * 60_000;
export const ACCESS_PREFIX = 'roster_at_';
const REFRESH_PREFIX = 'roster_rt_';
const CODE_PREFIX = 'roster_ac_';
/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

const secretWith = (prefix: string) => prefix + randomBytes(32).toString('base64url');

/** An error the token endpoint answers with (RFC 6749 §5.2), or the authorize endpoint redirects with. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    message: string,
    readonly status = 400,
    /** Where an authorization request's error is sent back to, once the client and redirect URI are known. */
    readonly redirectUri: string | null = null,
  ) {
    super(message);
  }
}

/** An authorization request that cannot be redirected back: the client or its redirect URI is unknown. */
export class ConsentError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface AuthorizationRequest {
  response_type?: string | undefined;
  client_id?: string | undefined;
  redirect_uri?: string | undefined;
  scope?: string | undefined;
  state?: string | undefined;
  code_challenge?: string | undefined;
  code_challenge_method?: string | undefined;
}

/** A checked authorization request, ready for the consent page. */
export interface Authorization {
  integration: Integration;
  redirectUri: string;
  /** The redirect_uri as the request gave it (null when it gave none): the token request must repeat it. */
  givenRedirectUri: string | null;
  scopes: string[];
  state: string | null;
  challenge: { value: string; method: 'S256' | 'plain' } | null;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

export function redirectWith(base: string, params: Record<string, string | null>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  return url.toString();
}

export function createOAuthService(deps: { store: IntegrationsStore; units: UnitOfWork; clock: Clock }) {
  const { store, units, clock } = deps;

  /** Checks the client and redirect URI (errors shown on the page), then the rest (errors redirected). */
  async function checkAuthorization(request: AuthorizationRequest): Promise<Authorization> {
    const clientId = request.client_id ?? '';
    const integration = /^[0-9a-f]{24}$/.test(clientId) ? await store.findById(clientId) : null;
    if (!integration || integration.status === 'archived')
      throw new ConsentError('The client_id does not name a platform integration that can be installed.');
    const redirectUri = request.redirect_uri ?? integration.oauthCallbackUrl;
    if (redirectUri !== integration.oauthCallbackUrl)
      throw new ConsentError("The redirect_uri is not the integration's registered oauth_callback_url.");
    const fail = (error: string, message: string) => new OAuthError(error, message, 400, redirectUri);
    if (request.response_type !== 'code')
      throw fail('unsupported_response_type', 'Only response_type=code is supported.');
    let scopes = integration.scopes;
    if (request.scope !== undefined && request.scope.trim() !== '') {
      const asked = request.scope.trim().split(/ +/);
      const unknown = asked.find(
        (s) => !isScope(s) || (!integration.scopes.includes(s) && !grantedScopes([]).includes(s)),
      );
      if (unknown !== undefined)
        throw fail('invalid_scope', `The scope "${unknown}" is not one this integration registered.`);
      scopes = asked;
    }
    let challenge: Authorization['challenge'] = null;
    if (request.code_challenge !== undefined) {
      const method = request.code_challenge_method ?? 'plain';
      if (method !== 'S256' && method !== 'plain')
        throw fail('invalid_request', 'code_challenge_method must be S256 or plain.');
      if (!VERIFIER.test(request.code_challenge))
        throw fail(
          'invalid_request',
          'code_challenge must be 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_", "~".',
        );
      challenge = { value: request.code_challenge, method };
    } else if (request.code_challenge_method !== undefined) {
      throw fail('invalid_request', 'code_challenge_method was sent without a code_challenge.');
    }
    return {
      integration,
      redirectUri,
      givenRedirectUri: request.redirect_uri ?? null,
      scopes: grantedScopes(scopes),
      state: request.state ?? null,
      challenge,
    };
  }

  async function issue(
    ex: Parameters<IntegrationsStore['insertTokens']>[1],
    grant: { familyId: string; installationId: string; integrationId: string; agentId: string; scopes: string },
  ): Promise<TokenResponse> {
    const now = clock.now();
    const access = secretWith(ACCESS_PREFIX);
    const refresh = secretWith(REFRESH_PREFIX);
    const row = (kind: TokenRow['kind'], secret: string, ttl: number): TokenRow => ({
      id: newId(now, grant.agentId),
      token_hash: digest(secret),
      kind,
      family_id: grant.familyId,
      installation_id: grant.installationId,
      platform_integration_id: grant.integrationId,
      agent_id: grant.agentId,
      scopes: grant.scopes,
      expires_at: now + ttl,
      used_at: null,
      revoked_at: null,
      created_at: now,
    });
    await store.insertTokens([row('access', access, ACCESS_TTL_MS), row('refresh', refresh, REFRESH_TTL_MS)], ex);
    return {
      access_token: access,
      token_type: 'Bearer',
      expires_in: ACCESS_TTL_MS / 1_000,
      refresh_token: refresh,
      scope: grant.scopes,
    };
  }

  function checkVerifier(challenge: { value: string; method: string } | null, verifier: string | undefined): void {
    if (challenge === null) {
      if (verifier !== undefined)
        throw new OAuthError('invalid_grant', 'A code_verifier was sent for a code issued without a code_challenge.');
      return;
    }
    if (verifier === undefined || !VERIFIER.test(verifier))
      throw new OAuthError('invalid_grant', 'The code was issued with a code_challenge: send its code_verifier.');
    const derived =
      challenge.method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
    if (derived !== challenge.value)
      throw new OAuthError('invalid_grant', 'The code_verifier does not match the code_challenge.');
  }

  /** Runs `work`; a replay it detects revokes the family in a committed transaction before the error leaves. */
  async function guarded<T>(
    work: (unit: Parameters<Parameters<UnitOfWork['transaction']>[0]>[0]) => Promise<T | { replayOf: string }>,
  ): Promise<T> {
    const result = await units.transaction(async (unit) => {
      const value = await work(unit);
      if (value && typeof value === 'object' && 'replayOf' in value)
        await store.revokeFamily(value.replayOf, clock.now(), unit.ex);
      return value;
    });
    if (result && typeof result === 'object' && 'replayOf' in result)
      throw new OAuthError('invalid_grant', 'The grant was already used; every token issued from it is now revoked.');
    return result as T;
  }

  return {
    checkAuthorization,

    /**
     * The admin approved: installs (or reconfigures) the integration on the admin's AI Agent and
     * issues a code. Returns the URL to send the admin back to, or the problem with the
     * configuration (shown on the page again).
     */
    async approve(
      authorization: Authorization,
      agentId: string,
      configuration: unknown,
    ): Promise<{ redirect: string } | { problem: string; status: number }> {
      const { integration } = authorization;
      if (integration.status === 'development' && integration.agentId !== agentId)
        return {
          problem:
            'This integration is still in development: only the AI Agent that develops it can install it until it is approved.',
          status: 403,
        };
      if (configuration === null || typeof configuration !== 'object' || Array.isArray(configuration))
        return { problem: 'The configuration must be a JSON object.', status: 400 };
      const problems = configurationProblems(integration.configurationFields, configuration);
      if (problems)
        return { problem: `The configuration does not match the integration's fields: ${problems}`, status: 400 };
      const settings = configuration as Record<string, unknown>;
      const identifier = identifierOf(integration.identifierFieldPath, settings);
      if (identifier === null)
        return {
          problem: `The configuration has no value at ${integration.identifierFieldPath}, which identifies the installation.`,
          status: 400,
        };
      const code = secretWith(CODE_PREFIX);
      await units.transaction(async (unit) => {
        const now = clock.now();
        const existing = await store.findInstallationOf(integration.id, agentId, unit.ex);
        let installation: Installation;
        if (existing) {
          installation = { ...existing, configuration: settings, identifier, updatedAt: now };
          await store.updateInstallation(installation, unit.ex);
        } else {
          installation = {
            id: newId(now, agentId),
            integrationId: integration.id,
            agentId,
            configuration: settings,
            identifier,
            status: 'incomplete',
            createdAt: now,
            updatedAt: now,
          };
          await store.insertInstallation(installation, unit.ex);
        }
        // The settings may hold the partner's own credentials: the log names them, never their values.
        unit.change({
          agentId,
          entityType: 'platform_integration_installation',
          entityId: installation.id,
          entityName: integration.name,
          activity: existing ? 'updated' : 'created',
          before: existing ? { configuration: existing.configuration, status: existing.status } : null,
          after: { platform_integration_id: integration.id, configuration: settings, status: installation.status },
          sensitive: ['configuration'],
        });
        await store.insertCode(
          {
            id: newId(now, agentId),
            code_hash: digest(code),
            installation_id: installation.id,
            platform_integration_id: integration.id,
            agent_id: agentId,
            redirect_uri: authorization.givenRedirectUri,
            scopes: authorization.scopes.join(' '),
            code_challenge: authorization.challenge?.value ?? null,
            code_challenge_method: authorization.challenge?.method ?? null,
            expires_at: now + CODE_TTL_MS,
            used_at: null,
            created_at: now,
          },
          unit.ex,
        );
      });
      return { redirect: redirectWith(authorization.redirectUri, { code, state: authorization.state }) };
    },

    /** Client authentication (RFC 6749 §2.3.1): the integration whose secret this is. */
    async client(clientId: string, secret: string): Promise<Integration> {
      const integration = /^[0-9a-f]{24}$/.test(clientId) ? await store.findById(clientId) : null;
      if (!integration || !matchesDigest(secret, integration.secretHash) || integration.status === 'archived')
        throw new OAuthError(
          'invalid_client',
          'The client_id and client_secret do not match an active integration.',
          401,
        );
      return integration;
    },

    async exchangeCode(
      client: Integration,
      form: { code?: string | undefined; redirect_uri?: string | undefined; code_verifier?: string | undefined },
    ): Promise<TokenResponse> {
      if (!form.code) throw new OAuthError('invalid_request', 'The code parameter is required.');
      const hash = digest(form.code);
      return guarded(async (unit) => {
        const code = await store.codeByHash(hash, unit.ex);
        if (!code || code.platform_integration_id !== client.id)
          throw new OAuthError('invalid_grant', 'The code is not valid for this client.');
        if (code.used_at !== null) return { replayOf: code.id };
        if (Number(code.expires_at) <= clock.now()) throw new OAuthError('invalid_grant', 'The code has expired.');
        if (code.redirect_uri !== null && form.redirect_uri !== code.redirect_uri)
          throw new OAuthError('invalid_grant', 'The redirect_uri differs from the one in the authorization request.');
        checkVerifier(
          code.code_challenge === null
            ? null
            : { value: code.code_challenge, method: code.code_challenge_method ?? 'plain' },
          form.code_verifier,
        );
        if (!(await store.useCode(code.id, clock.now(), unit.ex))) return { replayOf: code.id };
        return issue(unit.ex, {
          familyId: code.id,
          installationId: code.installation_id,
          integrationId: client.id,
          agentId: code.agent_id,
          scopes: code.scopes,
        });
      });
    },

    async refresh(
      client: Integration,
      form: { refresh_token?: string | undefined; scope?: string | undefined },
    ): Promise<TokenResponse> {
      if (!form.refresh_token) throw new OAuthError('invalid_request', 'The refresh_token parameter is required.');
      const hash = digest(form.refresh_token);
      return guarded(async (unit) => {
        const token = await store.refreshByHash(hash, unit.ex);
        if (!token || token.platform_integration_id !== client.id || token.revoked_at !== null)
          throw new OAuthError('invalid_grant', 'The refresh token is not valid for this client.');
        if (token.used_at !== null) return { replayOf: token.family_id };
        if (Number(token.expires_at) <= clock.now())
          throw new OAuthError('invalid_grant', 'The refresh token has expired.');
        let scopes = token.scopes;
        if (form.scope !== undefined && form.scope.trim() !== '') {
          const held = token.scopes.split(' ');
          const asked = form.scope.trim().split(/ +/);
          const extra = asked.find((s) => !held.includes(s));
          if (extra !== undefined) throw new OAuthError('invalid_scope', `The scope "${extra}" was not granted.`);
          scopes = held.filter((s) => asked.includes(s)).join(' ');
        }
        if (!(await store.useRefresh(token.id, clock.now(), unit.ex))) return { replayOf: token.family_id };
        return issue(unit.ex, {
          familyId: token.family_id,
          installationId: token.installation_id,
          integrationId: client.id,
          agentId: token.agent_id,
          scopes,
        });
      });
    },

    /** The principal of a valid access token, or null. */
    async principalFor(token: string): Promise<Principal | null> {
      const hash = digest(token);
      const row = await store.tokenByHash(hash);
      if (
        !row ||
        !matchesDigest(token, row.token_hash) ||
        row.kind !== 'access' ||
        row.revoked_at !== null ||
        Number(row.expires_at) <= clock.now() ||
        row.integration_status === 'archived'
      )
        return null;
      return {
        agentId: row.agent_id,
        keyId: row.id,
        scopes: row.scopes.split(' '),
        installationId: row.installation_id,
      };
    },
  };
}

export type OAuthService = ReturnType<typeof createOAuthService>;
