#!/usr/bin/env node
// @ts-check
// Summarises a V8 .cpuprofile (from `--cpu-prof`): top functions by self time, self time by
// package or area, and with --callers=NAME the call paths that lead to a function, with their
// inclusive time; --inclusive lists Roster's own functions (dist/) by inclusive time.
// Usage: node bench/profile-summary.mjs FILE.cpuprofile [--top=N] [--callers=NAME] [--inclusive]
import fs from 'node:fs';
import path from 'node:path';

/**
 * The parts of a V8 .cpuprofile read here.
 * @typedef {{ functionName: string, url: string, lineNumber: number }} CallFrame
 * @typedef {{ id: number, callFrame: CallFrame, children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[] }} Profile
 */

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/profile-summary.mjs FILE.cpuprofile [--top=N]\n');
  process.exit(1);
}
const top = Number(/--top=(\d+)/.exec(rest.join(' '))?.[1] ?? 30);
const callersOf = /--callers=(\S+)/.exec(rest.join(' '))?.[1] ?? null;
/** @type {Profile} */
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
/** @type {Map<number, number>} */
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

/**
 * The call frame of node `id`; a profile has a node for every id it refers to.
 * @param {number} id
 */
function frame(id) {
  const node = byId.get(id);
  if (!node) throw new Error(`${file}: no node ${id}`);
  return node.callFrame;
}

/**
 * @param {string} url
 * @param {string} name
 */
function area(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const mod = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (mod?.[1]) return mod[1];
  if (url.startsWith('node:')) return 'node:internal';
  const dist = /\/dist\/(.+)$/.exec(url);
  if (dist?.[1]) return `roster:${path.dirname(dist[1])}`;
  return url;
}

/** @type {Map<string, number>} */
const fns = new Map();
/** @type {Map<string, number>} */
const areas = new Map();
let total = 0;
for (const [id, us] of selfUs) {
  const f = frame(id);
  const name = f.functionName || '(anonymous)';
  const where = f.url ? `${f.url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/')}:${f.lineNumber + 1}` : '';
  const key = `${name} ${where}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  const a = area(f.url, name);
  areas.set(a, (areas.get(a) ?? 0) + us);
  total += us;
}
const idle = fns.get('(idle) ') ?? 0;
const busy = total - idle;
/** @param {number} us */
const pct = (us) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
/** @param {number} us */
const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;

process.stdout.write(
  `profile ${path.basename(file)}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (percentages of busy)\n\n`,
);
process.stdout.write('self time by area\n');
for (const [a, us] of [...areas]
  .filter(([a]) => a !== '(idle)')
  .sort((x, y) => y[1] - x[1])
  .slice(0, 15)) {
  process.stdout.write(`${ms(us)} ${pct(us)}  ${a}\n`);
}
process.stdout.write(`\ntop ${top} functions by self time\n`);
for (const [key, us] of [...fns]
  .filter(([k]) => !k.startsWith('(idle)'))
  .sort((x, y) => y[1] - x[1])
  .slice(0, top)) {
  process.stdout.write(`${ms(us)} ${pct(us)}  ${key}\n`);
}

/** @type {Map<number, number>} */
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
/** @type {Map<number, number>} */
const inclusive = new Map();
for (const [id, us] of selfUs) {
  // A recursive frame counts once per sample.
  const seen = new Set();
  for (let cur = /** @type {number | undefined} */ (id); cur !== undefined; cur = parent.get(cur)) {
    const f = frame(cur);
    const key = `${f.functionName || '(anonymous)'} ${f.url}:${f.lineNumber}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(cur, (inclusive.get(cur) ?? 0) + us);
  }
}

if (rest.includes('--inclusive')) {
  /** @type {Map<string, number>} */
  const own = new Map();
  for (const [id, us] of inclusive) {
    const f = frame(id);
    if (!/\/dist\//.test(f.url) || f.url.includes('node_modules')) continue;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/dist\//, 'dist/')}:${f.lineNumber + 1}`;
    own.set(key, (own.get(key) ?? 0) + us);
  }
  process.stdout.write(`\nRoster functions by inclusive time\n`);
  for (const [key, us] of [...own].sort((x, y) => y[1] - x[1]).slice(0, top))
    process.stdout.write(`${ms(us)} ${pct(us)}  ${key}\n`);
}

if (callersOf) {
  // The caller chains (up to 6 frames) of nodes named callersOf.
  /** @type {Map<string, number>} */
  const chains = new Map();
  for (const n of profile.nodes) {
    if (n.callFrame.functionName !== callersOf) continue;
    /** @type {string[]} */
    const names = [];
    for (let cur = parent.get(n.id); cur !== undefined && names.length < 6; cur = parent.get(cur)) {
      const f = frame(cur);
      names.push(`${f.functionName || '(anonymous)'}${f.url ? `@${path.basename(f.url)}:${f.lineNumber + 1}` : ''}`);
    }
    const key = names.join(' < ');
    chains.set(key, (chains.get(key) ?? 0) + (inclusive.get(n.id) ?? 0));
  }
  process.stdout.write(`\ncallers of ${callersOf} (inclusive time)\n`);
  for (const [key, us] of [...chains].sort((x, y) => y[1] - x[1]).slice(0, 12))
    process.stdout.write(`${ms(us)} ${pct(us)}  < ${key}\n`);
}
