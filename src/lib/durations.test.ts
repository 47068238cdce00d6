import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './durations.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2_000],
    ['5m', 300_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['1h30m', 5_400_000],
    ['1m500ms', 60_500],
    ['0', 0],
    ['0s', 0],
    [' 2s ', 2_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', ' ', '5', 'h', '5x', '-1s', 's5', '5 s', '1h 30m', '2S', 'soon', '1.5.5s'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('keeps no state between calls after a failure', () => {
    expect(parseDuration('5x')).toBeNull();
    expect(parseDuration('5m')).toBe(300_000);
  });
});

describe('formatDuration', () => {
  it.each([
    [500, '500ms'],
    [2_000, '2s'],
    [300_000, '5m'],
    [86_400_000, '1d'],
    [5_400_000, '90m'],
    [1_500, '1500ms'],
  ])('writes %d ms as %j, which reads back', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});
