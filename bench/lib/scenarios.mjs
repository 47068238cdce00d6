// @ts-check
// The request streams the harness drives. Each scenario is a generator of requests; the same
// generator drives the ceiling and Roster, so both answer the same paths and bodies.
import { randomBytes } from 'node:crypto';
import { PAGE_SIZE, createBody, patchBody, seedExternalId } from './fixtures.mjs';

/**
 * One request of a stream; body is JSON text.
 * @typedef {{ method: 'GET' | 'POST' | 'PATCH', path: string, body?: string }} BenchRequest
 */
/** A stream of requests: each call gives the next one. @typedef {() => BenchRequest} MakeRequest */
/** The users reads may hit: their ids, and the external id of the i-th. @typedef {{ ids: string[], externalId: (i: number) => string }} Pool */
/** @typedef {ReturnType<typeof requestMakers>} Makers */
/** @typedef {(typeof SCENARIOS)[number]['name']} ScenarioName */

const BASE = '/api/v2/end-users/';

/** @param {string[]} ids */
const pick = (ids) => ids[Math.floor(Math.random() * ids.length)];

/**
 * Counters are shared by all scenarios of one target, so every create carries an external_id
 * never sent before.
 * @param {Pool} pool
 */
export function requestMakers(pool) {
  const tag = randomBytes(4).toString('hex');
  let creates = 0;
  let patches = 0;
  const lastCursor = Math.max(1, pool.ids.length - PAGE_SIZE);
  /** @type {Record<'create' | 'get' | 'lookup' | 'patch' | 'list' | 'listDeep', MakeRequest>} */
  const makers = {
    create: () => {
      const n = creates++;
      return { method: 'POST', path: BASE, body: createBody(`bench-${tag}-${n}`, n) };
    },
    get: () => ({ method: 'GET', path: `${BASE}${pick(pool.ids)}` }),
    lookup: () => {
      const i = Math.floor(Math.random() * pool.ids.length);
      return { method: 'GET', path: `${BASE}?external_id=${encodeURIComponent(pool.externalId(i))}` };
    },
    patch: () => ({ method: 'PATCH', path: `${BASE}${pick(pool.ids)}`, body: patchBody(patches++) }),
    list: () => ({
      method: 'GET',
      path: `${BASE}?limit=${PAGE_SIZE}&cursor=${pool.ids[Math.floor(Math.random() * lastCursor)]}`,
    }),
    /** A cursor deep in the table: somewhere in the last fifth, with a full page after it. */
    listDeep: () => {
      const from = Math.floor(pool.ids.length * 0.8);
      const i = from + Math.floor(Math.random() * Math.max(1, pool.ids.length - PAGE_SIZE - from));
      return { method: 'GET', path: `${BASE}?limit=${PAGE_SIZE}&cursor=${pool.ids[i]}` };
    },
  };
  return makers;
}

/**
 * @param {Makers} makers
 * @returns {MakeRequest}
 */
function mix(makers) {
  return () => {
    const r = Math.random() * 100;
    if (r < 60) return makers.get();
    if (r < 80) return makers.create();
    if (r < 95) return makers.patch();
    return makers.list();
  };
}

export const SCENARIOS = /** @type {const} */ ([
  { name: 'create', describe: 'POST, unique external_id' },
  { name: 'get', describe: 'GET by id, random of the seeded users' },
  { name: 'lookup', describe: 'GET ?external_id=, random seeded user' },
  { name: 'patch', describe: 'PATCH metadata of a random seeded user' },
  { name: 'list', describe: `GET a page of ${PAGE_SIZE} at a random cursor` },
  { name: 'mix', describe: '60% get, 20% create, 15% patch, 5% list' },
]);

/**
 * @param {string} name
 * @returns {name is ScenarioName}
 */
export const isScenarioName = (name) => SCENARIOS.some((s) => s.name === name);

/**
 * @param {Makers} makers
 * @param {ScenarioName} name
 * @returns {MakeRequest}
 */
export function scenarioRequest(makers, name) {
  if (name === 'mix') return mix(makers);
  const make = makers[name];
  if (!make) throw new Error(`unknown scenario ${name}`);
  return make;
}

/**
 * A stand-in pool for the ceiling, which has no data: well-formed ids and seed external ids.
 * @param {number} count
 * @returns {Pool}
 */
export function syntheticPool(count) {
  const ids = Array.from({ length: count }, (_, i) => `65f00000${i.toString(16).padStart(16, '0')}`);
  return { ids, externalId: seedExternalId };
}
