import { describe, expect, it } from 'vitest';
import { retrying } from './retry.js';

describe('retrying', () => {
  it('returns the first success, after as many failures as there are delays', async () => {
    let calls = 0;
    const result = await retrying(async () => {
      if (++calls < 3) throw new Error(`failure ${calls}`);
      return 'done';
    }, [1, 1]);
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('throws the last error once the delays are used up', async () => {
    let calls = 0;
    await expect(
      retrying(async () => {
        throw new Error(`failure ${++calls}`);
      }, [1, 1]),
    ).rejects.toThrow('failure 3');
    expect(calls).toBe(3);
  });

  it('tries once with no delays', async () => {
    let calls = 0;
    await expect(retrying(async () => Promise.reject(new Error(`x${++calls}`)), [])).rejects.toThrow('x1');
    expect(calls).toBe(1);
  });
});
