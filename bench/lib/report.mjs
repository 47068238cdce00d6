// @ts-check
// Tables on stdout and JSON under bench/results/: latest.json always (ignored by git), a dated
// file with --save (kept in git). Targets are the issue's; a miss is shown, never hidden.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './processes.mjs';
/** @import { Measured } from './drive.mjs' */
/** @import { EngineName } from './engines.mjs' */

/** A cell of a table: printed with String(). @typedef {string | number | null | undefined} Cell */
/** A formatted figure: '-' for none. @typedef {(v: number | null | undefined) => string} Format */
/** A Roster scenario's row: its figures, the ratio to the ceiling and the targets it missed. @typedef {Measured & { ceilingRps: number | null, ratio: number | null, misses: string[] }} EngineRow */

export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

/**
 * A progress line on stderr; the tables go to stdout.
 * @param {string} text
 */
export const log = (text) => process.stderr.write(`${text}\n`);

/**
 * One measured scenario in a progress line.
 * @param {{ rps: number, p99: number | null, errors: number }} r
 */
export const brief = (r) =>
  `${Math.round(r.rps).toLocaleString('en-US')} req/s, p99 ${r.p99?.toFixed(2)} ms, ${r.errors} errors`;

/**
 * Minimum ratio to the ceiling and highest p99 per engine and scenario (measured with Roster
 * logging at info, one line per request), and the memory limit for every scenario.
 * @type {Record<EngineName, { ratio: Partial<Record<string, number>>, p99Ms: Partial<Record<string, number>>, rssMb: number | null }>}
 */
export const TARGETS = {
  sqlite: {
    ratio: { get: 0.6, lookup: 0.6, create: 0.4, patch: 0.35, list: 0.2 },
    p99Ms: { get: 10, lookup: 10, create: 15, list: 30 },
    rssMb: 200,
  },
  postgres: { ratio: { get: 0.4, create: 0.3 }, p99Ms: {}, rssMb: null },
};

/**
 * The targets `row` misses, empty when it meets them all.
 * @param {EngineName} engine
 * @param {string} scenario
 * @param {{ errors: number, ratio: number | null, p99: number | null, peakRssMb: number | null }} row
 */
export function checkTargets(engine, scenario, row) {
  const t = TARGETS[engine];
  /** @type {string[]} */
  const misses = [];
  if (row.errors > 0) misses.push('errors');
  const minRatio = t?.ratio[scenario];
  if (minRatio !== undefined && row.ratio !== null && row.ratio < minRatio) misses.push(`ratio<${minRatio}`);
  const maxP99 = t?.p99Ms[scenario];
  if (maxP99 !== undefined && row.p99 !== null && row.p99 >= maxP99) misses.push(`p99>=${maxP99}ms`);
  if (t?.rssMb && row.peakRssMb !== null && row.peakRssMb >= t.rssMb) misses.push(`rss>=${t.rssMb}MB`);
  return misses;
}

/** @satisfies {Record<string, Format>} */
export const fmt = {
  int: (v) => (v === null || v === undefined ? '-' : Math.round(v).toLocaleString('en-US')),
  ms: (v) => (v === null || v === undefined ? '-' : v.toFixed(2)),
  mb: (v) => (v === null || v === undefined ? '-' : v.toFixed(0)),
  ratio: (v) => (v === null || v === undefined ? '-' : v.toFixed(2)),
};

/**
 * Columns padded to their widest cell: the first left-aligned, the others right-aligned.
 * @param {string[]} headers
 * @param {Cell[][]} rows
 */
export function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  /** @param {Cell[]} cells */
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i] ?? 0) : String(c).padStart(widths[i] ?? 0))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The cells every scenario row shows, ceiling or Roster.
 * @param {Measured} r
 */
const measuredCells = (r) => [fmt.int(r.rps), fmt.ms(r.p50), fmt.ms(r.p99), r.errors, fmt.mb(r.peakRssMb)];
const MEASURED_HEADERS = ['req/s', 'p50 ms', 'p99 ms', 'errors', 'peak RSS MB'];

/** @param {Record<string, Measured>} results */
export function ceilingTable(results) {
  const rows = Object.entries(results).map(([name, r]) => [name, ...measuredCells(r), fmt.int(r.cpuUsPerRequest)]);
  return table(['ceiling', ...MEASURED_HEADERS, 'CPU us/req'], rows);
}

/**
 * @param {string} engine
 * @param {Record<string, EngineRow>} results
 */
export function engineTable(engine, results) {
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    ...measuredCells(r),
    fmt.ratio(r.ratio),
    fmt.int(r.cpuUsPerRequest),
    r.misses.length ? `MISS ${r.misses.join(',')}` : 'ok',
  ]);
  return table([engine, ...MEASURED_HEADERS, 'x ceiling', 'CPU us/req', 'targets'], rows);
}

export function machine() {
  return {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((v) => Number(v.toFixed(2))),
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** @param {string} suffix */
function datedPath(suffix) {
  const day = new Date().toISOString().slice(0, 10);
  for (let n = 1; ; n++) {
    const file = path.join(RESULTS_DIR, `${day}${suffix}${n === 1 ? '' : `-${n}`}.json`);
    if (!fs.existsSync(file)) return file;
  }
}

/**
 * Writes latest<suffix>.json and, when save is set, a dated copy; returns the paths written.
 * @param {object} doc
 * @param {{ save: boolean, suffix?: string }} options
 */
export function writeResults(doc, { save, suffix = '' }) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  const written = [path.join(RESULTS_DIR, `latest${suffix}.json`)];
  if (save) written.push(datedPath(suffix));
  for (const file of written) fs.writeFileSync(file, text);
  return written.map((f) => path.relative(ROOT, f));
}
