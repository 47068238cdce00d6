// @ts-check
// Knowledge mode (`--knowledge`): what filling and searching a large knowledge base costs, on each
// engine. The articles (about 2 KB each, see corpus.mjs) are sent by one client through the bulk
// upsert in batches of 1,000, each batch waiting for the one before, as a sync tool would; then
// searches of 2 or 3 words run from 20 concurrent clients over the whole base.
import { api, loadSettings, measure, probe } from '../drive.mjs';
import { prepareEngine } from '../engines.mjs';
import { startRoster } from '../processes.mjs';
import { brief, log, machine, table, writeResults } from '../report.mjs';
import { articleAt, queries, ARTICLE_BYTES, VOCABULARY_SIZE } from './corpus.mjs';
/** @import { Measured } from '../drive.mjs' */
/** @import { Dist, EngineName, OnCleanup } from '../engines.mjs' */
/** @import { Options } from '../options.mjs' */

export const BATCH = 1_000;
export const SEARCH_CLIENTS = 20;
const SOURCE = 'bench';

/**
 * @typedef {object} UpsertResult
 * @property {number} articles
 * @property {number} seconds
 * @property {number} articlesPerSecond
 * @property {number} batchP50Ms
 * @property {number} batchP99Ms
 */

/**
 * @param {number[]} values
 * @param {number} q
 */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

/**
 * Loads `count` articles through the API, batch after batch.
 * @param {string} url
 * @param {string} apiKey
 * @param {number} count
 * @returns {Promise<UpsertResult>}
 */
async function upsertAll(url, apiKey, count) {
  /** @type {number[]} */
  const batches = [];
  const started = performance.now();
  for (let first = 0; first < count; first += BATCH) {
    const body = [];
    for (let i = first; i < Math.min(count, first + BATCH); i++) body.push(articleAt(i, SOURCE));
    const t0 = performance.now();
    const results = /** @type {Array<{ created: boolean }>} */ (
      await api(url, apiKey, 'POST', '/api/v2/knowledge/bulk/articles/', body)
    );
    batches.push(performance.now() - t0);
    if (results.length !== body.length || results.some((r) => !r.created))
      throw new Error(`batch at ${first}: not every article was created`);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    articles: count,
    seconds,
    articlesPerSecond: count / seconds,
    batchP50Ms: quantile(batches, 0.5),
    batchP99Ms: quantile(batches, 0.99),
  };
}

/**
 * Waits until the job that readies the search index after an import (2 s after its last batch)
 * has run, as Roster's /metrics counts it: searches are measured on the index as it stays.
 * @param {string} url
 */
async function indexReady(url) {
  const done = /^roster_jobs_settled_total\{[^}]*kind="knowledge\.article_statistics"[^}]*outcome="done"[^}]*\} [1-9]/m;
  const started = performance.now();
  while (performance.now() - started < 600_000) {
    const res = await fetch(`${url}/metrics`);
    if (done.test(await res.text())) return (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the search index job did not run within 10 minutes');
}

/**
 * @param {Options} options
 * @param {EngineName} name
 * @param {OnCleanup} onCleanup
 */
async function runEngine(options, name, onCleanup) {
  const engine = await prepareEngine(name);
  onCleanup(engine.cleanup);
  const server = await startRoster(
    { ...engine.env, ROSTER_KNOWLEDGE_ARTICLE_CAP: String(options.knowledgeCount) },
    {
      cpuProfDir: options.cpuProfDir,
    },
  );
  try {
    await api(server.url, engine.apiKey, 'POST', '/api/v2/knowledge/sources/', { id: SOURCE, name: 'Bench' });
    log(`${name}: upserting ${options.knowledgeCount.toLocaleString('en-US')} articles in batches of ${BATCH}`);
    const upsert = await upsertAll(server.url, engine.apiKey, options.knowledgeCount);
    log(`  ${name} upsert: ${Math.round(upsert.articlesPerSecond).toLocaleString('en-US')} articles/s`);
    const readySeconds = await indexReady(server.url);
    log(`  ${name} search index readied ${readySeconds.toFixed(1)} s after the import`);
    const next = queries();
    /** @type {import('../scenarios.mjs').MakeRequest} */
    const make = () => ({ method: 'GET', path: `/api/v2/knowledge/search/?query=${encodeURIComponent(next())}` });
    await probe(server.url, engine.apiKey, make);
    /** @type {Measured} */
    const search = await measure({
      ...loadSettings(options),
      connections: SEARCH_CLIENTS,
      url: server.url,
      apiKey: engine.apiKey,
      make,
      pid: server.pid,
    });
    log(`  ${name} search: ${brief(search)}`);
    return { upsert, indexReadySeconds: readySeconds, search };
  } finally {
    await server.stop();
  }
}

/**
 * @param {Options} options
 * @param {Dist} _dist
 * @param {OnCleanup} onCleanup
 */
export async function runKnowledge(options, _dist, onCleanup) {
  const startedAt = new Date().toISOString();
  log(
    `bench --knowledge: ${options.knowledgeCount.toLocaleString('en-US')} articles of ${ARTICLE_BYTES} bytes, search from ${SEARCH_CLIENTS} clients, ${options.warmupSec}s warm-up + ${options.durationSec}s measured`,
  );
  /** @type {Record<string, Awaited<ReturnType<typeof runEngine>>>} */
  const engines = {};
  for (const name of options.engines) engines[name] = await runEngine(options, name, onCleanup);
  const rows = Object.entries(engines).map(([name, { upsert, search }]) => [
    name,
    Math.round(upsert.articlesPerSecond).toLocaleString('en-US'),
    upsert.batchP50Ms.toFixed(0),
    upsert.batchP99Ms.toFixed(0),
    Math.round(search.rps).toLocaleString('en-US'),
    search.p50?.toFixed(2),
    search.p99?.toFixed(2),
    String(search.errors),
  ]);
  process.stdout.write(
    `\n${table(['engine', 'upsert articles/s', 'batch p50 ms', 'batch p99 ms', 'search req/s', 'search p50 ms', 'search p99 ms', 'errors'], rows)}\n`,
  );
  const doc = {
    kind: 'roster-bench-knowledge',
    version: 1,
    mode: options.quick ? 'quick' : 'full',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machine(),
    settings: {
      ...loadSettings(options),
      connections: SEARCH_CLIENTS,
      articles: options.knowledgeCount,
      articleBytes: ARTICLE_BYTES,
      batch: BATCH,
      vocabulary: VOCABULARY_SIZE,
    },
    engines,
  };
  const files = writeResults(doc, { save: options.save, suffix: '-knowledge' });
  process.stdout.write(`\nwritten: ${files.join(', ')}\n`);
  if (Object.values(engines).some((e) => e.search.errors > 0)) process.exitCode = 2;
}
