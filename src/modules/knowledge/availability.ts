// Availability rules: which end users an article is for. A rule is a tree of two levels at most:
// `match` ("all" or "any") over conditions and condition groups, each group holding conditions
// only. The request schema checks the shape; this file checks what a schema cannot say well
// (unary operators take no value, the others need one, at most 1,000 conditions, variables that
// exist), gives the form a rule is stored and returned in, and evaluates a rule for an end user.
import type { ValidationDetail } from '../../lib/errors.js';
import type { VariableValue } from './variables.js';

export const OPERATORS = [
  'equals',
  'does_not_equal',
  'greater_than',
  'less_than',
  'starts_with',
  'ends_with',
  'contains',
  'does_not_contain',
  'is_set',
  'is_not_set',
] as const;
export type Operator = (typeof OPERATORS)[number];
const UNARY = new Set<Operator>(['is_set', 'is_not_set']);

export const MAX_CONDITIONS = 1_000;

export interface Condition {
  variable: { id: string };
  operator: Operator;
  value?: string | number | boolean;
  case_sensitive?: boolean;
}

export interface ConditionGroup {
  match: 'all' | 'any';
  conditions: Condition[];
}

export interface AvailabilityRule {
  match: 'all' | 'any';
  conditions: Array<Condition | ConditionGroup>;
}

const isGroup = (item: Condition | ConditionGroup): item is ConditionGroup => 'match' in item;

/** Every condition of a rule with its JSON path below `path`. */
function conditionsOf(rule: AvailabilityRule, path: string): Array<{ condition: Condition; path: string }> {
  const out: Array<{ condition: Condition; path: string }> = [];
  rule.conditions.forEach((item, i) => {
    const at = `${path}.conditions[${i}]`;
    if (isGroup(item))
      item.conditions.forEach((condition, j) => out.push({ condition, path: `${at}.conditions[${j}]` }));
    else out.push({ condition: item, path: at });
  });
  return out;
}

/** The variable ids a rule names. */
export function variablesOf(rule: AvailabilityRule): string[] {
  return [...new Set(conditionsOf(rule, '$').map(({ condition }) => condition.variable.id))];
}

/**
 * What is wrong with a rule beyond its shape; `known` says whether a variable id exists. Empty
 * when the rule is fine.
 */
export function ruleProblems(rule: AvailabilityRule, path: string, known: (id: string) => boolean): ValidationDetail[] {
  const problems: ValidationDetail[] = [];
  const all = conditionsOf(rule, path);
  if (all.length > MAX_CONDITIONS) {
    problems.push({
      parameter: path,
      location: 'body',
      message: `has ${all.length.toLocaleString('en-US')} conditions; a rule may have at most ${MAX_CONDITIONS.toLocaleString('en-US')}, counting those inside groups`,
    });
    return problems;
  }
  for (const { condition, path: at } of all) {
    const unary = UNARY.has(condition.operator);
    if (unary && condition.value !== undefined) {
      problems.push({
        parameter: `${at}.value`,
        location: 'body',
        message: `must be left out: ${condition.operator} takes no value`,
      });
    } else if (!unary && condition.value === undefined) {
      problems.push({ parameter: `${at}.value`, location: 'body', message: `is required with ${condition.operator}` });
    }
    if (!known(condition.variable.id)) {
      problems.push({
        parameter: `${at}.variable.id`,
        location: 'body',
        message: `names no variable of this AI Agent ("${condition.variable.id}"); GET /api/v2/variables/ lists them`,
      });
    }
  }
  return problems;
}

function storedCondition(condition: Condition): Condition {
  const out: Condition = { variable: { id: condition.variable.id }, operator: condition.operator };
  if (condition.value !== undefined) out.value = condition.value;
  // false is the default and is left out, as Ada's responses do.
  if (condition.case_sensitive === true) out.case_sensitive = true;
  return out;
}

/** The rule as it is stored and returned: only the known fields, case_sensitive only when true. */
export function storedRule(rule: AvailabilityRule): AvailabilityRule {
  return {
    match: rule.match,
    conditions: rule.conditions.map((item) =>
      isGroup(item) ? { match: item.match, conditions: item.conditions.map(storedCondition) } : storedCondition(item),
    ),
  };
}

// --- evaluation ----------------------------------------------------------------------------

const NUMBER = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

function asNumber(value: VariableValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && NUMBER.test(value)) return Number(value);
  return null;
}

const isSet = (value: VariableValue | undefined): value is VariableValue => value !== undefined && value !== '';

function holds(condition: Condition, values: ReadonlyMap<string, VariableValue>): boolean {
  const actual = values.get(condition.variable.id);
  const { operator } = condition;
  if (operator === 'is_set') return isSet(actual);
  if (operator === 'is_not_set') return !isSet(actual);
  const expected = condition.value as VariableValue;
  // An unset variable equals nothing and contains nothing.
  if (!isSet(actual)) return operator === 'does_not_equal' || operator === 'does_not_contain';
  const a = asNumber(actual);
  const b = asNumber(expected);
  if (operator === 'greater_than') return a !== null && b !== null && a > b;
  if (operator === 'less_than') return a !== null && b !== null && a < b;
  const fold = (v: VariableValue) => (condition.case_sensitive ? String(v) : String(v).toLowerCase());
  const left = fold(actual);
  const right = fold(expected);
  switch (operator) {
    case 'equals':
      return a !== null && b !== null ? a === b : left === right;
    case 'does_not_equal':
      return a !== null && b !== null ? a !== b : left !== right;
    case 'starts_with':
      return left.startsWith(right);
    case 'ends_with':
      return left.endsWith(right);
    case 'contains':
      return left.includes(right);
    case 'does_not_contain':
      return !left.includes(right);
  }
}

function combine<T>(match: 'all' | 'any', items: T[], test: (item: T) => boolean): boolean {
  return match === 'all' ? items.every(test) : items.some(test);
}

/** Whether an end user with these variable values may be given an article with this rule (none: everyone). */
export function isAvailable(rule: AvailabilityRule | null, values: ReadonlyMap<string, VariableValue>): boolean {
  if (rule === null) return true;
  return combine(rule.match, rule.conditions, (item) =>
    isGroup(item) ? combine(item.match, item.conditions, (c) => holds(c, values)) : holds(item, values),
  );
}
