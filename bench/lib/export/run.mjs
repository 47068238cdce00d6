// @ts-check
// Export mode (`--export`): what the Data Export API costs with --export-count stored messages
// (1,000,000 by default) on each engine. The messages (100 per conversation, spread over the last
// two days) are written straight to the tables through Roster's own Kysely instance, then:
//   1. one client pages through every message of the window, 10,000 a page: records per second,
//      and the time to the first byte of each page;
//   2. four clients page through it at once: how far the server's resident memory rises above
//      what it was before, sampled every 20 ms.
import http from 'node:http';
import { openContainer, prepareEngine } from '../engines.mjs';
import { sampleRss, startRoster } from '../processes.mjs';
import { log, machine, table, writeResults } from '../report.mjs';
/** @import { Dist, EngineName, OnCleanup, RosterDb } from '../engines.mjs' */
/** @import { Options } from '../options.mjs' */

const PER_CONVERSATION = 100;
const BATCH = 1_000;
const CLIENTS = 4;
const DAY = 86_400_000;

/**
 * Writes `count` messages in conversations of 100, created over the two days before now.
 * @param {RosterDb} kysely
 * @param {Dist} dist
 * @param {string} agentId
 * @param {number} count
 */
async function seed(kysely, dist, agentId, count) {
  const now = Date.now();
  const start = now - 2 * DAY;
  const step = (1.5 * DAY) / count;
  const channelId = dist.newId(start);
  await kysely
    .insertInto('channels')
    .values({
      id: channelId,
      agent_id: agentId,
      type: 'custom',
      name: 'Bench',
      description: 'bench',
      modality: 'messaging',
      markdown: 0,
      metadata: '{}',
      created_at: start,
    })
    .execute();
  const conversations = Math.ceil(count / PER_CONVERSATION);
  /** @type {Array<{ id: string, endUserId: string }>} */
  const pool = [];
  for (let i = 0; i < conversations; i += BATCH) {
    const users = [];
    const convs = [];
    for (let j = i; j < Math.min(conversations, i + BATCH); j++) {
      const at = start + j * PER_CONVERSATION * step;
      const endUserId = dist.newId(at);
      const id = dist.newId(at);
      pool.push({ id, endUserId });
      users.push({
        id: endUserId,
        agent_id: agentId,
        external_id: null,
        external_id_lower: null,
        first_name: null,
        last_name: null,
        display_name: null,
        avatar: null,
        email: null,
        language: 'en',
        metadata: '{}',
        created_at: at,
        updated_at: at,
        attached_at: at,
      });
      convs.push({
        id,
        agent_id: agentId,
        channel_id: channelId,
        end_user_id: endUserId,
        status: /** @type {const} */ ('active'),
        metadata: '{"source":"bench"}',
        ended_by_role: null,
        ended_by_id: null,
        created_at: at,
        updated_at: at,
      });
    }
    await kysely.insertInto('end_users').values(users).execute();
    await kysely.insertInto('conversations').values(convs).execute();
  }
  for (let i = 0; i < count; i += BATCH) {
    const rows = [];
    for (let j = i; j < Math.min(count, i + BATCH); j++) {
      const conversation = /** @type {{ id: string, endUserId: string }} */ (pool[Math.floor(j / PER_CONVERSATION)]);
      const at = Math.floor(start + j * step);
      const fromUser = j % 2 === 0;
      rows.push({
        id: dist.newId(at),
        agent_id: agentId,
        conversation_id: conversation.id,
        author_role: /** @type {'end_user' | 'ai_agent'} */ (fromUser ? 'end_user' : 'ai_agent'),
        author_id: fromUser ? conversation.endUserId : null,
        author_display_name: null,
        author_avatar: null,
        content: JSON.stringify({
          type: 'text',
          body: fromUser ? `Where is order #${j}?` : `Order ${j} is on its way.`,
        }),
        created_at: at,
      });
    }
    await kysely.insertInto('messages').values(rows).execute();
    if ((i / BATCH) % 100 === 0) log(`  ${i.toLocaleString('en-US')} messages written`);
  }
  return { since: new Date(start).toISOString(), to: new Date(now).toISOString() };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/**
 * One page: its records (counted, not parsed), the time to its first byte and its next page.
 * @param {string} base
 * @param {string} apiKey
 * @param {string} path
 * @returns {Promise<{ records: number, ttfbMs: number, totalMs: number, next: string | null, bytes: number }>}
 */
function fetchPage(base, apiKey, path) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let ttfbMs = -1;
    const req = http.get(`${base}${path}`, { agent, headers: { authorization: `Bearer ${apiKey}` } }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on('data', (chunk) => {
        if (ttfbMs < 0) ttfbMs = performance.now() - started;
        chunks.push(chunk);
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) return reject(new Error(`${path}: ${res.statusCode} ${text.slice(0, 300)}`));
        let records = 0;
        for (let at = text.indexOf('{"_id":'); at !== -1; at = text.indexOf('{"_id":', at + 7)) records++;
        const next = /"next_page_uri":(null|"([^"]*)")\}\}$/.exec(text);
        if (!next) return reject(new Error(`${path}: the page does not end with meta.next_page_uri`));
        resolve({ records, ttfbMs, totalMs: performance.now() - started, next: next[2] ?? null, bytes: text.length });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/**
 * Pages through the window from its first page; returns every page's figures.
 * @param {string} base
 * @param {string} apiKey
 * @param {string} first
 */
async function pageThrough(base, apiKey, first) {
  const pages = [];
  /** @type {string | null} */
  let path = first;
  while (path) {
    const page = await fetchPage(base, apiKey, path);
    pages.push(page);
    path = page.next;
  }
  return pages;
}

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * @param {Options} options
 * @param {Dist} dist
 * @param {EngineName} name
 * @param {OnCleanup} onCleanup
 */
async function runEngine(options, dist, name, onCleanup) {
  const engine = await prepareEngine(name);
  onCleanup(engine.cleanup);
  const opened = await openContainer(dist, engine);
  log(`${name}: writing ${options.exportCount.toLocaleString('en-US')} messages`);
  const seeded = Date.now();
  const window = await seed(opened.kysely, dist, opened.agentId, options.exportCount);
  const seedSeconds = (Date.now() - seeded) / 1000;
  await opened.container.close();
  const server = await startRoster(engine.env, { cpuProfDir: options.cpuProfDir });
  try {
    const first = `/api/v2/export/messages?created_since=${window.since}&created_to=${window.to}&page_size=10000`;
    // Warm-up: two pages, so the first measured page does not pay for the JIT and cold caches.
    const warm = await fetchPage(server.url, engine.apiKey, first);
    if (warm.next) await fetchPage(server.url, engine.apiKey, warm.next);

    log(`${name}: one client through every page`);
    const started = performance.now();
    const pages = await pageThrough(server.url, engine.apiKey, first);
    const seconds = (performance.now() - started) / 1000;
    const records = pages.reduce((n, p) => n + p.records, 0);
    const ttfb = pages.map((p) => p.ttfbMs);

    log(`${name}: ${CLIENTS} clients through every page at once`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = sampleRss(server.pid, 20).stop().lastMb;
    const rss = sampleRss(server.pid, 20);
    const concurrentStart = performance.now();
    const all = await Promise.all(Array.from({ length: CLIENTS }, () => pageThrough(server.url, engine.apiKey, first)));
    const concurrentSeconds = (performance.now() - concurrentStart) / 1000;
    const { peakMb } = rss.stop();
    const concurrentRecords = all.flat().reduce((n, p) => n + p.records, 0);
    const concurrentTtfb = all.flat().map((p) => p.ttfbMs);
    return {
      messages: options.exportCount,
      seedSeconds,
      records,
      errors: records === options.exportCount ? 0 : Math.abs(records - options.exportCount),
      pages: pages.length,
      recordsPerSecond: records / seconds,
      ttfbMs: { p50: quantile(ttfb, 0.5), p95: quantile(ttfb, 0.95), max: Math.max(...ttfb) },
      pageMs: {
        p50: quantile(
          pages.map((p) => p.totalMs),
          0.5,
        ),
      },
      pageBytes: Math.round(pages.reduce((n, p) => n + p.bytes, 0) / pages.length),
      concurrent: {
        clients: CLIENTS,
        recordsPerSecond: concurrentRecords / concurrentSeconds,
        ttfbMs: { p50: quantile(concurrentTtfb, 0.5), p95: quantile(concurrentTtfb, 0.95) },
        rssBeforeMb: before,
        rssPeakMb: peakMb,
        rssRiseMb: peakMb - before,
      },
    };
  } finally {
    await server.stop();
  }
}

/**
 * @param {Options} options
 * @param {Dist} dist
 * @param {OnCleanup} onCleanup
 */
export async function runExport(options, dist, onCleanup) {
  const startedAt = new Date().toISOString();
  log(`bench --export: ${options.exportCount.toLocaleString('en-US')} messages, pages of 10,000`);
  /** @type {Record<string, Awaited<ReturnType<typeof runEngine>>>} */
  const engines = {};
  for (const name of options.engines) engines[name] = await runEngine(options, dist, name, onCleanup);
  const f = (/** @type {number} */ v, digits = 0) => v.toLocaleString('en-US', { maximumFractionDigits: digits });
  const rows = Object.entries(engines).map(([name, r]) => [
    name,
    f(r.records),
    f(r.recordsPerSecond),
    f(r.ttfbMs.p50, 1),
    f(r.ttfbMs.p95, 1),
    f(r.pageMs.p50),
    f(r.concurrent.recordsPerSecond),
    f(r.concurrent.ttfbMs.p50, 1),
    f(r.concurrent.rssBeforeMb),
    f(r.concurrent.rssRiseMb, 1),
    r.errors,
  ]);
  process.stdout.write(
    `\n${table(
      [
        'engine',
        'records',
        '1 client rec/s',
        'TTFB p50 ms',
        'TTFB p95 ms',
        'page ms',
        `${CLIENTS} clients rec/s`,
        'TTFB p50 ms',
        'RSS before MB',
        'RSS rise MB',
        'errors',
      ],
      rows,
    )}\n`,
  );
  const doc = {
    kind: 'roster-bench-export',
    version: 1,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machine(),
    settings: { messages: options.exportCount, pageSize: 10_000, clients: CLIENTS },
    engines,
  };
  const files = writeResults(doc, { save: options.save, suffix: '-export' });
  process.stdout.write(`\nwritten: ${files.join(', ')}\n`);
  if (Object.values(engines).some((r) => r.errors > 0)) process.exitCode = 2;
}
