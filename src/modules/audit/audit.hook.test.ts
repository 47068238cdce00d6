// The audit diff: changed fields only on an update, every field on a creation or deletion, and
// sensitive fields named without a value on either side.
import { describe, expect, it } from 'vitest';
import { diffOf } from './audit.hook.js';

describe('audit diff', () => {
  it('lists only the fields that changed, in name order, with both values', () => {
    expect(
      diffOf({ before: { b: 1, a: 'x', same: [1, { k: 2 }] }, after: { a: 'y', b: 1, same: [1, { k: 2 }], c: null } }),
    ).toEqual([{ field: 'a', before: 'x', after: 'y' }]);
    expect(diffOf({ before: { a: 1 }, after: { a: 1, b: 2 } })).toEqual([{ field: 'b', before: null, after: 2 }]);
  });

  it('lists every field of a creation or a deletion', () => {
    expect(diffOf({ before: null, after: { name: 'n', on: false } })).toEqual([
      { field: 'name', before: null, after: 'n' },
      { field: 'on', before: null, after: false },
    ]);
    expect(diffOf({ before: { name: 'n' }, after: null })).toEqual([{ field: 'name', before: 'n', after: null }]);
  });

  it('names a sensitive field that changed, never its values', () => {
    const diff = diffOf({
      before: { secret: 'whsec_old', url: 'u' },
      after: { secret: 'whsec_new', url: 'u' },
      sensitive: ['secret'],
    });
    expect(diff).toEqual([{ field: 'secret', sensitive: true }]);
    expect(JSON.stringify(diff)).not.toMatch(/whsec/);
    expect(diffOf({ before: { secret: 's' }, after: { secret: 's' }, sensitive: ['secret'] })).toEqual([]);
    expect(diffOf({ before: null, after: { configuration: { token: 't' } }, sensitive: ['configuration'] })).toEqual([
      { field: 'configuration', sensitive: true },
    ]);
  });
});
