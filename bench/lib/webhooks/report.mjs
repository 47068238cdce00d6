// @ts-check
// Reporting of the webhooks mode: the tables and notes on stdout, and the `webhooks` section of
// latest.json, with the standard run's create figures to compare against.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../processes.mjs';
import { RESULTS_DIR, fmt, table, writeResults } from '../report.mjs';
/** @import { Format } from '../report.mjs' */
/** @import { Drain } from './drain.mjs' */
/** @import { Sustained } from './sustained.mjs' */

/** One engine's phases. @typedef {{ sustained: Sustained, drain: Drain }} EngineWebhooks */
/** The standard run's create figures. @typedef {NonNullable<ReturnType<typeof standardCreateFigures>>} StandardCreate */

/**
 * The parts of a standard run's results file read here.
 * @typedef {object} StandardDoc
 * @property {string} [kind]
 * @property {string} [startedAt]
 * @property {string} [mode]
 * @property {Record<string, { results?: { create?: { rps?: number } } }>} [engines]
 */

export const n = fmt.int;
/** @type {Format} */
export const ms = (v) =>
  v === null || v === undefined ? '-' : v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US');
/** @type {Format} */
const sec = (v) => (v === null || v === undefined ? '-' : (v / 1000).toFixed(2));

/** The create req/s of the latest standard run on each engine (latest.json, else the newest dated file). */
export function standardCreateFigures() {
  /** @type {string[]} */
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
      /** @type {StandardDoc} */
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

/**
 * What counts as an error in a phase's result (sustained with its paced part, or drain).
 * @param {{ missing: number, unexpected: number, paced?: { missing: number }, malformed?: number, create?: { errors: number }, createNoEndpoint?: { errors: number }, backlogErrors?: number }} s
 */
export function errorsOf(s) {
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

/** @param {Record<string, EngineWebhooks>} engines */
export function printTables(engines) {
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
    /** @type {string[]} */
    const notes = [];
    if (s.signature !== 'verified') notes.push(`signature check: ${s.signature}`);
    /** @param {{ deliveryStates: Record<string, number> }} x */
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

/**
 * Adds `webhooks` to latest.json, keeping a standard run's figures already there.
 * @param {object} section
 * @param {boolean} save
 */
export function writeWebhookResults(section, save) {
  const latest = path.join(RESULTS_DIR, 'latest.json');
  /** @type {Record<string, unknown> | null} */
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
