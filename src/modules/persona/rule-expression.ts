// Availability rules of custom instructions: a small expression language over the end user's
// variables, parsed here into a tree that is stored as the text it came from and evaluated when a
// responder is asked. Hand-written (a recursive-descent parser of one page) because the grammar
// is Roster's own and its error messages must name the position that does not parse.
//
//   rule        := or
//   or          := and { "or" and }
//   and         := not { "and" not }
//   not         := "not" not | primary
//   primary     := "(" rule ")" | test
//   test        := variable comparison value
//                | variable "is" [ "not" ] "set"
//   variable    := "v" "(" string ")"
//   comparison  := "==" | "!=" | ">" | ">=" | "<" | "<=" | "contains" | "starts_with" | "ends_with"
//   value       := string | number | "true" | "false"
//   string      := '"' { any character but '"' and '\', or '\"' or '\\' } '"'
//   number      := [ "-" ] digits [ "." digits ]
//
// Keywords are lower case. Text comparisons ignore case; when both sides read as numbers, they
// compare as numbers. A variable the end user does not have is unset: it equals nothing,
// contains nothing, and is not greater or less than anything.

export type Value = string | number | boolean;
export type Comparison = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'contains' | 'starts_with' | 'ends_with';

export type Rule =
  | { kind: 'or' | 'and'; left: Rule; right: Rule }
  | { kind: 'not'; rule: Rule }
  | { kind: 'compare'; variable: string; op: Comparison; value: Value }
  | { kind: 'set'; variable: string; negated: boolean };

export const RULE_MAX_LENGTH = 5_000;
const MAX_DEPTH = 32;
const MAX_TESTS = 100;

