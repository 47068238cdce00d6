// Console admins and sessions. An admin signs in with a token made by `roster admin create`; the
// session is a random value kept by the browser in an HttpOnly cookie and by Roster only as its
// SHA-256 hash. The CSRF token is an HMAC of the session value, so it needs no storage, changes
// with every session, and cannot be made without the cookie a cross-site page never reads.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { AdminRecord, ConsoleStore, SessionRecord } from './console.store.js';

export const ADMIN_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62})$/;
const TOKEN_PREFIX = 'roster_admin_';
/** How long a session lasts from sign-in; the console asks to sign in again afterwards. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const EXPIRED_BATCH = 100;

export class ConsoleAdminError extends Error {}

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

export function createConsoleService(deps: { store: ConsoleStore; clock: Clock }) {
  const { store, clock } = deps;

  return {
    /** A new admin and their token, shown once. */
    async createAdmin(name: string): Promise<{ admin: AdminRecord; token: string }> {
      if (!ADMIN_NAME_PATTERN.test(name)) {
        throw new ConsoleAdminError(
          `"${name}" is not a valid admin name: use 1-63 lowercase letters, digits, dots, hyphens or underscores, starting with a letter or digit`,
        );
      }
      const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const now = clock.now();
      const admin: AdminRecord = { id: newId(now), name, createdAt: now, revokedAt: null };
      if (!(await store.insertAdmin({ ...admin, tokenHash: sha256(token) }))) {
        throw new ConsoleAdminError(`an admin named "${name}" already exists`);
      }
      return { admin, token };
    },

    listAdmins: () => store.listAdmins(),

    async revokeAdmin(name: string): Promise<void> {
      if (!(await store.revokeAdmin(name, clock.now()))) throw new ConsoleAdminError(`no active admin named "${name}"`);
    },

    /** Checks the token and opens a session; the returned value goes in the cookie, never stored. */
    async signIn(token: string): Promise<{ session: string; expiresAt: number }> {
      const admin = await store.findActiveAdminByTokenHash(sha256(token));
      if (!admin) throw new AppError('unauthorized', 'The admin token is not valid, or it was revoked.');
      const now = clock.now();
      await store.deleteExpiredSessions(now, EXPIRED_BATCH);
      const session = randomBytes(32).toString('base64url');
      const expiresAt = now + SESSION_TTL_MS;
      await store.insertSession({ idHash: sha256(session), adminId: admin.id, createdAt: now, expiresAt });
      return { session, expiresAt };
    },

    async find(session: string): Promise<SessionRecord | undefined> {
      return store.findSession(sha256(session), clock.now());
    },

    async signOut(session: string): Promise<void> {
      await store.deleteSession(sha256(session));
    },

    csrfToken(session: string): string {
      return createHmac('sha256', session).update('roster console csrf').digest('base64url');
    },

    csrfMatches(session: string, presented: string): boolean {
      const expected = Buffer.from(this.csrfToken(session));
      const given = Buffer.from(presented);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

export type ConsoleService = ReturnType<typeof createConsoleService>;
