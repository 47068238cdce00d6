// Who is acting: the credential behind the change a unit of work makes, carried through the
// request (or the CLI command, or a background job) by AsyncLocalStorage so no service passes it
// along. The audit log reads it; nothing else may decide anything by it.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Actor {
  /** api_key, oauth_token (an integration's access token) or system (background work, the CLI). */
  type: 'api_key' | 'oauth_token' | 'system';
  /** The key's or token's id (never the secret); '' for system. */
  id: string;
  /** Where the change came from: api, cli or system. */
  via: 'api' | 'cli' | 'system';
  ip?: string;
  userAgent?: string;
}

const storage = new AsyncLocalStorage<Actor>();

export const SYSTEM_ACTOR: Actor = { type: 'system', id: '', via: 'system' };

/** Runs `work` (and everything it awaits) as `actor`. */
export function runAs<T>(actor: Actor, work: () => T): T {
  return storage.run(actor, work);
}

/** The actor of the current request or command; the system when there is none. */
export function currentActor(): Actor {
  return storage.getStore() ?? SYSTEM_ACTOR;
}
