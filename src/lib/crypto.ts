// Secrets at rest.
// - API keys: random 32 bytes, shown once, stored only as a SHA-256 hash. Lookup is by the
//   hash of the whole presented key, so no stored prefix is ever compared against input.
// - Sensitive metadata: AES-256-GCM with a fresh 96-bit IV per value and AAD binding the
//   ciphertext to its agent, end user and key, so a value cannot be replayed onto another row.
//   The envelope names the key id so keys can rotate: "v1.<kid>.<iv>.<ciphertext>.<tag>".
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const API_KEY_PREFIX = 'roster_';

export interface GeneratedApiKey {
  key: string;
  hash: string;
  prefix: string;
}

export function generateApiKey(): GeneratedApiKey {
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key), prefix: keyPrefixOf(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * The part of a key kept in clear to tell keys apart in listings. Generated keys show "roster_"
 * and 6 of their 43 random characters; a key chosen by an operator (ROSTER_API_KEY) shows only
 * its first 4 characters, so a short chosen key is not mostly given away.
 */
export function keyPrefixOf(key: string): string {
  const generated = key.startsWith(API_KEY_PREFIX) && key.length >= API_KEY_PREFIX.length + 43;
  return key.slice(0, generated ? API_KEY_PREFIX.length + 6 : 4);
}

export interface EncryptionKey {
  id: string;
  material: Buffer;
}

export function encryptionKeyFrom(material: Buffer): EncryptionKey {
  if (material.length !== 32) throw new Error('an encryption key must be exactly 32 bytes');
  return { id: createHash('sha256').update(material).digest('hex').slice(0, 8), material };
}

export interface Keyring {
  /** Encrypts with the current key. */
  seal(plaintext: string, aad: string): string;
  /** Decrypts with whichever known key the envelope names; throws on tampering or an unknown key. */
  open(envelope: string, aad: string): string;
  readonly currentKeyId: string;
  /**
   * A keyed digest (HMAC-SHA256, hex) under a key derived from the current key for `purpose`: lets
   * a value be recognised again without storing it. It changes when the current key is rotated.
   */
  mac(purpose: string, data: string): string;
}

export function createKeyring(current: EncryptionKey, previous: EncryptionKey[] = []): Keyring {
  const byId = new Map<string, EncryptionKey>([current, ...previous].map((k) => [k.id, k]));
  const macKeys = new Map<string, Buffer>();
  return {
    currentKeyId: current.id,
    mac(purpose, data) {
      let key = macKeys.get(purpose);
      if (!key) {
        key = Buffer.from(hkdfSync('sha256', current.material, Buffer.alloc(0), `roster:mac:${purpose}`, 32));
        macKeys.set(purpose, key);
      }
      return createHmac('sha256', key).update(data, 'utf8').digest('hex');
    },
    seal(plaintext, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.material, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v1', current.id, iv.toString('base64url'), body.toString('base64url'), tag.toString('base64url')].join(
        '.',
      );
    },
    open(envelope, aad) {
      const parts = envelope.split('.');
      if (parts.length !== 5 || parts[0] !== 'v1') throw new Error('unrecognised envelope');
      const key = byId.get(parts[1] as string);
      if (!key) throw new Error(`no encryption key with id ${parts[1]}`);
      // Pinning the tag length stops a truncated tag (Node accepts 4 bytes otherwise) from verifying.
      const decipher = createDecipheriv('aes-256-gcm', key.material, Buffer.from(parts[2] as string, 'base64url'), {
        authTagLength: 16,
      });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(parts[4] as string, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(parts[3] as string, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

/** The additional authenticated data for one sensitive value. */
export function sensitiveAad(agentId: string, endUserId: string, key: string): string {
  return `roster:sensitive:${agentId}:${endUserId}:${key}`;
}
