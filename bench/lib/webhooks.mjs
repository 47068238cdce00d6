// Webhook delivery mode (`npm run bench -- --webhooks`): how fast Roster's delivery worker gets
// v1.end_user.created events to a receiver, per engine, in two measurements:
//
// 1. sustained: `roster serve` (worker inside) under create load with one endpoint registered.
//    Every 201 is an event; the receiver (bench/lib/receiver.mjs, its own process) records each
//    delivery's svix-id, payload timestamp and arrival time. After the load the bench waits until
//    every committed event has arrived, then reports delivered/s over the measured window and the
//    commit-to-delivery delay (arrival - payload timestamp) percentiles.
// 2. drain: `roster serve` with ROSTER_WEBHOOK_WORKER=false commits a backlog of N events, is
//    stopped, and `roster worker` is started alone; the time until all N have arrived gives the
//    worker's throughput when nothing else runs.
//
// Roster, the receiver and this process run on one machine and read one system clock, so times
// taken in different processes (Date.now()) can be subtracted. See bench/README.md.
import { fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { api, fire, loadSettings, percentile } from './drive.mjs';
import { openContainer, prepareEngine } from './engines.mjs';
import { ROOT, cpuMs, sampleRss, startRoster, track } from './processes.mjs';
import { RESULTS_DIR, machine, table, writeResults } from './report.mjs';

const log = (text) => process.stderr.write(`${text}\n`);
const HOST = '127.0.0.1';
const END_USERS = '/api/v2/end-users/';
const POLL_MS = 25;
/** Pause after a load run, for the requests autocannon cut off to finish on the server. */
const SETTLE_MS = 500;
/** How long the drain's worker is watched idle before it is stopped (1.5 x the 1 s poll). */
const IDLE_CHECK_MS = 1_500;
/** Give up waiting for deliveries this long after the load stopped... */
const WAIT_TIMEOUT_MS = 180_000;
/** ...or as soon as nothing new has arrived for this long (longer than the 5 s first retry). */
const STALL_MS = 15_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Child processes of this mode: the receiver and `roster worker`. processes.mjs tracks them like
// the servers, so the run's stopAll() ends them on failure and on Ctrl-C too, before the
// databases are dropped.

/** The receiver, in its own process (see the comment at the top of receiver.mjs for why). */
async function startReceiver() {
  const child = fork(path.join(ROOT, 'bench', 'lib', 'receiver.mjs'), [], {
    env: { PATH: process.env.PATH, HOST },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  const handle = track(child, 'receiver');
  const pending = new Map();
  let nextId = 0;
  const port = await new Promise((resolve, reject) => {
    child.on('message', (m) => {
      if (m?.type === 'ready') return resolve(m.port);
      const waiter = pending.get(m?.id);
      if (!waiter) return;
      pending.delete(m.id);
      if (m.error) waiter.reject(new Error(m.error));
      else waiter.resolve(m.result);
    });
    child.once('exit', (code) => {
      const error = new Error(`the receiver exited with code ${code}: ${handle.stderr()}`);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
  });
  return {
    ...handle,
    url: `http://${HOST}:${port}`,
    ask(type, extra = {}) {
      return new Promise((resolve, reject) => {
        const id = ++nextId;
        pending.set(id, { resolve, reject });
        child.send({ type, id, ...extra });
      });
    },
  };
}

/**
 * Counts Roster's log lines at warn and above (pino writes them to stdout, which startRoster
 * discards): the delivery worker logs every failed claim or delivery there.
 */
function watchLog(stream) {
  const counts = { warn: 0, error: 0, last: [] };
  readline.createInterface({ input: stream }).on('line', (line) => {
    const level = /"level":(\d+)/.exec(line)?.[1];
    if (level === undefined || Number(level) < 40) return;
    counts[Number(level) >= 50 ? 'error' : 'warn']++;
    counts.last.push(line.slice(0, 400));
    if (counts.last.length > 5) counts.last.shift();
  });
  return counts;
}

/** `node dist/main.js worker` with `env`; nothing listens, so there is no health check. */
function startWorker(env, { cpuProfDir = null } = {}) {
  const flags = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const child = spawn(process.execPath, [...flags, path.join(ROOT, 'dist', 'main.js'), 'worker'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { ...track(child, 'worker'), log: watchLog(child.stdout) };
}

// ---------------------------------------------------------------------------------------------
// Load and bookkeeping.

const createRequest = () => ({ method: 'POST', path: END_USERS, body: '{}' });

function statusCounter() {
  const codes = {};
  return {
    codes,
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
 * Create load as in the standard mode: a warm-up, then the measured window. Returns the window
 * (Date.now() at its start and end, the clock Roster stamps events with) and the create figures.
 */
async function createLoad({ url, apiKey, connections, warmupSec, seconds, pid, rate }) {
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
 * A steady create load well below saturation (--webhook-rate per second over 10 connections) on
 * the same endpoint: the commit-to-delivery delay a receiver sees in normal operation, where
 * the saturated phase shows the queue a flat-out load builds.
 */
async function paced({ options, engine, kysely, receiver, server, webhookId, before }) {
  await sleep(SETTLE_MS);
  await receiver.ask('reset');
  const load = await createLoad({
    url: server.url,
    apiKey: engine.apiKey,
    connections: 10,
    warmupSec: 0,
    seconds: options.durationSec,
    pid: server.pid,
    rate: options.webhookRate,
  });
  await sleep(SETTLE_MS);
  const all = (await deliveriesOf(kysely, webhookId)).ids;
  const expected = new Set([...all].filter((id) => !before.has(id)));
  const wait = await waitDelivered(receiver, expected.size);
  const figures = analyse(await receiver.ask('records'), expected, { from: load.window.start, to: load.window.end });
  log(
    `  ${engine.name} paced at ${options.webhookRate}/s: ${n(load.rps)} req/s, delivery p99 ${ms(figures.window.delayMs.p99)} ms`,
  );
  return {
    rate: options.webhookRate,
    createRps: load.rps,
    createP99: load.p99,
    committed: expected.size,
    delivered: figures.delivered,
    duplicates: figures.duplicates,
    missing: figures.missing,
    complete: wait.complete,
    window: figures.window,
  };
}

/** Exactly `amount` creates (autocannon's amount mode waits for every answer). */
function createAmount({ url, apiKey, connections, amount }) {
  const statuses = statusCounter();
  const instance = autocannon({
    url: `${url}${END_USERS}`,
    method: 'POST',
    body: '{}',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    connections: Math.min(connections, amount),
    amount,
    timeout: 10,
  });
  instance.on('response', (_client, status) => statuses.add(status));
  return new Promise((resolve, reject) => {
    instance.once('done', (result) =>
      resolve({
        responses201: statuses.created,
        errors: statuses.others + result.errors + result.timeouts,
        statusCodes: statuses.codes,
        seconds: result.duration,
      }),
    );
    instance.once('error', reject);
  });
}

/** Message ids (svix-id) of the deliveries Roster committed for `webhookId`, and their states. */
async function deliveriesOf(kysely, webhookId) {
  const { rows } =
    await sql`select event_id, state, attempts, lease_token from webhook_deliveries where webhook_id = ${webhookId}`.execute(
      kysely,
    );
  const states = {};
  let attempts = 0;
  for (const r of rows) {
    // A pending delivery with a lease is claimed by a worker (in flight); without one it waits.
    const state = r.state === 'pending' && r.lease_token !== null ? 'pending, leased' : r.state;
    states[state] = (states[state] ?? 0) + 1;
    attempts += Number(r.attempts);
  }
  return { ids: new Set(rows.map((r) => `msg_${r.event_id}`)), states, attempts };
}

/** Failed attempts recorded for the endpoint (each one means a retry or a lost delivery). */
async function failedAttempts(kysely, webhookId) {
  const { rows } =
    await sql`select count(*) as n from webhook_attempts where webhook_id = ${webhookId} and succeeded = 0`.execute(
      kysely,
    );
  return Number(rows[0].n);
}

/**
 * Polls the receiver until `target` distinct events have arrived since its reset, or until the
 * timeout, or until nothing has arrived for STALL_MS. onPoll sees each poll's stats.
 */
async function waitDelivered(receiver, target, { timeoutMs = WAIT_TIMEOUT_MS, onPoll } = {}) {
  const started = Date.now();
  let last = -1;
  let progressAt = started;
  for (;;) {
    const stats = await receiver.ask('stats');
    onPoll?.(stats);
    const now = Date.now();
    if (stats.unique >= target) return { complete: true, waitedMs: now - started, stats };
    // Progress is any receipt at all: older events still arriving count too.
    if (stats.received !== last) {
      last = stats.received;
      progressAt = now;
    }
    if (now - started > timeoutMs || now - progressAt > STALL_MS)
      return { complete: false, waitedMs: now - started, stats };
    await sleep(POLL_MS);
  }
}

/**
 * Figures of one phase from the receiver's records: `expected` is the set of message ids Roster
 * committed (from its database), [from, to] the window of payload timestamps that counts.
 */
function analyse(records, expected, { from = -Infinity, to = Infinity } = {}) {
  const { ids, stamps, arrivals } = records;
  const firstIndex = new Map();
  for (let i = 0; i < ids.length; i++) if (!firstIndex.has(ids[i])) firstIndex.set(ids[i], i);
  let unexpected = 0;
  for (const id of firstIndex.keys()) if (!expected.has(id)) unexpected++;
  let missing = 0;
  for (const id of expected) if (!firstIndex.has(id)) missing++;

  const delays = [];
  let first = Infinity;
  let last = -Infinity;
  // Events of any age that arrived while the window was open: the delivery rate under load.
  let arrivedInWindow = 0;
  for (const i of firstIndex.values()) {
    if (expected.has(ids[i]) && arrivals[i] >= from && arrivals[i] <= to) arrivedInWindow++;
    if (!expected.has(ids[i]) || stamps[i] < from || stamps[i] > to) continue;
    delays.push(arrivals[i] - stamps[i]);
    if (arrivals[i] < first) first = arrivals[i];
    if (arrivals[i] > last) last = arrivals[i];
  }
  const sorted = Float64Array.from(delays).sort();
  const spanMs = delays.length > 1 ? last - first : null;
  return {
    delivered: [...firstIndex.keys()].filter((id) => expected.has(id)).length,
    receipts: ids.length,
    duplicates: ids.length - firstIndex.size,
    missing,
    unexpected,
    window: {
      events: delays.length,
      firstArrival: Number.isFinite(first) ? first : null,
      lastArrival: Number.isFinite(last) ? last : null,
      // n events arriving from first to last make n - 1 intervals.
      deliveredPerSecond: spanMs ? ((delays.length - 1) * 1000) / spanMs : null,
      deliveredPerSecondDuringWindow: Number.isFinite(to) && to > from ? (arrivedInWindow * 1000) / (to - from) : null,
      delayMs: {
        p50: percentile(sorted, 0.5),
        p90: percentile(sorted, 0.9),
        p99: percentile(sorted, 0.99),
        max: sorted.length ? sorted[sorted.length - 1] : null,
        mean: delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : null,
      },
    },
  };
}

/**
 * With BENCH_WEBHOOKS_TRACE=DIR, writes every receipt of a phase to DIR/<engine>-<phase>.csv
 * (svix-id, payload timestamp, arrival, both in ms since the phase's measured window began) for
 * plotting delay against creation time.
 */
function trace(name, records, window) {
  const dir = process.env.BENCH_WEBHOOKS_TRACE;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const lines = ['svix_id,created_ms,arrived_ms'];
  for (let i = 0; i < records.ids.length; i++)
    lines.push(`${records.ids[i]},${records.stamps[i] - window.start},${records.arrivals[i] - window.start}`);
  fs.writeFileSync(path.join(dir, `${name}.csv`), `${lines.join('\n')}\n`);
}

/** Checks the first delivery's signature with the svix library, as a receiver would. */
async function verifySample(receiver, secret) {
  const sample = await receiver.ask('sample');
  if (!sample) return 'no delivery';
  try {
    const svix = await import('svix');
    const Webhook = svix.Webhook ?? svix.default?.Webhook;
    new Webhook(secret).verify(sample.body, sample.headers);
    return 'verified';
  } catch (error) {
    return error?.code === 'ERR_MODULE_NOT_FOUND' ? 'not checked (svix not installed)' : `FAILED: ${error.message}`;
  }
}

/** The create req/s of the latest standard run on each engine (latest.json, else the newest dated file). */
function standardCreateFigures() {
  const candidates = [];
  const latest = path.join(RESULTS_DIR, 'latest.json');
  if (fs.existsSync(latest)) candidates.push(latest);
  if (fs.existsSync(RESULTS_DIR)) {
    const dated = fs
      .readdirSync(RESULTS_DIR)
      .filter((f) => /^\d{4}-\d{2}-\d{2}(-\d+)?\.json$/.test(f))
      .map((f) => path.join(RESULTS_DIR, f))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
    candidates.push(...dated);
  }
  for (const file of candidates) {
    try {
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (doc.kind !== 'roster-bench' || !doc.engines) continue;
      const rps = Object.fromEntries(
        Object.entries(doc.engines).map(([name, e]) => [name, e.results?.create?.rps ?? null]),
      );
      if (Object.values(rps).some((v) => v !== null))
        return { file: path.relative(ROOT, file), startedAt: doc.startedAt, mode: doc.mode, rps };
    } catch {
      // an unreadable file is no source
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// One engine.

async function sustained({ options, engine, env, kysely, receiver, standardRps }) {
  const server = await startRoster(env, { cpuProfDir: options.cpuProfDir });
  const serverLog = watchLog(server.child.stdout);
  const load = {
    url: server.url,
    apiKey: engine.apiKey,
    connections: options.connections,
    warmupSec: options.warmupSec,
    seconds: options.durationSec,
    pid: server.pid,
  };
  try {
    // The same create load with no endpoint registered: events are still written to the outbox,
    // but no delivery is made, so the difference to the next run is the cost of delivering.
    const noEndpoint = await createLoad(load);
    log(
      `  ${engine.name} create, no endpoint: ${Math.round(noEndpoint.rps).toLocaleString('en-US')} req/s, p99 ${noEndpoint.p99?.toFixed(2)} ms`,
    );

    // autocannon stops with one request in flight per connection; let those commit before the
    // endpoint exists, or their events would get deliveries too.
    await sleep(SETTLE_MS);
    // The endpoint is new, so everything it receives and every delivery it has is this phase's.
    await receiver.ask('reset');
    const webhook = await api(server.url, engine.apiKey, 'POST', '/api/v2/webhooks/', {
      url: `${receiver.url}/roster`,
      description: 'bench receiver',
    });
    const { key: secret } = await api(server.url, engine.apiKey, 'GET', `/api/v2/webhooks/${webhook.id}/secret/`);

    const create = await createLoad(load);
    log(
      `  ${engine.name} create, 1 endpoint: ${Math.round(create.rps).toLocaleString('en-US')} req/s, p99 ${create.p99?.toFixed(2)} ms; waiting for deliveries`,
    );
    const loadEnd = Date.now();
    // Requests in flight when autocannon stopped may still commit without their 201 being seen:
    // the database, not the 201 count, says what was committed.
    let wait = await waitDelivered(receiver, create.responses201);
    await sleep(SETTLE_MS);
    let committed = await deliveriesOf(kysely, webhook.id);
    if (wait.complete && committed.ids.size > wait.stats.unique)
      wait = await waitDelivered(receiver, committed.ids.size);
    committed = await deliveriesOf(kysely, webhook.id);
    const records = await receiver.ask('records');
    trace(`${engine.name}-sustained`, records, create.window);
    const figures = analyse(records, committed.ids, { from: create.window.start, to: create.window.end });
    const stats = await receiver.ask('stats');
    const result = {
      webhookId: webhook.id,
      committed: committed.ids.size,
      responses201: create.responses201,
      delivered: figures.delivered,
      duplicates: figures.duplicates,
      missing: figures.missing,
      unexpected: figures.unexpected,
      malformed: stats.malformed,
      complete: wait.complete,
      waitedAfterLoadMs: Date.now() - loadEnd,
      catchUpMs: figures.window.lastArrival !== null ? Math.max(0, stats.lastArrival - create.window.end) : null,
      window: figures.window,
      deliveryStates: committed.states,
      deliveryAttempts: committed.attempts,
      failedAttempts: await failedAttempts(kysely, webhook.id),
      create: { ...create, window: undefined },
      createNoEndpoint: { ...noEndpoint, window: undefined },
      standardCreateRps: standardRps,
      signature: await verifySample(receiver, secret),
      rosterLog: serverLog,
    };
    if (!wait.complete)
      log(
        `  ${engine.name}: gave up waiting after ${(wait.waitedMs / 1000).toFixed(1)} s; ${result.missing} events missing`,
      );
    result.paced = await paced({
      options,
      engine,
      kysely,
      receiver,
      server,
      webhookId: webhook.id,
      before: committed.ids,
    });
    return result;
  } finally {
    await server.stop();
  }
}

async function drain({ options, engine, env, kysely, receiver, sustainedWebhookId }) {
  const count = options.drainCount;
  const server = await startRoster({ ...env, ROSTER_WEBHOOK_WORKER: 'false' });
  let backlog;
  let webhookId;
  try {
    // A fresh endpoint, and the sustained phase's one disabled: deliveries that phase left
    // pending (if it gave up waiting) are then never claimed, so the worker drains only this
    // backlog and the figures are not mixed with leftovers.
    await api(server.url, engine.apiKey, 'PATCH', `/api/v2/webhooks/${sustainedWebhookId}`, { enabled: false });
    await receiver.ask('reset');
    webhookId = (
      await api(server.url, engine.apiKey, 'POST', '/api/v2/webhooks/', {
        url: `${receiver.url}/drain`,
        description: 'bench drain',
      })
    ).id;
    log(`  ${engine.name} drain: committing ${count.toLocaleString('en-US')} events with the worker off`);
    backlog = await createAmount({
      url: server.url,
      apiKey: engine.apiKey,
      connections: options.connections,
      amount: count,
    });
  } finally {
    await server.stop();
  }
  const queued = await deliveriesOf(kysely, webhookId);
  const pendingBefore = queued.states.pending ?? 0;

  const startedAt = Date.now();
  const worker = startWorker(env, { cpuProfDir: options.cpuProfDir });
  let stopping = false;
  let exitedByItself = null;
  worker.child.once('exit', (code, signal) => {
    if (!stopping) exitedByItself = { code, signal, afterMs: Date.now() - startedAt };
  });
  const rss = sampleRss(worker.pid);
  let cpuAtFirst = null;
  let wait;
  let cpuAtEnd = null;
  try {
    wait = await waitDelivered(receiver, queued.ids.size, {
      onPoll: (s) => {
        if (cpuAtFirst === null && s.unique > 0) cpuAtFirst = { cpu: cpuMs(worker.pid), delivered: s.unique };
      },
    });
    cpuAtEnd = cpuMs(worker.pid);
    // A worker must keep running with nothing to do, for events committed later. Give it a
    // poll interval and a half to show it does before stopping it.
    await sleep(IDLE_CHECK_MS);
  } finally {
    stopping = true;
    await worker.stop();
  }
  const peak = rss.stop();
  const records = await receiver.ask('records');
  trace(`${engine.name}-drain`, records, { start: startedAt, end: null });
  const figures = analyse(records, queued.ids);
  const after = await deliveriesOf(kysely, webhookId);
  const { firstArrival, lastArrival, deliveredPerSecond } = figures.window;
  // CPU from the poll that saw the first arrival to the end, per event delivered in between:
  // leaves out the process's start-up (loading modules, opening the database).
  const cpuEvents = cpuAtFirst ? figures.delivered - cpuAtFirst.delivered : 0;
  const result = {
    webhookId,
    backlog: queued.ids.size,
    backlogCommitSeconds: backlog.seconds,
    backlogErrors: backlog.errors,
    pendingBefore,
    delivered: figures.delivered,
    duplicates: figures.duplicates,
    missing: figures.missing,
    unexpected: figures.unexpected,
    complete: wait.complete,
    startupMs: firstArrival !== null ? firstArrival - startedAt : null,
    drainMs: lastArrival !== null ? lastArrival - startedAt : null,
    drainedPerSecond: deliveredPerSecond,
    drainedPerSecondFromStart: lastArrival !== null ? (figures.delivered * 1000) / (lastArrival - startedAt) : null,
    workerCpuUsPerEvent:
      cpuAtFirst && cpuAtEnd !== null && cpuEvents > 0 ? ((cpuAtEnd - cpuAtFirst.cpu) * 1000) / cpuEvents : null,
    workerPeakRssMb: peak.peakMb,
    delayMs: figures.window.delayMs,
    deliveryStates: after.states,
    deliveryAttempts: after.attempts,
    failedAttempts: await failedAttempts(kysely, webhookId),
    rosterLog: worker.log,
    // Set when `roster worker` ended before the harness stopped it.
    exitedByItself,
  };
  log(
    `  ${engine.name} drain: ${result.delivered.toLocaleString('en-US')}/${result.backlog.toLocaleString('en-US')} in ${((result.drainMs ?? 0) / 1000).toFixed(2)} s, ` +
      `${Math.round(result.drainedPerSecond ?? 0).toLocaleString('en-US')} events/s`,
  );
  return result;
}

async function webhooksEngine(options, dist, name, onCleanup, standard) {
  const engine = await prepareEngine(name);
  onCleanup(engine.cleanup);
  // Migrates the database and creates the run's API key, as the standard mode's seeding does; the
  // container stays open for this process's read-only checks of the delivery tables.
  const opened = await openContainer(dist, engine);
  let closed = null;
  const closeContainer = () => (closed ??= opened.container.close());
  onCleanup(closeContainer);
  const receiver = await startReceiver();
  try {
    const env = {
      ...engine.env,
      ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true',
      ...(options.webhookConcurrency ? { ROSTER_WEBHOOK_CONCURRENCY: String(options.webhookConcurrency) } : {}),
    };
    log(`${name}: sustained create load with one webhook endpoint`);
    const s = await sustained({
      options,
      engine,
      env,
      kysely: opened.kysely,
      receiver,
      standardRps: standard?.rps[name] ?? null,
    });
    log(`${name}: drain`);
    const d = await drain({ options, engine, env, kysely: opened.kysely, receiver, sustainedWebhookId: s.webhookId });
    return { sustained: s, drain: d };
  } finally {
    await receiver.stop();
    await closeContainer();
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

const n = (v) => (v === null || v === undefined ? '-' : Math.round(v).toLocaleString('en-US'));
const ms = (v) =>
  v === null || v === undefined ? '-' : v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US');
const sec = (v) => (v === null || v === undefined ? '-' : (v / 1000).toFixed(2));

function errorsOf(s) {
  return (
    s.missing +
    (s.paced?.missing ?? 0) +
    s.unexpected +
    (s.malformed ?? 0) +
    (s.create?.errors ?? 0) +
    (s.createNoEndpoint?.errors ?? 0) +
    (s.backlogErrors ?? 0)
  );
}

function printTables(engines) {
  const entries = Object.entries(engines);
  const sustainedRows = entries.map(([name, { sustained: s }]) => [
    name,
    n(s.committed),
    n(s.delivered),
    n(s.duplicates),
    n(errorsOf(s)),
    n(s.create.rps),
    n(s.createNoEndpoint.rps),
    n(s.standardCreateRps),
    n(s.window.deliveredPerSecond),
    n(s.window.deliveredPerSecondDuringWindow),
    sec(s.catchUpMs),
    n(s.create.cpuUsPerRequest),
    n(s.createNoEndpoint.cpuUsPerRequest),
  ]);
  process.stdout.write(
    `\n${table(
      [
        'webhooks: sustained',
        'committed',
        'delivered',
        'duplicates',
        'errors',
        'create req/s',
        'no endpoint',
        'standard',
        'delivered/s',
        'under load',
        'catch-up s',
        'CPU us/create',
        'no endpoint',
      ],
      sustainedRows,
    )}\n`,
  );
  const delayRows = entries.map(([name, { sustained: s, drain: d }]) => [
    name,
    n(s.window.events),
    ms(s.window.delayMs.p50),
    ms(s.window.delayMs.p90),
    ms(s.window.delayMs.p99),
    ms(s.window.delayMs.max),
    ms(d.delayMs.p50),
    ms(d.delayMs.max),
  ]);
  process.stdout.write(
    `\n${table(['commit-to-delivery ms', 'events', 'p50', 'p90', 'p99', 'max', 'drain p50', 'drain max'], delayRows)}\n`,
  );
  const pacedRows = entries.map(
    ([
      name,
      {
        sustained: { paced: p },
      },
    ]) => [
      name,
      n(p.rate),
      n(p.createRps),
      n(p.committed),
      n(p.delivered),
      n(p.duplicates),
      ms(p.window.delayMs.p50),
      ms(p.window.delayMs.p90),
      ms(p.window.delayMs.p99),
      ms(p.window.delayMs.max),
    ],
  );
  process.stdout.write(
    `\n${table(['webhooks: paced', 'rate/s', 'create req/s', 'committed', 'delivered', 'duplicates', 'delay p50 ms', 'p90', 'p99', 'max'], pacedRows)}\n`,
  );
  const drainRows = entries.map(([name, { drain: d }]) => [
    name,
    n(d.backlog),
    n(d.delivered),
    n(d.duplicates),
    n(errorsOf(d)),
    sec(d.startupMs),
    sec(d.drainMs),
    n(d.drainedPerSecond),
    n(d.drainedPerSecondFromStart),
    n(d.workerCpuUsPerEvent),
    n(d.workerPeakRssMb),
  ]);
  process.stdout.write(
    `\n${table(['webhooks: drain', 'backlog', 'delivered', 'duplicates', 'errors', 'first s', 'last s', 'drained/s', 'incl. start', 'CPU us/event', 'peak RSS MB'], drainRows)}\n`,
  );
  for (const [name, { sustained: s, drain: d }] of entries) {
    const notes = [];
    if (s.signature !== 'verified') notes.push(`signature check: ${s.signature}`);
    const states = (x) =>
      Object.entries(x.deliveryStates)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
    if (!s.complete)
      notes.push(`sustained: gave up waiting, ${s.missing} events never arrived (deliveries: ${states(s)})`);
    if (!d.complete) notes.push(`drain: gave up waiting, ${d.missing} events never arrived (deliveries: ${states(d)})`);
    if (s.responses201 !== s.committed) {
      notes.push(
        `sustained: ${n(s.responses201)} 201s seen, ${n(s.committed)} events committed (autocannon stops each run with a request in flight per connection; the server commits them)`,
      );
    }
    if (d.exitedByItself) {
      const { code, signal, afterMs } = d.exitedByItself;
      notes.push(
        `drain: \`roster worker\` exited by itself (${signal ?? `code ${code}`}) ${(afterMs / 1000).toFixed(1)} s after it started, with nothing left to deliver; events committed later would wait for the next worker`,
      );
    }
    if (s.failedAttempts + d.failedAttempts > 0)
      notes.push(`failed attempts (retried): ${s.failedAttempts} sustained, ${d.failedAttempts} drain`);
    if (s.rosterLog.error + s.rosterLog.warn + d.rosterLog.error + d.rosterLog.warn > 0) {
      notes.push(
        `Roster logged ${s.rosterLog.error + d.rosterLog.error} errors and ${s.rosterLog.warn + d.rosterLog.warn} warnings; last: ${[...s.rosterLog.last, ...d.rosterLog.last].slice(-1)[0]}`,
      );
    }
    for (const note of notes) process.stdout.write(`${name}: ${note}\n`);
  }
}

/** Adds `webhooks` to latest.json, keeping a standard run's figures already there. */
function writeWebhookResults(section, save) {
  const latest = path.join(RESULTS_DIR, 'latest.json');
  let doc = null;
  try {
    doc = JSON.parse(fs.readFileSync(latest, 'utf8'));
  } catch {
    doc = null;
  }
  if (doc?.kind !== 'roster-bench') doc = { kind: 'roster-bench', version: 1 };
  doc.webhooks = section;
  return writeResults(doc, { save });
}

export async function runWebhooks(options, dist, onCleanup) {
  const startedAt = new Date().toISOString();
  log(
    `bench --webhooks: ${options.connections} connections, ${options.warmupSec}s warm-up + ${options.durationSec}s measured, ` +
      `drain of ${options.drainCount.toLocaleString('en-US')} events`,
  );
  const standard = standardCreateFigures();
  if (standard) log(`standard create figures from ${standard.file} (${standard.startedAt})`);
  const engines = {};
  for (const name of options.engines) engines[name] = await webhooksEngine(options, dist, name, onCleanup, standard);
  printTables(engines);
  const section = {
    kind: 'roster-bench-webhooks',
    version: 1,
    mode: options.quick ? 'quick' : 'full',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machine(),
    settings: {
      ...loadSettings(options),
      drainCount: options.drainCount,
      pacedRate: options.webhookRate,
      webhookConcurrency: options.webhookConcurrency ?? 'default (16)',
      standardCreateSource: standard
        ? { file: standard.file, startedAt: standard.startedAt, mode: standard.mode }
        : null,
    },
    engines,
  };
  const files = writeWebhookResults(section, options.save);
  process.stdout.write(`\nwritten: ${files.join(', ')}\n`);
  if (Object.values(engines).some((e) => errorsOf(e.sustained) + errorsOf(e.drain) > 0)) process.exitCode = 2;
}
