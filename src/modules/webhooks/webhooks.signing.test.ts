// Signing secrets and signatures: the whsec_ form and its bounds, the v1,<base64> signature over
// "{id}.{timestamp}.{body}", acceptance by the stock svix and standardwebhooks verifiers (also
// during a rotation, with two signatures), and secrets sealed to their endpoint at rest.
import { createHmac, randomBytes } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { describe, expect, it } from 'vitest';
import { createKeyring, encryptionKeyFrom } from '../../lib/crypto.js';
import {
  CUSTOM_SECRET_MAX_BYTES,
  CUSTOM_SECRET_MIN_BYTES,
  SECRET_PREFIX,
  generateSigningSecret,
  secretAad,
  sign,
  signatureHeaders,
  signingKeyOf,
} from './webhooks.signing.js';

const secretOf = (bytes: number) => SECRET_PREFIX + randomBytes(bytes).toString('base64');

describe('signing secrets', () => {
  it('generates "whsec_" and the base64 of 24 random bytes, different every time', () => {
    const secrets = Array.from({ length: 50 }, generateSigningSecret);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
      expect(signingKeyOf(secret)).toEqual(Buffer.from(secret.slice(6), 'base64'));
      expect(signingKeyOf(secret)!.length).toBe(24);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it('accepts keys of 24 to 64 bytes and returns the decoded key', () => {
    expect([CUSTOM_SECRET_MIN_BYTES, CUSTOM_SECRET_MAX_BYTES]).toEqual([24, 64]);
    for (const bytes of [24, 25, 32, 48, 63, 64]) {
      const raw = randomBytes(bytes);
      expect(signingKeyOf(SECRET_PREFIX + raw.toString('base64'))).toEqual(raw);
    }
  });

  it.each([
    ['23 bytes', secretOf(23)],
    ['65 bytes', secretOf(65)],
    ['no key at all', 'whsec_'],
    ['no prefix', randomBytes(32).toString('base64')],
    ['an upper-case prefix', `WHSEC_${randomBytes(32).toString('base64')}`],
    ['base64url characters', `whsec_${Buffer.alloc(33, 0xfb).toString('base64url')}`],
    ['missing padding', secretOf(32).replace(/=+$/, '')],
    ['padding in the middle', `whsec_AAAA=AAA${randomBytes(30).toString('base64')}`],
    ['a trailing newline', `${secretOf(32)}\n`],
    ['spaces', `whsec_ ${randomBytes(32).toString('base64')}`],
    ['the empty string', ''],
  ])('refuses a secret with %s', (_name, secret) => {
    expect(signingKeyOf(secret)).toBeNull();
  });
});

describe('signatures', () => {
  const key = Buffer.from('0123456789abcdef0123456789abcdef');

  it('is "v1," and the base64 HMAC-SHA256 of "{id}.{timestamp}.{body}"', () => {
    const body = '{"type":"v1.end_user.created","data":{"é":"ü"}}';
    const signature = sign(key, 'msg_abc', 1_700_000_000, body);
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    const expected = createHmac('sha256', key).update(`msg_abc.1700000000.${body}`, 'utf8').digest('base64');
    expect(signature).toBe(`v1,${expected}`);
    expect(sign(key, 'msg_abc', 1_700_000_001, body)).not.toBe(signature);
    expect(sign(key, 'msg_abd', 1_700_000_000, body)).not.toBe(signature);
    expect(sign(key, 'msg_abc', 1_700_000_000, `${body} `)).not.toBe(signature);
  });

  it('puts the same values under the svix-* and webhook-* names', () => {
    const headers = signatureHeaders([key], 'msg_1', 1_700_000_000, '{}');
    expect(headers).toStrictEqual({
      'svix-id': 'msg_1',
      'svix-timestamp': '1700000000',
      'svix-signature': sign(key, 'msg_1', 1_700_000_000, '{}'),
      'webhook-id': 'msg_1',
      'webhook-timestamp': '1700000000',
      'webhook-signature': sign(key, 'msg_1', 1_700_000_000, '{}'),
    });
  });

  it('is accepted by the stock svix and standardwebhooks verifiers', () => {
    const secret = generateSigningSecret();
    const body = JSON.stringify({ type: 'v1.end_user.updated', timestamp: new Date().toISOString(), data: { id: 1 } });
    const headers = signatureHeaders(
      [signingKeyOf(secret)!],
      'msg_0123456789abcdef01234567',
      Math.floor(Date.now() / 1000),
      body,
    );
    expect(new SvixWebhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new StandardWebhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new SvixWebhook(generateSigningSecret()).verify(body, headers)).toThrow();
    expect(() => new StandardWebhook(secret).verify(`${body} `, headers)).toThrow();
  });

  it('lists one signature per key during a rotation, each secret verifying on its own', () => {
    const current = secretOf(32);
    const previous = generateSigningSecret();
    const body = '{"type":"v1.end_user.created"}';
    const now = Math.floor(Date.now() / 1000);
    const headers = signatureHeaders([signingKeyOf(current)!, signingKeyOf(previous)!], 'msg_rot', now, body);
    const parts = headers['svix-signature']!.split(' ');
    expect(parts).toEqual([
      sign(signingKeyOf(current)!, 'msg_rot', now, body),
      sign(signingKeyOf(previous)!, 'msg_rot', now, body),
    ]);
    for (const secret of [current, previous]) {
      expect(() => new SvixWebhook(secret).verify(body, headers)).not.toThrow();
      expect(() => new StandardWebhook(secret).verify(body, headers)).not.toThrow();
    }
  });
});

describe('secrets at rest', () => {
  const keyring = createKeyring(encryptionKeyFrom(randomBytes(32)));

  it('round-trips through the keyring sealed to its agent and endpoint', () => {
    const secret = generateSigningSecret();
    const aad = secretAad('agent0000000000000000001', 'hook00000000000000000001');
    const envelope = keyring.seal(secret, aad);
    expect(envelope).not.toContain(secret.slice(SECRET_PREFIX.length));
    expect(keyring.open(envelope, aad)).toBe(secret);
    expect(() => keyring.open(envelope, secretAad('agent0000000000000000002', 'hook00000000000000000001'))).toThrow();
    expect(() => keyring.open(envelope, secretAad('agent0000000000000000001', 'hook00000000000000000002'))).toThrow();
  });

  it('binds both ids into distinct associated data', () => {
    expect(new Set([secretAad('a', 'b'), secretAad('b', 'a'), secretAad('a', 'c'), secretAad('ab', '')]).size).toBe(4);
  });
});
