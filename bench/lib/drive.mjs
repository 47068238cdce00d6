// @ts-check
// Load generation: autocannon's programmatic API, in this (the parent) process. Each measurement
// is a warm-up run followed by a measured run on fresh connections; latencies are taken from
// every response at sub-millisecond precision (autocannon's own histogram rounds to 1 ms).
import autocannon from 'autocannon';
import { cpuMs, sampleRss } from './processes.mjs';
/** @import { MakeRequest } from './scenarios.mjs' */
/** @import { Options } from './options.mjs' */

/**
 * @param {string} apiKey
 * @param {MakeRequest} make
 * @returns {autocannon.Request[]}
 */
function requestsFor(apiKey, make) {
  const auth = { authorization: `Bearer ${apiKey}` };
  return [
    {
      // A fresh headers object per request: autocannon writes Content-Length into it, and a
      // shared one would leak that header from a POST into the next GET.
      setupRequest(request) {
        const next = make();
        return next.body === undefined
          ? { ...request, method: next.method, path: next.path, body: undefined, headers: { ...auth } }
          : {
              ...request,
              method: next.method,
              path: next.path,
              body: next.body,
              headers: { ...auth, 'content-type': 'application/json' },
            };
      },
    },
  ];
}

/**
 * The value at quantile q of ascending `sorted`, or null when it is empty.
 * @param {Float64Array} sorted
 * @param {number} q
 */
export function percentile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? null;
}

/**
 * The load settings every mode measures with, as results files record them.
 * @param {Options} o
 */
export const loadSettings = (o) => ({ connections: o.connections, warmupSec: o.warmupSec, seconds: o.durationSec });

/**
 * @typedef {object} FireOptions
 * @property {string} url
 * @property {string} apiKey
 * @property {MakeRequest} make
 * @property {number} connections
 * @property {number} seconds
 * @property {(statusCode: number, ms: number) => void} [onResponse] sees every response
 * @property {Promise<unknown>} [until] ends the run early when it settles
 * @property {number | null} [rate] requests per second over all connections; flat out without
 */

/**
 * One autocannon run.
 * @param {FireOptions} options
 * @returns {Promise<autocannon.Result>}
 */
export function fire({ url, apiKey, make, connections, seconds, onResponse, until, rate }) {
  return new Promise((resolve, reject) => {
    // With a callback, autocannon reports a failed start to it. Without one it rejects the
    // promise-like emitter it returns instead of emitting 'error', and nothing awaited that.
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        // With a rate, a steady load of that many requests per second over all connections.
        ...(rate ? { overallRate: rate } : {}),
        timeout: 10,
        requests: requestsFor(apiKey, make),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (onResponse) instance.on('response', (_client, statusCode, _bytes, ms) => onResponse(statusCode, ms));
    void until?.then(() => instance.stop());
  });
}

/**
 * @param {autocannon.Result} result
 * @param {number[]} latencies
 * @param {{ peakMb: number } | undefined} rss
 * @param {number | null} cpu
 */
function summarize(result, latencies, rss, cpu) {
  const sorted = Float64Array.from(latencies).sort();
  const errors = result.non2xx + result.errors;
  return {
    rps: latencies.length / result.duration,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? null,
    requests: latencies.length,
    seconds: result.duration,
    errors,
    non2xx: result.non2xx,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count ?? 0]),
    ),
    peakRssMb: rss?.peakMb ?? null,
    // CPU the server process spent per response: unlike req/s, hardly moved by other load.
    cpuUsPerRequest: cpu !== null && latencies.length > 0 ? (cpu * 1000) / latencies.length : null,
  };
}

/** The figures of one measured window. @typedef {ReturnType<typeof summarize>} Measured */

/**
 * Warm-up, then a measured window; RSS of `pid` is sampled over both.
 * @param {{ url: string, apiKey: string, make: MakeRequest, connections: number, warmupSec: number, seconds: number, pid?: number }} options
 * @returns {Promise<Measured>}
 */
export async function measure({ url, apiKey, make, connections, warmupSec, seconds, pid }) {
  const rss = pid ? sampleRss(pid) : null;
  try {
    if (warmupSec > 0) await fire({ url, apiKey, make, connections, seconds: warmupSec });
    /** @type {number[]} */
    const latencies = [];
    const cpuBefore = pid ? cpuMs(pid) : null;
    const result = await fire({ url, apiKey, make, connections, seconds, onResponse: (_s, ms) => latencies.push(ms) });
    const cpuAfter = pid ? cpuMs(pid) : null;
    const cpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
    return summarize(result, latencies, rss?.stop(), cpu);
  } finally {
    rss?.stop();
  }
}

/**
 * Sends one request of the stream with fetch, so a misconfigured scenario fails loudly first.
 * Returns the size of the answer's body in bytes.
 * @param {string} url
 * @param {string} apiKey
 * @param {MakeRequest} make
 */
export async function probe(url, apiKey, make) {
  const next = make();
  const response = await fetch(`${url}${next.path}`, {
    method: next.method,
    headers: { authorization: `Bearer ${apiKey}`, ...(next.body ? { 'content-type': 'application/json' } : {}) },
    body: next.body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${next.method} ${next.path} answered ${response.status}: ${text.slice(0, 300)}`);
  return Buffer.byteLength(text);
}

/**
 * One JSON API call during set-up; throws with the answer when it is not 2xx. The parsed answer is
 * unknown: callers state the shape they read.
 * @param {string} url
 * @param {string} apiKey
 * @param {'GET' | 'POST' | 'PATCH'} method
 * @param {string} route
 * @param {object} [body]
 * @returns {Promise<unknown>}
 */
export async function api(url, apiKey, method, route, body) {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}
