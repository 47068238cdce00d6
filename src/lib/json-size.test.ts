import { describe, expect, it } from 'vitest';
import { jsonByteSize } from './json-size.js';

describe('jsonByteSize', () => {
  it('counts the compact JSON text, without spaces', () => {
    expect(jsonByteSize({ a: 1, b: 'x' })).toBe('{"a":1,"b":"x"}'.length);
    expect(jsonByteSize({})).toBe(2);
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(jsonByteSize({ k: 'é' })).toBe('{"k":""}'.length + 2);
    expect(jsonByteSize({ k: '日本' })).toBe('{"k":""}'.length + 6);
    expect(jsonByteSize({ k: '😀' })).toBe('{"k":""}'.length + 4);
    expect(jsonByteSize({ ключ: true })).toBe('{"":true}'.length + 8);
  });

  it('counts escapes as they appear in the JSON text', () => {
    expect(jsonByteSize({ k: 'a"b' })).toBe('{"k":"a\\"b"}'.length);
    expect(jsonByteSize({ k: '\n' })).toBe('{"k":"\\n"}'.length);
  });

  it('reaches exactly 10,240 bytes when the text does', () => {
    const value = { k: 'é'.repeat((10_240 - 8) / 2) };
    expect(jsonByteSize(value)).toBe(10_240);
  });
});
