// Bearer authentication. The presented key is hashed and looked up by its hash, so the only
// comparison against stored material happens inside the database index on a fixed-length
// digest: there is no early exit on a matching prefix. Successful lookups are cached for at
// most one second, which bounds how long a revoked key keeps working; misses are never cached,
// so a key created while the server runs works at once.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../lib/clock.js';
import { hashApiKey } from '../lib/crypto.js';
import { AppError } from '../lib/errors.js';
import type { AgentsStore } from '../modules/agents/agents.store.js';
import type { AuthFailureLimiter } from './rate-limit.js';
import { runAs } from '../platform/actor.js';

const CACHE_TTL_MS = 1_000;
const CACHE_MAX = 10_000;
const MAX_KEY_LENGTH = 512;

export interface Principal {
  agentId: string;
  /** The API key's id, or the access token's id for an integration's token. */
  keyId: string;
  /** Only for an integration's OAuth access token: what it may reach. An API key reaches everything. */
  scopes?: readonly string[];
  /** Only for an integration's OAuth access token: the installation it was granted to. */
  installationId?: string;
}

/**
 * Resolves bearer credentials that are not API keys (an integration's access tokens), by their
 * prefix. Returns null when the credential is not valid.
 */
export interface CredentialResolver {
  prefix: string;
  resolve(credential: string): Promise<Principal | null>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The OAuth scope an integration's access token needs on this route; without one, tokens get 403. */
    oauthScope?: string;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The authenticated AI Agent; reading it on a request without a valid key is a 401. */
    readonly agentId: string;
  }
}

/** Adds request.principal and request.agentId to the app. */
export function decoratePrincipal(app: FastifyInstance): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('agentId', {
    getter(this: FastifyRequest): string {
      if (!this.principal)
        throw new AppError('unauthorized', 'Send an API key in the header Authorization: Bearer <key>.');
      return this.principal.agentId;
    },
  });
}

/**
 * Keys that never leave this process and live for one in-process request (the admin console
 * calls the API through app.inject with one). They are 256-bit random, held only in memory, and
 * dropped as soon as the request ends, so the console gets the API's own validation, tenant
 * isolation and rate limits without a stored key.
 */
export function createInProcessKeys() {
  const live = new Map<string, Principal>();
  return {
    issue(principal: Principal): { key: string; release(): void } {
      const key = `roster_inprocess_${randomBytes(32).toString('base64url')}`;
      const hash = hashApiKey(key);
      live.set(hash, principal);
      return { key, release: () => live.delete(hash) };
    },
    find(hash: string): Principal | undefined {
      return live.get(hash);
    },
  };
}

export type InProcessKeys = ReturnType<typeof createInProcessKeys>;

export interface AuthenticatorOptions {
  /** Bearer credentials other than API keys, by prefix (an integration's access tokens). */
  resolvers?: readonly CredentialResolver[];
  /** Keys that live for one in-process request (the admin console's). */
  inProcess?: Pick<InProcessKeys, 'find'>;
  /** Counts failed authentications per client address (429 once over the limit). */
  failures?: AuthFailureLimiter | null;
}

export function createAuthenticator(
  store: Pick<AgentsStore, 'findActiveKeyByHash'>,
  clock: Clock,
  { resolvers = [], inProcess, failures = null }: AuthenticatorOptions = {},
) {
  const cache = new Map<string, Principal & { until: number }>();

  async function principalFor(key: string): Promise<Principal | null> {
    const hash = hashApiKey(key);
    const own = inProcess?.find(hash);
    if (own) return own;
    const cached = cache.get(hash);
    const time = clock.now();
    if (cached && cached.until > time) return cached;
    let principal: Principal | null = null;
    const resolver = resolvers.find((r) => key.startsWith(r.prefix));
    if (resolver) principal = await resolver.resolve(key);
    if (!principal) {
      const found = await store.findActiveKeyByHash(hash);
      if (found) principal = { agentId: found.agentId, keyId: found.keyId };
    }
    if (!principal) {
      cache.delete(hash);
      return null;
    }
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(hash, { ...principal, until: time + CACHE_TTL_MS });
    return principal;
  }

  async function authenticate(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    if (header === undefined)
      throw new AppError('unauthorized', 'Send an API key in the header Authorization: Bearer <key>.');
    const match = /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(header);
    if (!match || (match[1] as string).length > MAX_KEY_LENGTH) {
      throw new AppError('unauthorized', 'The Authorization header must have the form: Bearer <key>.');
    }
    const principal = await principalFor(match[1] as string);
    if (!principal) throw new AppError('unauthorized', 'The API key is not valid, or it was revoked.');
    request.principal = principal;
  }

  if (!failures) return authenticate;
  return async function authenticateCountingFailures(request: FastifyRequest): Promise<void> {
    const blocked = await failures.check(request.ip);
    if (blocked) throw blocked;
    try {
      await authenticate(request);
    } catch (error) {
      if (error instanceof AppError && error.type === 'unauthorized')
        throw (await failures.failed(request.ip)) ?? error;
      throw error;
    }
  };
}

/**
 * onRequest hook, after authentication: the rest of the request runs as its credential's actor,
 * which the audit log records with each change.
 */
export function actAsPrincipal(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  const principal = request.principal;
  const userAgent = request.headers['user-agent'];
  runAs(
    {
      type: principal?.scopes ? 'oauth_token' : 'api_key',
      id: principal?.keyId ?? '',
      via: 'api',
      ip: request.ip,
      ...(typeof userAgent === 'string' ? { userAgent } : {}),
    },
    done,
  );
}

/** onRequest hook, after authentication: API keys pass; an access token needs the route's scope. */
export async function enforceScope(request: FastifyRequest): Promise<void> {
  const scopes = request.principal?.scopes;
  if (!scopes || request.is404) return;
  const needed = request.routeOptions.config.oauthScope;
  if (needed === undefined) {
    throw new AppError(
      'forbidden',
      `An integration's access token cannot call ${request.method} ${request.url.split('?')[0]}; this route takes an API key.`,
    );
  }
  if (!scopes.includes(needed)) {
    throw new AppError('forbidden', `The access token lacks the scope ${needed}, which this route needs.`);
  }
}
