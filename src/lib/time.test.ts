import { describe, expect, it } from 'vitest';
import { toWireTime } from './time.js';

const reference = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

describe('toWireTime', () => {
  it('writes what Date#toISOString writes, with a +00:00 offset', () => {
    const samples = [
      0, 1, 999, 1000, 59_999, 86_399_999, 86_400_000, 951_782_400_000, 1_700_000_000_123, -1, -86_400_001,
    ];
    for (let i = 0; i < 5_000; i++) samples.push(Math.floor(Math.random() * 4_102_444_800_000));
    for (const ms of samples) expect(toWireTime(ms)).toBe(reference(ms));
  });

  it('alternates between days without mixing them up', () => {
    const a = Date.UTC(2026, 11, 1, 23, 59, 59, 999);
    const b = Date.UTC(2024, 1, 29, 0, 0, 0, 7);
    for (let i = 0; i < 3; i++) {
      expect(toWireTime(a)).toBe('2026-12-01T23:59:59.999+00:00');
      expect(toWireTime(b)).toBe('2024-02-29T00:00:00.007+00:00');
    }
  });

  it('falls back to the general form far outside everyday dates', () => {
    expect(toWireTime(253_402_300_800_000)).toBe(reference(253_402_300_800_000));
    expect(toWireTime(-62_167_219_200_001)).toBe(reference(-62_167_219_200_001));
  });
});