export class RuleSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at character ${position + 1}`);
  }
}

type Token =
  | { type: 'word'; text: string; at: number }
  | { type: 'string'; text: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: 'symbol'; text: string; at: number }
  | { type: 'end'; at: number };

const SYMBOLS = ['==', '!=', '>=', '<=', '>', '<', '(', ')', ','];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= source.length) throw new RuleSyntaxError('unterminated string', i);
        const d = source[j] as string;
        if (d === '"') break;
        if (d === '\\') {
          const next = source[j + 1];
          if (next !== '"' && next !== '\\') throw new RuleSyntaxError('only \\" and \\\\ may be escaped', j);
          text += next;
          j += 2;
          continue;
        }
        text += d;
        j++;
      }
      tokens.push({ type: 'string', text, at: i });
      i = j + 1;
      continue;
    }
    const number = /^-?[0-9]+(\.[0-9]+)?/.exec(source.slice(i));
    if (number) {
      tokens.push({ type: 'number', value: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (word) {
      tokens.push({ type: 'word', text: word[0], at: i });
      i += word[0].length;
      continue;
    }
    const symbol = SYMBOLS.find((s) => source.startsWith(s, i));
    if (!symbol) throw new RuleSyntaxError(`unexpected "${c}"`, i);
    tokens.push({ type: 'symbol', text: symbol, at: i });
    i += symbol.length;
  }
  tokens.push({ type: 'end', at: source.length });
  return tokens;
}

const COMPARISONS = new Set<string>(['==', '!=', '>', '>=', '<', '<=', 'contains', 'starts_with', 'ends_with']);

/** Parses a rule; throws RuleSyntaxError naming the first position that does not fit the grammar. */
export function parseRule(source: string): Rule {
  const tokens = tokenize(source);
  let pos = 0;
  let tests = 0;
  const peek = () => tokens[pos] as Token;
  const describe = (t: Token) =>
    t.type === 'end'
      ? 'the end'
      : t.type === 'number'
        ? String(t.value)
        : t.type === 'string'
          ? `"${t.text}"`
          : `"${t.text}"`;
  const isWord = (t: Token, text: string) => t.type === 'word' && t.text === text;
  const isSymbol = (t: Token, text: string) => t.type === 'symbol' && t.text === text;
  const expect = (ok: boolean, what: string) => {
    if (!ok) throw new RuleSyntaxError(`expected ${what} but found ${describe(peek())}`, peek().at);
    pos++;
  };

  function variable(): string {
    expect(isWord(peek(), 'v'), 'v("name")');
    expect(isSymbol(peek(), '('), '"(" after v');
    const name = peek();
    expect(name.type === 'string', 'a variable name in double quotes');
    expect(isSymbol(peek(), ')'), '")"');
    const text = (name as { text: string }).text;
    if (text.length === 0) throw new RuleSyntaxError('a variable name cannot be empty', name.at);
    return text;
  }

  function value(): Value {
    const t = peek();
    if (t.type === 'string') return (pos++, t.text);
    if (t.type === 'number') return (pos++, t.value);
    if (isWord(t, 'true') || isWord(t, 'false')) return (pos++, (t as { text: string }).text === 'true');
    throw new RuleSyntaxError(`expected a string, a number, true or false but found ${describe(t)}`, t.at);
  }

  function test(): Rule {
    if (++tests > MAX_TESTS) throw new RuleSyntaxError(`a rule may hold at most ${MAX_TESTS} tests`, peek().at);
    const name = variable();
    const t = peek();
    if (isWord(t, 'is')) {
      pos++;
      const negated = isWord(peek(), 'not');
      if (negated) pos++;
      expect(isWord(peek(), 'set'), '"set"');
      return { kind: 'set', variable: name, negated };
    }
    const op = t.type === 'symbol' || t.type === 'word' ? t.text : '';
    if (!COMPARISONS.has(op))
      throw new RuleSyntaxError(
        `expected a comparison (==, !=, >, >=, <, <=, contains, starts_with, ends_with) or "is set" but found ${describe(t)}`,
        t.at,
      );
    pos++;
    return { kind: 'compare', variable: name, op: op as Comparison, value: value() };
  }

  function primary(depth: number): Rule {
    if (isSymbol(peek(), '(')) {
      pos++;
      const inner = or(depth + 1);
      expect(isSymbol(peek(), ')'), '")"');
      return inner;
    }
    return test();
  }

  function not(depth: number): Rule {
    if (depth > MAX_DEPTH) throw new RuleSyntaxError(`a rule may nest at most ${MAX_DEPTH} deep`, peek().at);
    if (isWord(peek(), 'not')) {
      pos++;
      return { kind: 'not', rule: not(depth + 1) };
    }
    return primary(depth);
  }

  function and(depth: number): Rule {
    let left = not(depth);
    while (isWord(peek(), 'and')) {
      pos++;
      left = { kind: 'and', left, right: not(depth) };
    }
    return left;
  }

  function or(depth: number): Rule {
    let left = and(depth);
    while (isWord(peek(), 'or')) {
      pos++;
      left = { kind: 'or', left, right: and(depth) };
    }
    return left;
  }

  const rule = or(0);
  if (peek().type !== 'end')
    throw new RuleSyntaxError(`expected "and", "or" or the end but found ${describe(peek())}`, peek().at);
  return rule;
}

/** The variable names a rule reads, each once. */
export function variablesOfRule(rule: Rule): string[] {
  const names = new Set<string>();
  const walk = (r: Rule): void => {
    switch (r.kind) {
      case 'or':
      case 'and':
        walk(r.left);
        walk(r.right);
        return;
      case 'not':
        walk(r.rule);
        return;
      default:
        names.add(r.variable);
    }
  };
  walk(rule);
  return [...names];
}

const asNumber = (v: Value): number | null => {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?[0-9]+(\.[0-9]+)?\s*$/.test(v)) return Number(v);
  return null;
};

function compare(actual: Value | undefined, op: Comparison, expected: Value): boolean {
  if (actual === undefined || actual === '') return op === '!=';
  const a = asNumber(actual);
  const b = asNumber(expected);
  if (op === '>' || op === '>=' || op === '<' || op === '<=') {
    if (a === null || b === null) return false;
    return op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;
  }
  const left = String(actual).toLowerCase();
  const right = String(expected).toLowerCase();
  switch (op) {
    case '==':
      return a !== null && b !== null ? a === b : left === right;
    case '!=':
      return a !== null && b !== null ? a !== b : left !== right;
    case 'contains':
      return left.includes(right);
    case 'starts_with':
      return left.startsWith(right);
    case 'ends_with':
      return left.endsWith(right);
  }
}

/** Whether the rule holds for an end user whose variables have these values, by name. */
export function evaluateRule(rule: Rule, values: ReadonlyMap<string, Value>): boolean {
  switch (rule.kind) {
    case 'or':
      return evaluateRule(rule.left, values) || evaluateRule(rule.right, values);
    case 'and':
      return evaluateRule(rule.left, values) && evaluateRule(rule.right, values);
    case 'not':
      return !evaluateRule(rule.rule, values);
    case 'set': {
      const value = values.get(rule.variable);
      const isSet = value !== undefined && value !== '';
      return rule.negated ? !isSet : isSet;
    }
    case 'compare':
      return compare(values.get(rule.variable), rule.op, rule.value);
  }
}
