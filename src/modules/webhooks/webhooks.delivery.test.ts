import { describe, expect, it } from 'vitest';
import { withJitter } from './webhooks.delivery.js';

describe('withJitter', () => {
  it('spreads delays by at most 10 % either way', () => {
    expect(withJitter(10_000, () => 0)).toBe(9_000);
    expect(withJitter(10_000, () => 0.5)).toBe(10_000);
    expect(withJitter(10_000, () => 0.999999)).toBe(11_000);
    for (let i = 0; i < 1_000; i++) {
      const delay = withJitter(300_000);
      expect(delay).toBeGreaterThanOrEqual(270_000);
      expect(delay).toBeLessThanOrEqual(330_000);
    }
    expect(withJitter(0)).toBe(0);
  });
});
