// Record ids: 24 lowercase hex characters in the MongoDB ObjectId layout
// (4-byte seconds, 5 random bytes fixed per process, 3-byte counter), so ids made by one
// process sort by creation time and the cursor pagination order is creation order.
import { randomBytes, randomInt } from 'node:crypto';

const PROCESS_UNIQUE = randomBytes(5);
let counter = randomInt(0, 0xffffff);

export const ID_PATTERN = /^[0-9a-f]{24}$/;

export function newId(nowMs: number = Date.now()): string {
  const buf = Buffer.allocUnsafe(12);
  buf.writeUInt32BE(Math.floor(nowMs / 1000) >>> 0, 0);
  PROCESS_UNIQUE.copy(buf, 4);
  counter = (counter + 1) & 0xffffff;
  buf.writeUIntBE(counter, 9, 3);
  return buf.toString('hex');
}

/** Accepts either hex casing and returns the canonical lowercase id, or null when malformed. */
export function normalizeId(value: string): string | null {
  if (value.length !== 24) return null;
  const lower = value.toLowerCase();
  return ID_PATTERN.test(lower) ? lower : null;
}
