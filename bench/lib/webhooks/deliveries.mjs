// @ts-check
// What happened to the events of a phase: Roster's delivery jobs and attempt log, the receiver's records and
// the figures derived from both (delivered, missing, duplicates, commit-to-delivery delays).
import { setTimeout as sleep } from 'node:timers/promises';
import fs from 'node:fs';
import path from 'node:path';
import { percentile } from '../drive.mjs';
/** @import { RosterDb } from '../engines.mjs' */
/** @import { Receiver } from './children.mjs' */
/** @import { ReceiverAnswers, Records } from './receiver.mjs' */

/** The figures of one phase. @typedef {ReturnType<typeof analyse>} Figures */

const POLL_MS = 25;
/** Give up waiting for deliveries this long after the load stopped... */
const WAIT_TIMEOUT_MS = 180_000;
/** ...or as soon as nothing new has arrived for this long (longer than the 5 s first retry). */
const STALL_MS = 15_000;

/**
 * Message ids (svix-id) of the deliveries Roster committed for `webhookId`, and their states: a
 * delivery still to be made is a queued job (leased while in flight); one made is gone from the
 * queue and has a successful attempt in the log.
 * @param {RosterDb} kysely
 * @param {string} webhookId
 */
export async function deliveriesOf(kysely, webhookId) {
  const queued = await kysely
    .selectFrom('jobs')
    .select(['ref_id', 'state', 'attempts', 'lease_token'])
    .where('kind', '=', 'webhook.delivery')
    .where('group_key', '=', webhookId)
    .execute();
  const attempts = await kysely
    .selectFrom('webhook_attempts')
    .select(['event_id', 'succeeded'])
    .where('webhook_id', '=', webhookId)
    .execute();
  /** @type {Record<string, number>} */
  const states = {};
  const count = (/** @type {string} */ state) => (states[state] = (states[state] ?? 0) + 1);
  /** @type {Set<string>} */
  const ids = new Set();
  for (const r of queued) {
    ids.add(`msg_${r.ref_id}`);
    const state = r.state === 'queued' ? 'pending' : r.state === 'dead' ? 'failed' : r.state;
    count(state === 'pending' && r.lease_token !== null ? 'pending, leased' : state);
  }
  const delivered = new Set(attempts.filter((a) => Number(a.succeeded) === 1).map((a) => a.event_id));
  for (const eventId of delivered) {
    ids.add(`msg_${eventId}`);
    count('succeeded');
  }
  return { ids, states, attempts: attempts.length };
}

/**
 * Failed attempts recorded for the endpoint (each one means a retry or a lost delivery).
 * @param {RosterDb} kysely
 * @param {string} webhookId
 */
export async function failedAttempts(kysely, webhookId) {
  const { n } = await kysely
    .selectFrom('webhook_attempts')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('webhook_id', '=', webhookId)
    .where('succeeded', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * Polls the receiver until `target` distinct events have arrived since its reset, or until the
 * timeout, or until nothing has arrived for STALL_MS. onPoll sees each poll's stats.
 * @param {Receiver} receiver
 * @param {number} target
 * @param {{ timeoutMs?: number, onPoll?: (stats: ReceiverAnswers['stats']) => void }} [options]
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
 * The i-th receipt of `records`, which has one (the three arrays run in parallel).
 * @param {Records} records
 * @param {number} i
 */
function receipt({ ids, stamps, arrivals }, i) {
  const [id, stamp, arrival] = [ids[i], stamps[i], arrivals[i]];
  if (id === undefined || stamp === undefined || arrival === undefined) throw new RangeError(`no receipt ${i}`);
  return { id, stamp, arrival };
}

/**
 * Figures of one phase from the receiver's records: `expected` is the set of message ids Roster
 * committed (from its database), [from, to] the window of payload timestamps that counts.
 * @param {Records} records
 * @param {Set<string>} expected
 * @param {{ from?: number, to?: number }} [window]
 */
export function analyse(records, expected, { from = -Infinity, to = Infinity } = {}) {
  const { ids } = records;
  /** @type {Map<string, number>} */
  const firstIndex = new Map();
  ids.forEach((id, i) => {
    if (!firstIndex.has(id)) firstIndex.set(id, i);
  });
  let unexpected = 0;
  for (const id of firstIndex.keys()) if (!expected.has(id)) unexpected++;
  let missing = 0;
  for (const id of expected) if (!firstIndex.has(id)) missing++;

  /** @type {number[]} */
  const delays = [];
  let first = Infinity;
  let last = -Infinity;
  // Events of any age that arrived while the window was open: the delivery rate under load.
  let arrivedInWindow = 0;
  for (const i of firstIndex.values()) {
    const { id, stamp, arrival } = receipt(records, i);
    if (expected.has(id) && arrival >= from && arrival <= to) arrivedInWindow++;
    if (!expected.has(id) || stamp < from || stamp > to) continue;
    delays.push(arrival - stamp);
    if (arrival < first) first = arrival;
    if (arrival > last) last = arrival;
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
        max: sorted[sorted.length - 1] ?? null,
        mean: delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : null,
      },
    },
  };
}

/**
 * With BENCH_WEBHOOKS_TRACE=DIR, writes every receipt of a phase to DIR/<engine>-<phase>.csv
 * (svix-id, payload timestamp, arrival, both in ms since the phase's measured window began) for
 * plotting delay against creation time.
 * @param {string} name
 * @param {Records} records
 * @param {{ start: number }} window
 */
export function trace(name, records, window) {
  const dir = process.env.BENCH_WEBHOOKS_TRACE;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const lines = ['svix_id,created_ms,arrived_ms'];
  for (let i = 0; i < records.ids.length; i++) {
    const { id, stamp, arrival } = receipt(records, i);
    lines.push(`${id},${stamp - window.start},${arrival - window.start}`);
  }
  fs.writeFileSync(path.join(dir, `${name}.csv`), `${lines.join('\n')}\n`);
}

/**
 * Checks the first delivery's signature with the svix library, as a receiver would.
 * @param {Receiver} receiver
 * @param {string} secret
 */
export async function verifySample(receiver, secret) {
  const sample = await receiver.ask('sample');
  if (!sample) return 'no delivery';
  try {
    const { Webhook } = await import('svix');
    // A header Roster did not send is undefined here, and svix reports it as missing.
    new Webhook(secret).verify(sample.body, /** @type {Record<string, string>} */ (sample.headers));
    return 'verified';
  } catch (error) {
    const { code, message } = /** @type {Error & { code?: string }} */ (error);
    return code === 'ERR_MODULE_NOT_FOUND' ? 'not checked (svix not installed)' : `FAILED: ${message}`;
  }
}
