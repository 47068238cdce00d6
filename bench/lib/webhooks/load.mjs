// @ts-check
// The create load of the webhooks mode: timed runs (flat out or paced) and a fixed amount, each
// counting status codes, since every 201 is an event the worker must deliver.
import autocannon from 'autocannon';
import { fire, percentile } from '../drive.mjs';
import { cpuMs } from '../processes.mjs';
/** @import { MakeRequest } from '../scenarios.mjs' */

const END_USERS = '/api/v2/end-users/';
/** Pause after a load run, for the requests autocannon cut off to finish on the server. */
export const SETTLE_MS = 500;

/** @type {MakeRequest} */
const createRequest = () => ({ method: 'POST', path: END_USERS, body: '{}' });

function statusCounter() {
  /** @type {Record<string, number>} */
  const codes = {};
  return {
    codes,
    /** @param {number} status */
    add(status) {
      codes[status] = (codes[status] ?? 0) + 1;
    },
    get created() {
      return codes[201] ?? 0;
    },
    get others() {
      return Object.entries(codes).reduce((n, [code, count]) => n + (code === '201' ? 0 : count), 0);
    },
  };
}

/**
 * @typedef {object} CreateLoadOptions
 * @property {string} url
 * @property {string} apiKey
 * @property {number} connections
 * @property {number} warmupSec
 * @property {number} seconds
 * @property {number} pid the Roster process, whose CPU time is read
 * @property {number} [rate] creates per second over all connections; flat out without
 */

/** @typedef {Awaited<ReturnType<typeof createLoad>>} CreateLoad */

/**
 * Create load as in the standard mode: a warm-up, then the measured window. Returns the window
 * (Date.now() at its start and end, the clock Roster stamps events with) and the create figures.
 * @param {CreateLoadOptions} options
 */
export async function createLoad({ url, apiKey, connections, warmupSec, seconds, pid, rate }) {
  const statuses = statusCounter();
  if (warmupSec > 0)
    await fire({
      url,
      apiKey,
      make: createRequest,
      connections,
      seconds: warmupSec,
      onResponse: (s) => statuses.add(s),
    });
  /** @type {number[]} */
  const latencies = [];
  const cpuBefore = cpuMs(pid);
  const start = Date.now();
  const result = await fire({
    url,
    apiKey,
    make: createRequest,
    connections,
    seconds,
    rate,
    onResponse: (status, ms) => {
      statuses.add(status);
      latencies.push(ms);
    },
  });
  const end = Date.now();
  const cpuAfter = cpuMs(pid);
  const sorted = Float64Array.from(latencies).sort();
  return {
    window: { start, end },
    rps: latencies.length / result.duration,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    requests: latencies.length,
    seconds: result.duration,
    responses201: statuses.created,
    errors: statuses.others + result.errors + result.timeouts,
    statusCodes: statuses.codes,
    // CPU of the Roster process (its worker included) per response in the window.
    cpuUsPerRequest:
      cpuBefore !== null && cpuAfter !== null && latencies.length > 0
        ? ((cpuAfter - cpuBefore) * 1000) / latencies.length
        : null,
  };
}

/**
 * Exactly `amount` creates (autocannon's amount mode waits for every answer).
 * @param {{ url: string, apiKey: string, connections: number, amount: number }} options
 * @returns {Promise<{ responses201: number, errors: number, statusCodes: Record<string, number>, seconds: number }>}
 */
export function createAmount({ url, apiKey, connections, amount }) {
  const statuses = statusCounter();
  return new Promise((resolve, reject) => {
    // With a callback, as in fire(): autocannon then reports a failed start to it.
    const instance = autocannon(
      {
        url: `${url}${END_USERS}`,
        method: 'POST',
        body: '{}',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        connections: Math.min(connections, amount),
        amount,
        timeout: 10,
      },
      (error, result) =>
        error
          ? reject(error)
          : resolve({
              responses201: statuses.created,
              errors: statuses.others + result.errors + result.timeouts,
              statusCodes: statuses.codes,
              seconds: result.duration,
            }),
    );
    instance.on('response', (_client, status) => statuses.add(status));
  });
}
