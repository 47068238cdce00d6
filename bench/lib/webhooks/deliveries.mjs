// What happened to the events of a phase: Roster's delivery tables, the receiver's records and
// the figures derived from both (delivered, missing, duplicates, commit-to-delivery delays).
import { setTimeout as sleep } from 'node:timers/promises';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { percentile } from '../drive.mjs';

const POLL_MS = 25;
/** Give up waiting for deliveries this long after the load stopped... */
const WAIT_TIMEOUT_MS = 180_000;
/** ...or as soon as nothing new has arrived for this long (longer than the 5 s first retry). */
const STALL_MS = 15_000;

/** Message ids (svix-id) of the deliveries Roster committed for `webhookId`, and their states. */
export async function deliveriesOf(kysely, webhookId) {
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
export async function failedAttempts(kysely, webhookId) {
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
export async function waitDelivered(receiver, target, { timeoutMs = WAIT_TIMEOUT_MS, onPoll } = {}) {
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
export function analyse(records, expected, { from = -Infinity, to = Infinity } = {}) {
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
export function trace(name, records, window) {
  const dir = process.env.BENCH_WEBHOOKS_TRACE;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const lines = ['svix_id,created_ms,arrived_ms'];
  for (let i = 0; i < records.ids.length; i++)
    lines.push(`${records.ids[i]},${records.stamps[i] - window.start},${records.arrivals[i] - window.start}`);
  fs.writeFileSync(path.join(dir, `${name}.csv`), `${lines.join('\n')}\n`);
}

/** Checks the first delivery's signature with the svix library, as a receiver would. */
export async function verifySample(receiver, secret) {
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
