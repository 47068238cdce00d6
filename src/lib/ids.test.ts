import { describe, expect, it } from 'vitest';
import { ID_PATTERN, newId, normalizeId } from './ids.js';

const processBytes = (id: string) => id.slice(8, 18);
const counterOf = (id: string) => Number.parseInt(id.slice(18), 16);

describe('newId', () => {
  it('is 24 lowercase hex characters', () => {
    for (let i = 0; i < 50; i++) expect(newId()).toMatch(/^[0-9a-f]{24}$/);
    expect(ID_PATTERN.test(newId())).toBe(true);
  });

  it('puts the creation time in whole seconds into the first 4 bytes', () => {
    const at = Date.UTC(2026, 10, 27, 3, 30, 21, 999);
    const id = newId(at);
    expect(Number.parseInt(id.slice(0, 8), 16)).toBe(Math.floor(at / 1000));
    expect(id.slice(0, 8)).toBe((Math.floor(at / 1000) >>> 0).toString(16).padStart(8, '0'));
  });

  it('uses the same 5 process bytes for every id of this process', () => {
    const ids = Array.from({ length: 20 }, (_, i) => newId(1_700_000_000_000 + i * 1000));
    expect(new Set(ids.map(processBytes)).size).toBe(1);
  });

  it('increments the 3-byte counter by one per id', () => {
    const ids = Array.from({ length: 10 }, () => newId(1_700_000_000_000));
    for (let i = 1; i < ids.length; i++) {
      expect(counterOf(ids[i]!)).toBe((counterOf(ids[i - 1]!) + 1) & 0xffffff);
    }
  });

  it('never repeats itself', () => {
    const ids = Array.from({ length: 10_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('makes ids that sort by creation across seconds', () => {
    const start = 1_700_000_000_000;
    const ids = Array.from({ length: 100 }, (_, i) => newId(start + i * 1_000));
    expect([...ids].sort()).toEqual(ids);
  });

  it('makes ids that sort by creation within one second unless the counter wraps', () => {
    const ids = Array.from({ length: 100 }, () => newId(1_700_000_000_000));
    const wrapped = ids.some((id, i) => i > 0 && counterOf(id) < counterOf(ids[i - 1]!));
    // The counter starts at a random value; a wrap inside this run has odds of about 1 in 170,000.
    if (!wrapped) expect([...ids].sort()).toEqual(ids);
  });
});

describe('newId per agent', () => {
  it("gives one agent's ids consecutive counters however many ids other agents mint meanwhile", () => {
    const mine: string[] = [];
    for (let i = 0; i < 20; i++) {
      mine.push(newId(1_700_000_000_000, 'agent-a'));
      for (let j = 0; j < 1 + i * 7; j++) newId(1_700_000_000_000, 'agent-b');
      newId(1_700_000_000_000);
    }
    for (let i = 1; i < mine.length; i++) {
      expect(counterOf(mine[i]!)).toBe((counterOf(mine[i - 1]!) + 1) & 0xffffff);
    }
  });

  it('gives each agent its own random bytes and random starting counter, still 24 hex characters', () => {
    const a = newId(1_700_000_000_000, 'agent-c');
    const b = newId(1_700_000_000_000, 'agent-d');
    const plain = newId(1_700_000_000_000);
    for (const id of [a, b, plain]) expect(id).toMatch(ID_PATTERN);
    expect(new Set([processBytes(a), processBytes(b), processBytes(plain)]).size).toBe(3);
    expect(processBytes(newId(1_700_000_000_000, 'agent-c'))).toBe(processBytes(a));
  });
});

describe('normalizeId', () => {
  const id = 'a1b2c3d4e5f60718293a4b5c';

  it('returns a lowercase id unchanged', () => {
    expect(normalizeId(id)).toBe(id);
  });

  it('accepts upper and mixed case and returns lower case', () => {
    expect(normalizeId(id.toUpperCase())).toBe(id);
    expect(normalizeId('A1b2C3d4E5f60718293A4b5C')).toBe(id);
  });

  it('rejects 23 and 25 characters', () => {
    expect(normalizeId(id.slice(0, 23))).toBeNull();
    expect(normalizeId(id + '0')).toBeNull();
    expect(normalizeId('')).toBeNull();
  });

  it('rejects non-hex characters', () => {
    expect(normalizeId('g1b2c3d4e5f60718293a4b5c')).toBeNull();
    expect(normalizeId('a1b2c3d4e5f60718293a4b5 ')).toBeNull();
    expect(normalizeId('a1b2c3d4-5f60718293a4b5c')).toBeNull();
    expect(normalizeId('ａ1b2c3d4e5f60718293a4b5c')).toBeNull();
  });
});
