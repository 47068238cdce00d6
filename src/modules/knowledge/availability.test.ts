// How availability rules decide, operator by operator: unset variables, numbers written as text,
// case folding, groups, and the form rules are stored in.
import { describe, expect, it } from 'vitest';
import {
  isAvailable,
  ruleProblems,
  storedRule,
  variablesOf,
  type AvailabilityRule,
  type Condition,
} from './availability.js';
import { variableId, variableValues, type VariableValue } from './variables.js';

const v = (name: string) => ({ id: variableId('metadata', name) });
const values = (metadata: Record<string, VariableValue>) => variableValues({ metadata });
const one = (condition: Omit<Condition, 'variable'> & { on?: string }, metadata: Record<string, VariableValue>) => {
  const { on = 'x', ...rest } = condition;
  return isAvailable({ match: 'all', conditions: [{ variable: v(on), ...rest }] }, values(metadata));
};

describe('availability rules', () => {
  it('lets everyone have an article without a rule', () => {
    expect(isAvailable(null, new Map())).toBe(true);
  });

  it('is_set and is_not_set: a missing variable and an empty string are not set', () => {
    expect(one({ operator: 'is_set' }, { x: 'a' })).toBe(true);
    expect(one({ operator: 'is_set' }, { x: false })).toBe(true);
    expect(one({ operator: 'is_set' }, { x: 0 })).toBe(true);
    expect(one({ operator: 'is_set' }, { x: '' })).toBe(false);
    expect(one({ operator: 'is_set' }, {})).toBe(false);
    expect(one({ operator: 'is_not_set' }, {})).toBe(true);
    expect(one({ operator: 'is_not_set' }, { x: 'a' })).toBe(false);
  });

  it('compares numbers as numbers, numbers written as text included', () => {
    expect(one({ operator: 'equals', value: 5 }, { x: '5.0' })).toBe(true);
    expect(one({ operator: 'equals', value: '10' }, { x: 10 })).toBe(true);
    expect(one({ operator: 'greater_than', value: 9 }, { x: '10' })).toBe(true);
    expect(one({ operator: 'greater_than', value: 10 }, { x: 10 })).toBe(false);
    expect(one({ operator: 'less_than', value: 2.5 }, { x: -1 })).toBe(true);
    expect(one({ operator: 'less_than', value: 'abc' }, { x: 1 })).toBe(false);
    expect(one({ operator: 'greater_than', value: 1 }, { x: 'many' })).toBe(false);
    expect(one({ operator: 'does_not_equal', value: 3 }, { x: '3' })).toBe(false);
  });

  it('compares text without regard to case unless case_sensitive', () => {
    expect(one({ operator: 'equals', value: 'Gold' }, { x: 'GOLD' })).toBe(true);
    expect(one({ operator: 'equals', value: 'Gold', case_sensitive: true }, { x: 'GOLD' })).toBe(false);
    expect(one({ operator: 'starts_with', value: 'EN' }, { x: 'en-US' })).toBe(true);
    expect(one({ operator: 'ends_with', value: '@Acme.com' }, { x: 'a@acme.com' })).toBe(true);
    expect(one({ operator: 'contains', value: 'cme', case_sensitive: true }, { x: 'a@ACME.com' })).toBe(false);
    expect(one({ operator: 'does_not_contain', value: 'test' }, { x: 'Production' })).toBe(true);
    expect(one({ operator: 'equals', value: true }, { x: true })).toBe(true);
    expect(one({ operator: 'equals', value: 'TRUE' }, { x: true })).toBe(true);
    expect(one({ operator: 'equals', value: false }, { x: true })).toBe(false);
  });

  it('treats an unset variable as equal to nothing and containing nothing', () => {
    for (const operator of ['equals', 'greater_than', 'less_than', 'starts_with', 'ends_with', 'contains'] as const)
      expect(one({ operator, value: '' }, {}), operator).toBe(false);
    expect(one({ operator: 'does_not_equal', value: 'a' }, {})).toBe(true);
    expect(one({ operator: 'does_not_contain', value: 'a' }, {})).toBe(true);
  });

  it('combines conditions and groups with all and any', () => {
    const rule: AvailabilityRule = {
      match: 'any',
      conditions: [
        { variable: v('vip'), operator: 'equals', value: true },
        {
          match: 'all',
          conditions: [
            { variable: v('plan'), operator: 'equals', value: 'gold' },
            { variable: v('seats'), operator: 'greater_than', value: 10 },
          ],
        },
      ],
    };
    expect(isAvailable(rule, values({ vip: true }))).toBe(true);
    expect(isAvailable(rule, values({ plan: 'gold', seats: 11 }))).toBe(true);
    expect(isAvailable(rule, values({ plan: 'gold', seats: 10 }))).toBe(false);
    expect(isAvailable({ ...rule, match: 'all' }, values({ vip: true, plan: 'gold', seats: 11 }))).toBe(true);
    expect(isAvailable({ ...rule, match: 'all' }, values({ plan: 'gold', seats: 11 }))).toBe(false);
    expect(variablesOf(rule)).toEqual([v('vip').id, v('plan').id, v('seats').id]);
  });

  it('reads profile fields, and metadata keys other than the reserved profile names', () => {
    const profile = {
      first_name: 'Ana',
      email: null,
      metadata: { email: 'shadow@example.com', plan: 'gold', nested: {} },
    };
    const map = variableValues(profile);
    expect(map.get(variableId('profile', 'first_name'))).toBe('Ana');
    expect(map.has(variableId('profile', 'email'))).toBe(false);
    expect(map.has(variableId('metadata', 'email'))).toBe(false);
    expect(map.get(variableId('metadata', 'plan'))).toBe('gold');
    expect(map.has(variableId('metadata', 'nested'))).toBe(false);
  });

  it('stores only the known fields, and case_sensitive only when true', () => {
    const rule = {
      match: 'all',
      conditions: [
        { variable: { id: 'a', extra: 1 }, operator: 'is_set', case_sensitive: false },
        { match: 'any', conditions: [{ variable: { id: 'b' }, operator: 'equals', value: 0, case_sensitive: true }] },
      ],
    } as unknown as AvailabilityRule;
    expect(storedRule(rule)).toEqual({
      match: 'all',
      conditions: [
        { variable: { id: 'a' }, operator: 'is_set' },
        { match: 'any', conditions: [{ variable: { id: 'b' }, operator: 'equals', value: 0, case_sensitive: true }] },
      ],
    });
    expect(ruleProblems(rule, '$', () => true)).toEqual([]);
    expect(ruleProblems(rule, '$', (id) => id === 'a').map((p) => p.parameter)).toEqual([
      '$.conditions[1].conditions[0].variable.id',
    ]);
  });
});
