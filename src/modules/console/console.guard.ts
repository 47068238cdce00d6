// Who may use the console's API: a request needs a live session cookie, and a request that
// changes anything also needs the session's CSRF token in X-CSRF-Token and, when the browser
// sends an Origin, this server's own origin. SameSite=Strict already keeps the cookie off
// cross-site requests; the token and the origin check are the second and third locks.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.js';
import type { SessionRecord } from './console.store.js';
import type { ConsoleService } from './console.service.js';

export const SESSION_COOKIE = 'roster_console';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    consoleSession: (SessionRecord & { value: string }) | null;
  }
}

/** Refuses a state-changing request whose Origin is another site's. */
export function checkOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (origin !== `${request.protocol}://${request.host}`) {
    throw new AppError('forbidden', 'This request comes from another site; the console accepts its own pages only.');
  }
}

export function createGuard(service: ConsoleService) {
  return async function guard(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const value = request.cookies[SESSION_COOKIE];
    const session = value ? await service.find(value) : undefined;
    if (!value || !session) throw new AppError('unauthorized', 'Sign in to the console first.');
    if (!SAFE_METHODS.has(request.method)) {
      checkOrigin(request);
      const presented = request.headers['x-csrf-token'];
      if (typeof presented !== 'string' || !service.csrfMatches(value, presented)) {
        throw new AppError('forbidden', 'The X-CSRF-Token header is missing or does not match this session.');
      }
    }
    request.consoleSession = { ...session, value };
  };
}
