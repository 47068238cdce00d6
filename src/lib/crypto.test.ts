import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyring, encryptionKeyFrom, generateApiKey, hashApiKey, keyPrefixOf, sensitiveAad } from './crypto.js';

const keyA = encryptionKeyFrom(Buffer.alloc(32, 1));
const keyB = encryptionKeyFrom(Buffer.alloc(32, 2));
const aad = sensitiveAad('agent1', 'user1', 'ssn');
const B64URL = /^[A-Za-z0-9_-]+$/;

/** Flips one bit in part `index` of an envelope. */
function tamper(envelope: string, index: number): string {
  const parts = envelope.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 1;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('encryption keys', () => {
  it('derives a stable 8-hex-character key id from the material', () => {
    expect(keyA.id).toMatch(/^[0-9a-f]{8}$/);
    expect(encryptionKeyFrom(Buffer.alloc(32, 1)).id).toBe(keyA.id);
    expect(keyB.id).not.toBe(keyA.id);
  });

  it('refuses material that is not 32 bytes', () => {
    expect(() => encryptionKeyFrom(Buffer.alloc(31))).toThrow(/32 bytes/);
    expect(() => encryptionKeyFrom(Buffer.alloc(33))).toThrow(/32 bytes/);
  });
});

describe('keyring', () => {
  const ring = createKeyring(keyA);

  it('seals into v1.<kid>.<iv>.<ciphertext>.<tag>', () => {
    const envelope = ring.seal('123-45-6789', aad);
    const [version, kid, iv, ct, tag, ...rest] = envelope.split('.');
    expect(rest).toEqual([]);
    expect(version).toBe('v1');
    expect(kid).toBe(keyA.id);
    expect(ring.currentKeyId).toBe(keyA.id);
    for (const part of [iv, ct, tag]) expect(part).toMatch(B64URL);
    expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ct!, 'base64url')).toHaveLength(Buffer.byteLength('123-45-6789'));
    expect(envelope).not.toContain('123-45-6789');
  });

  it('uses a fresh IV for every seal of the same value', () => {
    const envelopes = Array.from({ length: 50 }, () => ring.seal('same', aad));
    expect(new Set(envelopes.map((e) => e.split('.')[2])).size).toBe(50);
    expect(new Set(envelopes).size).toBe(50);
  });

  it.each(['', 'plain', 'ünïcødé 日本 😀', 'x'.repeat(4096), JSON.stringify(true)])(
    'opens what it sealed: %#',
    (value) => {
      expect(ring.open(ring.seal(value, aad), aad)).toBe(value);
    },
  );

  it('refuses to open with another AAD (other agent, end user or key)', () => {
    const envelope = ring.seal('secret', aad);
    expect(() => ring.open(envelope, sensitiveAad('agent2', 'user1', 'ssn'))).toThrow();
    expect(() => ring.open(envelope, sensitiveAad('agent1', 'user2', 'ssn'))).toThrow();
    expect(() => ring.open(envelope, sensitiveAad('agent1', 'user1', 'dob'))).toThrow();
    expect(() => ring.open(envelope, '')).toThrow();
  });

  it('refuses a tampered IV, ciphertext or tag', () => {
    const envelope = ring.seal('secret value', aad);
    expect(() => ring.open(tamper(envelope, 2), aad)).toThrow();
    expect(() => ring.open(tamper(envelope, 3), aad)).toThrow();
    expect(() => ring.open(tamper(envelope, 4), aad)).toThrow();
  });

  it('refuses a truncated tag', () => {
    const parts = ring.seal('secret', aad).split('.');
    parts[4] = Buffer.from(parts[4]!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => ring.open(parts.join('.'), aad)).toThrow();
  });

  it('refuses an unknown key id and malformed envelopes', () => {
    const foreign = createKeyring(keyB).seal('secret', aad);
    expect(() => ring.open(foreign, aad)).toThrow(/no encryption key/);
    const renamed = ring.seal('secret', aad).replace(`.${keyA.id}.`, '.deadbeef.');
    expect(() => ring.open(renamed, aad)).toThrow(/no encryption key/);
    expect(() => ring.open('v2' + ring.seal('secret', aad).slice(2), aad)).toThrow();
    expect(() => ring.open('v1.a.b.c', aad)).toThrow();
    expect(() => ring.open('', aad)).toThrow();
  });

  it('opens values sealed with a previous key after rotation, and seals with the new one', () => {
    const old = createKeyring(keyA).seal('before rotation', aad);
    const rotated = createKeyring(keyB, [keyA]);
    expect(rotated.currentKeyId).toBe(keyB.id);
    expect(rotated.open(old, aad)).toBe('before rotation');
    const fresh = rotated.seal('after rotation', aad);
    expect(fresh.split('.')[1]).toBe(keyB.id);
    expect(() => createKeyring(keyA).open(fresh, aad)).toThrow(/no encryption key/);
    expect(() => createKeyring(keyB).open(old, aad)).toThrow(/no encryption key/);
  });
});

describe('API keys', () => {
  it('start with roster_ and carry 32 random bytes', () => {
    const { key } = generateApiKey();
    expect(key).toMatch(/^roster_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice('roster_'.length), 'base64url')).toHaveLength(32);
  });

  it('are different every time', () => {
    const keys = Array.from({ length: 1000 }, () => generateApiKey().key);
    expect(new Set(keys).size).toBe(1000);
  });

  it('are stored as the SHA-256 hex of the whole key', () => {
    const { key, hash } = generateApiKey();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey(key)).toBe(hash);
    expect(hash).not.toContain(key.slice(7));
  });

  it('show a short prefix that does not reveal the secret part', () => {
    const { key, prefix } = generateApiKey();
    expect(prefix).toBe(key.slice(0, 13));
    expect(prefix.startsWith('roster_')).toBe(true);
    expect(keyPrefixOf(key)).toBe(prefix);
    expect(prefix.length).toBeLessThan(key.length / 2);
  });

  it('keep only 4 characters of a key chosen by an operator', () => {
    expect(keyPrefixOf('my-own-key-of-twenty')).toBe('my-o');
    expect(keyPrefixOf('roster_short-but-looks-generated')).toBe('rost');
  });

  it('hash any presented text, so unknown keys simply do not match', () => {
    const random = randomBytes(16).toString('hex');
    expect(hashApiKey(random)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(random)).not.toBe(hashApiKey(random + ' '));
  });
});
