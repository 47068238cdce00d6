// Signing secrets and signatures in the Svix / Standard Webhooks scheme, so stock verifiers
// accept Roster's deliveries: the secret is "whsec_" + base64 of the HMAC key, and each signature
// is "v1," + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")). Written here because it is a
// few lines of node:crypto; the svix and standardwebhooks packages check it in the tests.
import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 24;
export const CUSTOM_SECRET_MIN_BYTES = 24;
export const CUSTOM_SECRET_MAX_BYTES = 64;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/**
 * The HMAC key of a secret, or null when the text is not "whsec_" followed by the standard
 * base64 of 24 to 64 bytes (the form the Svix and Standard Webhooks libraries read).
 */
export function signingKeyOf(secret: string): Buffer | null {
  if (!secret.startsWith(SECRET_PREFIX)) return null;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) return null;
  const key = Buffer.from(encoded, 'base64');
  if (key.length < CUSTOM_SECRET_MIN_BYTES || key.length > CUSTOM_SECRET_MAX_BYTES) return null;
  return key;
}

/** Fewer distinct byte values than this and a key is refused as guessable. */
export const SIGNING_KEY_MIN_DISTINCT_BYTES = 16;

/**
 * True for a key that cannot carry 128 bits of entropy: all zero bytes, one byte repeated, or a
 * short pattern. A simple count of distinct byte values; 24 random bytes have fewer than 16
 * distinct values with odds far below one in a billion.
 */
export function isWeakSigningKey(key: Buffer): boolean {
  return new Set(key).size < SIGNING_KEY_MIN_DISTINCT_BYTES;
}

export function sign(key: Buffer, messageId: string, timestampSeconds: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${messageId}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/**
 * The signature headers of one delivery, under both names: svix-* for Svix libraries,
 * webhook-* for Standard Webhooks ones. During a rotation's grace period `keys` holds the new
 * and the previous key, and the signature header lists one signature per key.
 */
export function signatureHeaders(
  keys: Buffer[],
  messageId: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  const signature = keys.map((key) => sign(key, messageId, timestampSeconds, body)).join(' ');
  const timestamp = String(timestampSeconds);
  return {
    'svix-id': messageId,
    'svix-timestamp': timestamp,
    'svix-signature': signature,
    'webhook-id': messageId,
    'webhook-timestamp': timestamp,
    'webhook-signature': signature,
  };
}

/** Associated data sealing an endpoint's secret to its agent and endpoint (see lib/crypto). */
export function secretAad(agentId: string, webhookId: string): string {
  return `webhook-secret:${agentId}:${webhookId}`;
}
