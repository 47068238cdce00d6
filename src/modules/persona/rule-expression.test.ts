// The rule-expression language of custom instructions: what parses, what does not (and where),
// and how rules evaluate against an end user's variables.
import { describe, expect, it } from 'vitest';
import { evaluateRule, parseRule, variablesOfRule, type Value } from './rule-expression.js';

const holds = (source: string, values: Record<string, Value>) =>
  evaluateRule(parseRule(source), new Map(Object.entries(values)));

describe('rule expressions', () => {
  it('parses tests, connectives, negation and parentheses with "and" binding tighter than "or"', () => {
    expect(parseRule('v("plan") == "gold"')).toEqual({ kind: 'compare', variable: 'plan', op: '==', value: 'gold' });
    expect(parseRule('v("a") is set or v("b") is not set and not v("c") > -1.5')).toEqual({
      kind: 'or',
      left: { kind: 'set', variable: 'a', negated: false },
      right: {
        kind: 'and',
        left: { kind: 'set', variable: 'b', negated: true },
        right: { kind: 'not', rule: { kind: 'compare', variable: 'c', op: '>', value: -1.5 } },
      },
    });
    expect(parseRule('(v("a") == true) and v("say \\"hi\\"") contains "x\\\\y"')).toMatchObject({
      kind: 'and',
      right: { variable: 'say "hi"', value: 'x\\y' },
    });
    expect(variablesOfRule(parseRule('v("a") == 1 and (v("b") is set or v("a") != 2)'))).toEqual(['a', 'b']);
  });

  it('refuses what does not parse, naming the position', () => {
    const bad: Array<[string, RegExp]> = [
      ['', /expected v\("name"\) but found the end at character 1/],
      ['v("plan")', /expected a comparison .* but found the end at character 10/],
      ['v("plan") = "gold"', /unexpected "=" at character 11/],
      ['v(plan) == "x"', /variable name in double quotes but found "plan" at character 3/],
      ['v("") is set', /cannot be empty/],
      ['v("a") == "x', /unterminated string at character 11/],
      ['v("a") == "x" v("b") is set', /expected "and", "or" or the end but found "v" at character 15/],
      ['(v("a") is set', /expected "\)" but found the end/],
      ['v("a") == gold', /expected a string, a number, true or false but found "gold"/],
      ['v("a") is "x"', /expected "set"/],
      ['v("a") == "\\n"', /only \\" and \\\\ may be escaped/],
      ['v("a") AND v("b") is set', /expected a comparison/],
      ['v("a") is set &&', /unexpected "&"/],
      [`${'not '.repeat(40)}v("a") is set`, /nest at most 32 deep/],
      [Array.from({ length: 101 }, () => 'v("a") is set').join(' or '), /at most 100 tests/],
    ];
    for (const [source, message] of bad) expect(() => parseRule(source), source).toThrow(message);
  });

  it('evaluates like knowledge availability rules: case-insensitive text, numbers as numbers, unset matches nothing', () => {
    expect(holds('v("plan") == "GOLD"', { plan: 'gold' })).toBe(true);
    expect(holds('v("n") > 9', { n: '10' })).toBe(true);
    expect(holds('v("n") == 10', { n: '10.0' })).toBe(true);
    expect(holds('v("n") > "abc"', { n: 'abd' })).toBe(false);
    expect(holds('v("missing") == "x"', {})).toBe(false);
    expect(holds('v("missing") != "x"', {})).toBe(true);
    expect(holds('v("missing") contains ""', {})).toBe(false);
    expect(holds('v("e") is set', { e: '' })).toBe(false);
    expect(holds('v("e") is not set', {})).toBe(true);
    expect(
      holds('v("email") ends_with "@acme.com" and not v("vip") == true', { email: 'A@ACME.com', vip: false }),
    ).toBe(true);
    expect(holds('v("lang") starts_with "en" or v("lang") starts_with "fr"', { lang: 'fr-CA' })).toBe(true);
    expect(holds('v("a") <= 2 and v("a") >= 2 and v("a") < 3', { a: 2 })).toBe(true);
  });
});
