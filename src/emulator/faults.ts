// Fault injection: rules that make the next N matching requests to Roster's API, or webhook
// deliveries to matching endpoint URLs, fail as Ada or a receiver might: an error status (429 and
// 503 with Retry-After, 500, any 4xx or 5xx), a delay, or a dropped connection. Rules are matched
// in the order they were added; each match uses up one of the rule's `times`, and a rule is gone
// once used up. Paths and URLs are globs (picomatch): `*` stays within one path segment, `**`
// crosses them.
import { randomBytes } from 'node:crypto';
import picomatch from 'picomatch';

export interface FaultInput {
  /** HTTP method of API requests the rule applies to (default any). Not with `webhook`. */
  method?: string;
  /** Path glob of API requests, such as /api/v2/end-users/* (the query string is not matched). */
  path?: string;
  /** URL glob of webhook endpoints whose deliveries the rule applies to, such as roster-inbox://orders. */
  webhook?: string;
  /** Answer with this status (400 to 599); 429 and 503 carry Retry-After. */
  status?: number;
  /** Seconds in the Retry-After header of a 429 or 503 (default 1). */
  retry_after?: number;
  /** Wait this many milliseconds (real time) first; alone, the request then goes on as usual. */
  delay?: number;
  /** Close the connection without an answer. */
  drop?: boolean;
  /** How many matching requests the rule applies to (default 1). */
  times?: number;
}

export interface FaultRule extends Required<Pick<FaultInput, 'times'>> {
  id: string;
  method: string | null;
  path: string | null;
  webhook: string | null;
  status: number | null;
  retry_after: number | null;
  delay: number | null;
  drop: boolean;
  /** How many more matches it applies to. */
  remaining: number;
}

/** What a matched rule says to do. */
export interface FaultAction {
  status: number | null;
  retryAfter: number | null;
  delay: number | null;
  drop: boolean;
}

export class FaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultError';
  }
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const MAX_RULES = 1_000;

function wholeNumber(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new FaultError(`${name} must be a whole number from ${min} to ${max}`);
  return value;
}

/** Checks a rule as a test or the control API wrote it. */
export function checkFault(input: FaultInput): Omit<FaultRule, 'id'> {
  const { method, path, webhook, status, retry_after: retryAfter, delay, drop, times = 1 } = input;
  if ((path === undefined) === (webhook === undefined))
    throw new FaultError('a fault rule needs exactly one of path (API requests) or webhook (deliveries)');
  for (const [name, glob] of [
    ['path', path],
    ['webhook', webhook],
  ] as const) {
    if (glob !== undefined && (typeof glob !== 'string' || glob.length === 0 || glob.length > 2_048))
      throw new FaultError(`${name} must be a glob of 1 to 2048 characters`);
  }
  if (path !== undefined && !path.startsWith('/'))
    throw new FaultError('path must start with /, such as /api/v2/end-users/*');
  if (method !== undefined && (webhook !== undefined || !METHODS.has(String(method).toUpperCase())))
    throw new FaultError(
      webhook !== undefined
        ? 'method applies to API requests, not to webhook deliveries'
        : `method must be one of ${[...METHODS].join(', ')}`,
    );
  if (drop !== undefined && typeof drop !== 'boolean') throw new FaultError('drop must be true or false');
  if (status !== undefined) wholeNumber(status, 'status', 400, 599);
  if (delay !== undefined) wholeNumber(delay, 'delay', 0, 60_000);
  if (retryAfter !== undefined) {
    wholeNumber(retryAfter, 'retry_after', 0, 86_400);
    if (status !== 429 && status !== 503) throw new FaultError('retry_after goes with status 429 or 503');
  }
  if (drop && status !== undefined) throw new FaultError('a dropped connection has no status: give drop or status');
  if (!drop && status === undefined && delay === undefined)
    throw new FaultError('a fault rule needs status, delay or drop');
  wholeNumber(times, 'times', 1, 1_000_000);
  return {
    method: method === undefined ? null : method.toUpperCase(),
    path: path ?? null,
    webhook: webhook ?? null,
    status: status ?? null,
    retry_after: status === 429 || status === 503 ? (retryAfter ?? 1) : null,
    delay: delay ?? null,
    drop: drop ?? false,
    times,
    remaining: times,
  };
}

export function createFaults() {
  let rules: Array<FaultRule & { matches(subject: string): boolean }> = [];

  function take(kind: 'path' | 'webhook', subject: string, method: string | null): FaultAction | null {
    const index = rules.findIndex(
      (r) => r[kind] !== null && (r.method === null || r.method === method) && r.remaining > 0 && r.matches(subject),
    );
    if (index < 0) return null;
    const rule = rules[index]!;
    rule.remaining--;
    if (rule.remaining === 0) rules = rules.filter((_, i) => i !== index);
    return { status: rule.status, retryAfter: rule.retry_after, delay: rule.delay, drop: rule.drop };
  }

  return {
    add(input: FaultInput): FaultRule {
      if (rules.length >= MAX_RULES) throw new FaultError(`at most ${MAX_RULES} fault rules may be active`);
      const checked = checkFault(input);
      const glob = (checked.path ?? checked.webhook) as string;
      const isMatch = picomatch(glob, { dot: true });
      // A trailing slash does not matter (/api/v2/end-users/ and /api/v2/end-users are one path),
      // and a glob ending in /* covers the collection itself too: /api/v2/end-users/* matches
      // POST /api/v2/end-users/ as well as GET /api/v2/end-users/{id}.
      const collection = glob.endsWith('/*') ? glob.slice(0, -2) : null;
      const matches = (subject: string) => {
        const bare = subject.replace(/\/+$/, '');
        return isMatch(subject) || isMatch(bare) || bare === collection;
      };
      const rule = { id: `fault_${randomBytes(6).toString('hex')}`, ...checked };
      rules.push({ ...rule, matches });
      return rule;
    },
    list(): FaultRule[] {
      return rules.map(({ matches: _matches, ...rule }) => rule);
    },
    remove(id: string): boolean {
      const before = rules.length;
      rules = rules.filter((r) => r.id !== id);
      return rules.length < before;
    },
    clear(): void {
      rules = [];
    },
    /** The action for an API request, using up one match of the rule; null when no rule matches. */
    forRequest: (method: string, path: string) => take('path', path, method.toUpperCase()),
    /** The action for a webhook delivery to `url`. */
    forWebhook: (url: string) => take('webhook', url, null),
  };
}

export type Faults = ReturnType<typeof createFaults>;
