// Seed: loads a fixture document. Its top-level keys are named as Ada's resources: `agents`
// (handled here: AI Agents and API keys with given values) and whatever the modules declare in
// their manifests (`testDouble.fixtures`: end_users, channels, conversations, webhooks,
// knowledge...). Every item is created through Roster's own API as its agent (the default one
// unless the item names another with "agent"), so a seeded item is exactly what the API would
// have made, and a refusal names the item's path in the fixture. An item may name itself with
// "ref"; a later item's `*_id` field written "ref:<name>" gets that item's id.
import type { FastifyInstance } from 'fastify';
import { parse as parseYaml } from 'yaml';
import type { Container } from '../container.js';
import { FixtureError, type FixtureApi, type FixtureLoader } from '../platform/manifest.js';

export { FixtureError };

export const DEFAULT_AGENT = 'default';

/** A fixture file's text, JSON or YAML (JSON is YAML too, so one parser reads both). */
export function parseFixture(text: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new FixtureError('', `not valid JSON or YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Matches what agents create accepts (lowercase letters, digits and hyphens). */
const HANDLE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const REF = /^[A-Za-z0-9_.-]{1,100}$/;

/** Replaces "ref:<name>" in `id` and `*_id` fields, at any depth (a message's author.id too). */
function resolveRefs(value: unknown, at: string, refs: ReadonlyMap<string, unknown>): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => resolveRefs(v, `${at}[${i}]`, refs));
    return;
  }
  if (!isObject(value)) return;
  for (const [field, v] of Object.entries(value)) {
    if ((field === 'id' || field.endsWith('_id')) && typeof v === 'string' && v.startsWith('ref:')) {
      const name = v.slice('ref:'.length);
      if (!refs.has(name)) throw new FixtureError(`${at}.${field}`, `names "${name}", which no earlier item defines`);
      value[field] = refs.get(name);
    } else resolveRefs(v, `${at}.${field}`, refs);
  }
}

export interface Seeder {
  /** Loads the document; resolves to how many items of each key were created. */
  seed(fixture: unknown): Promise<Record<string, number>>;
  /** A key of the agent for Roster's own calls (created once, kept across resets). */
  keyOf(handle: string): Promise<string>;
}

export function createSeeder(container: Container, app: FastifyInstance, token: string): Seeder {
  const agents = container.modules.agents.service;
  const loaders = new Map<string, FixtureLoader>();
  for (const { manifest } of container.mounted) {
    for (const [key, loader] of Object.entries(manifest.testDouble?.fixtures ?? {})) loaders.set(key, loader);
  }
  const keys = new Map<string, Promise<string>>();
  const keyOf = (handle: string) => {
    let key = keys.get(handle);
    if (!key) {
      key = agents.createKey(handle, 'emulator').then((created) => created.secret);
      key.catch(() => keys.delete(handle));
      keys.set(handle, key);
    }
    return key;
  };

  const api = (key: string, defaultAt: string): FixtureApi => {
    const call = async (method: 'POST' | 'PATCH', url: string, body: unknown, at = defaultAt) => {
      const res = await app.inject({
        method,
        url,
        payload: JSON.stringify(body),
        // The emulator header spares Roster's own calls the rate limits and fault rules.
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-roster-emulator': token },
      });
      const parsed: unknown = res.body === '' ? {} : JSON.parse(res.body);
      if (res.statusCode >= 300) {
        const error = isObject(parsed) && Array.isArray(parsed.errors) ? parsed.errors[0] : null;
        const message = isObject(error) && typeof error.message === 'string' ? error.message : res.body;
        throw new FixtureError(at, `refused with ${res.statusCode}: ${message}`);
      }
      return (isObject(parsed) ? parsed : { data: parsed }) as { id?: unknown } & Record<string, unknown>;
    };
    return {
      post: (url, body, at) => call('POST', url, body, at),
      patch: (url, body, at) => call('PATCH', url, body, at),
    };
  };

  async function loadAgents(value: unknown): Promise<number> {
    if (!Array.isArray(value)) throw new FixtureError('agents', 'must be a list');
    for (const [i, item] of value.entries()) {
      const at = `agents[${i}]`;
      if (!isObject(item)) throw new FixtureError(at, 'must be an object');
      const { handle, keys: given = [], ...rest } = item;
      const extra = Object.keys(rest)[0];
      if (extra !== undefined) throw new FixtureError(`${at}.${extra}`, 'is not a field of an agent (handle, keys)');
      if (typeof handle !== 'string' || !HANDLE.test(handle))
        throw new FixtureError(`${at}.handle`, 'must be lowercase letters, digits and hyphens, at most 63');
      if (!Array.isArray(given)) throw new FixtureError(`${at}.keys`, 'must be a list of API keys');
      await agents.ensureAgent(handle);
      for (const [k, secret] of given.entries()) {
        if (typeof secret !== 'string' || secret.length < 20 || secret.length > 256 || /\s/.test(secret))
          throw new FixtureError(`${at}.keys[${k}]`, 'must be 20 to 256 characters without spaces');
        await agents.ensureKey(handle, secret, 'fixture');
      }
    }
    return value.length;
  }

  async function seed(fixture: unknown): Promise<Record<string, number>> {
    if (!isObject(fixture)) throw new FixtureError('', 'must be an object of lists: agents, end_users, ...');
    const known = ['agents', ...loaders.keys()];
    for (const key of Object.keys(fixture)) {
      if (!known.includes(key)) throw new FixtureError(key, `is not a fixture key; use ${known.join(', ')}`);
    }
    const counts: Record<string, number> = {};
    if (fixture.agents !== undefined) counts.agents = await loadAgents(fixture.agents);
    const refs = new Map<string, unknown>();
    // In module order, so that what an item refers to (end users, channels) exists before it.
    for (const [key, loader] of loaders) {
      const value = fixture[key];
      if (value === undefined) continue;
      if (!Array.isArray(value)) throw new FixtureError(key, 'must be a list');
      for (const [i, raw] of value.entries()) {
        const at = `${key}[${i}]`;
        if (!isObject(raw)) throw new FixtureError(at, 'must be an object');
        const { agent = DEFAULT_AGENT, ref, ...item } = raw;
        if (typeof agent !== 'string' || !HANDLE.test(agent))
          throw new FixtureError(`${at}.agent`, 'must be the handle of an AI Agent');
        if (ref !== undefined && (typeof ref !== 'string' || !REF.test(ref)))
          throw new FixtureError(`${at}.ref`, 'must be a name of letters, digits, _ . or -');
        resolveRefs(item, at, refs);
        if (typeof ref === 'string' && refs.has(ref)) throw new FixtureError(`${at}.ref`, `"${ref}" is defined twice`);
        const created = await loader(item, api(await keyOf(agent), at), at);
        if (typeof ref === 'string') refs.set(ref, created?.id ?? null);
      }
      counts[key] = value.length;
    }
    return counts;
  }

  return { seed, keyOf };
}
