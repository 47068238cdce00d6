// Bearer authentication. The presented key is hashed and looked up by its hash, so the only
// comparison against stored material happens inside the database index on a fixed-length
// digest: there is no early exit on a matching prefix. Successful lookups are cached for at
// most one second, which bounds how long a revoked key keeps working; misses are never cached,
// so a key created while the server runs works at once.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../lib/clock.js';
import { hashApiKey } from '../lib/crypto.js';
import { AppError } from '../lib/errors.js';
import type { AgentsStore } from '../modules/agents/agents.store.js';
import type { AuthFailureLimiter } from './rate-limit.js';

const CACHE_TTL_MS = 1_000;
const CACHE_MAX = 10_000;
const MAX_KEY_LENGTH = 512;

export interface Principal {
  agentId: string;
  keyId: string;
}

declare module 'fastify' {
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

export function createAuthenticator(
  store: Pick<AgentsStore, 'findActiveKeyByHash'>,
  clock: Clock,
  inProcess?: Pick<InProcessKeys, 'find'>,
  failures: AuthFailureLimiter | null = null,
) {
  const cache = new Map<string, Principal & { until: number }>();

  async function principalFor(key: string): Promise<Principal | null> {
    const hash = hashApiKey(key);
    const own = inProcess?.find(hash);
    if (own) return own;
    const cached = cache.get(hash);
    const time = clock.now();
    if (cached && cached.until > time) return cached;
    const found = await store.findActiveKeyByHash(hash);
    if (!found) {
      cache.delete(hash);
      return null;
    }
    if (cache.size >= CACHE_MAX) cache.clear();
    const principal = { agentId: found.agentId, keyId: found.keyId };
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
