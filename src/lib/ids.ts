// Record ids: 24 lowercase hex characters in the MongoDB ObjectId layout
// (4-byte seconds, 5 random bytes, 3-byte counter), so ids made by one process sort by creation
// time and the cursor pagination order is creation order.
//
// Ids an AI Agent sees are minted per agent (`scope`): each agent gets, in each process, its own
// 5 random bytes and its own counter starting at a random value. With one process-wide counter
// the gap between two of one agent's ids counted every id minted meanwhile for other agents,
// which told a tenant how busy the others were. Per-agent random bytes keep ids of different
// agents as unlikely to collide as ids of different processes.
import { randomBytes, randomInt } from 'node:crypto';

interface Sequence {
  unique: Buffer;
  counter: number;
}

const newSequence = (): Sequence => ({ unique: randomBytes(5), counter: randomInt(0, 0xffffff) });
const PROCESS = newSequence();
/** Bounded: past this many agents the map starts afresh (new random bytes, new counters). */
const SCOPES_MAX = 10_000;
const scopes = new Map<string, Sequence>();

export const ID_PATTERN = /^[0-9a-f]{24}$/;

/** A new id; `scope` (the owning agent's id) gives the agent a sequence of its own. */
export function newId(nowMs: number = Date.now(), scope?: string): string {
  let sequence = PROCESS;
  if (scope !== undefined) {
    let own = scopes.get(scope);
    if (own === undefined) {
      if (scopes.size >= SCOPES_MAX) scopes.clear();
      own = newSequence();
      scopes.set(scope, own);
    }
    sequence = own;
  }
  const buf = Buffer.allocUnsafe(12);
  buf.writeUInt32BE(Math.floor(nowMs / 1000) >>> 0, 0);
  sequence.unique.copy(buf, 4);
  sequence.counter = (sequence.counter + 1) & 0xffffff;
  buf.writeUIntBE(sequence.counter, 9, 3);
  return buf.toString('hex');
}

/** Accepts either hex casing and returns the canonical lowercase id, or null when malformed. */
export function normalizeId(value: string): string | null {
  if (value.length !== 24) return null;
  const lower = value.toLowerCase();
  return ID_PATTERN.test(lower) ? lower : null;
}
