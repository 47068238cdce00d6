// Identifiers of an erasure request: how each is normalized, checked and recognised again, and
// how the list is kept (sealed with the keyring: a job shows its identifiers as submitted, yet the
// database never holds them in the clear).
import type { Keyring } from '../../lib/crypto.js';
import { normalizeId } from '../../lib/ids.js';
import type { Disposition, IdentifierType } from './compliance.schemas.js';

export interface StoredIdentifier {
  type: IdentifierType;
  /** As submitted. */
  value: string;
  variable: string | null;
  disposition: Disposition;
  matchedChatters: number;
  reason: string | null;
  /** Submitted within its cooldown: fails the job before anything is erased. */
  cooling?: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The value an identifier is matched by, or a reason it cannot name anyone. */
export function normalize(type: IdentifierType, value: string): { key: string } | { invalid: string } {
  switch (type) {
    case 'email': {
      const email = value.trim().toLowerCase();
      return EMAIL.test(email) ? { key: email } : { invalid: 'is not an email address' };
    }
    case 'external_id': {
      const id = value.trim().toLowerCase();
      return id === '' ? { invalid: 'is empty' } : { key: id };
    }
    case 'end_user_id':
    case 'chatter_id': {
      const id = normalizeId(value.trim());
      return id === null ? { invalid: 'is not an end user id (24 hexadecimal characters)' } : { key: id };
    }
    case 'variable_match':
      return { key: value };
  }
}

/** What makes two identifiers the same one (for duplicates and cooldowns). */
export function identity(type: IdentifierType, variable: string | null, key: string): string {
  // chatter_id and end_user_id name the same record in Roster.
  const kind = type === 'chatter_id' ? 'end_user_id' : type;
  return JSON.stringify([kind, variable, key]);
}

const aad = (agentId: string, jobId: string) => `roster:erasure:${agentId}:${jobId}`;

export function sealIdentifiers(keyring: Keyring, agentId: string, jobId: string, list: StoredIdentifier[]): string {
  return keyring.seal(JSON.stringify(list), aad(agentId, jobId));
}

export function openIdentifiers(keyring: Keyring, agentId: string, jobId: string, sealed: string): StoredIdentifier[] {
  return JSON.parse(keyring.open(sealed, aad(agentId, jobId))) as StoredIdentifier[];
}
