#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `--cpu-prof`): top functions by self time, self time by
// package or area, and with --callers=NAME the call paths that lead to a function, with their
// inclusive time; --inclusive lists Roster's own functions (dist/) by inclusive time.
// Usage: node bench/profile-summary.mjs FILE.cpuprofile [--top=N] [--callers=NAME] [--inclusive]
import fs from 'node:fs';
import path from 'node:path';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/profile-summary.mjs FILE.cpuprofile [--top=N]\n');
  process.exit(1);
}
const top = Number(/--top=(\d+)/.exec(rest.join(' '))?.[1] ?? 30);
const callersOf = /--callers=(\S+)/.exec(rest.join(' '))?.[1] ?? null;
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

function area(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const mod = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (mod) return mod[1];
  if (url.startsWith('node:')) return 'node:internal';
  const dist = /\/dist\/(.+)$/.exec(url);
  if (dist) return `roster:${path.dirname(dist[1])}`;
  return url;
}

const fns = new Map();
const areas = new Map();
let total = 0;
for (const [id, us] of selfUs) {
  const { callFrame: f } = byId.get(id);
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
const pct = (us) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
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

const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map();
for (const [id, us] of selfUs) {
  // A recursive frame counts once per sample.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const f = byId.get(cur).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url}:${f.lineNumber}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(cur, (inclusive.get(cur) ?? 0) + us);
  }
}

if (rest.includes('--inclusive')) {
  const own = new Map();
  for (const [id, us] of inclusive) {
    const f = byId.get(id).callFrame;
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
  const chains = new Map();
  for (const n of profile.nodes) {
    if (n.callFrame.functionName !== callersOf) continue;
    const names = [];
    for (let cur = parent.get(n.id); cur !== undefined && names.length < 6; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      names.push(`${f.functionName || '(anonymous)'}${f.url ? `@${path.basename(f.url)}:${f.lineNumber + 1}` : ''}`);
    }
    const key = names.join(' < ');
    chains.set(key, (chains.get(key) ?? 0) + (inclusive.get(n.id) ?? 0));
  }
  process.stdout.write(`\ncallers of ${callersOf} (inclusive time)\n`);
  for (const [key, us] of [...chains].sort((x, y) => y[1] - x[1]).slice(0, 12))
    process.stdout.write(`${ms(us)} ${pct(us)}  < ${key}\n`);
}
