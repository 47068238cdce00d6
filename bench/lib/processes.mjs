// @ts-check
// Child processes of a run: the ceiling and Roster servers, each in its own process, started on
// a free loopback port, awaited until they answer, sampled for RSS and stopped by their pid.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** @import { ChildProcess } from 'node:child_process' */
/** @import { AddressInfo } from 'node:net' */

/**
 * A child process that stopAll() ends; stderr() is the tail of what it wrote there.
 * @template {ChildProcess} [C=ChildProcess]
 * @typedef {object} Tracked
 * @property {string} name
 * @property {number} pid
 * @property {C} child
 * @property {() => string} stderr
 * @property {(timeoutMs?: number) => Promise<void>} stop
 */
/** A server in a child process, answering at url. @typedef {Tracked & { url: string }} Server */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const HOST = '127.0.0.1';
/** @type {Set<Tracked>} */
const children = new Set();

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = /** @type {AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/**
 * @param {string} url
 * @param {ChildProcess} child
 */
async function waitHealthy(url, child, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before answering`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer /healthz within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/**
 * Remembers a child process so stopAll() ends it; keeps the tail of its stderr for errors.
 * @template {ChildProcess} C
 * @param {C} child
 * @param {string} name
 * @returns {Tracked<C>}
 */
export function track(child, name) {
  const { pid } = child;
  if (pid === undefined) throw new Error(`${name} did not start`);
  /** @type {Buffer[]} */
  const stderr = [];
  child.stderr?.on('data', (chunk) => {
    stderr.push(chunk);
    if (stderr.length > 200) stderr.shift();
  });
  const handle = {
    name,
    pid,
    child,
    stderr: () => Buffer.concat(stderr).toString('utf8'),
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
  children.add(handle);
  child.once('exit', () => children.delete(handle));
  return handle;
}

/** @returns {Promise<Server>} */
export async function startCeiling() {
  const child = spawn(process.execPath, [path.join(ROOT, 'bench', 'ceiling.mjs')], {
    env: { PATH: process.env.PATH, HOST },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = track(child, 'ceiling');
  /** @type {string} */
  const line = await new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the ceiling exited with code ${code}: ${server.stderr()}`)));
  });
  const url = `http://${HOST}:${JSON.parse(line).port}`;
  await waitHealthy(url, child);
  return { ...server, url };
}

/** Variables a parent shell may set that must not leak into a Roster child (engine, limits). */
const INHERITED_OUT = /^(DATABASE_URL|REDIS_URL|ROSTER_|LOG_LEVEL$|PORT$|HOST$)/;

/**
 * @param {Record<string, string | undefined>} extra
 * @returns {Record<string, string | undefined>}
 */
export function rosterEnv(extra) {
  /** @type {Record<string, string | undefined>} */
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!INHERITED_OUT.test(k)) env[k] = v;
  return { ...env, HOST, ROSTER_RATE_LIMITS: 'off', LOG_LEVEL: 'warn', ...extra };
}

/**
 * Starts `node dist/main.js serve` with `env` (from rosterEnv); cpuProfDir adds --cpu-prof.
 * @param {Record<string, string | undefined>} env
 * @param {{ cpuProfDir?: string | null }} [options]
 */
export async function startRoster(env, { cpuProfDir = null } = {}) {
  const port = await freePort();
  const flags = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const child = spawn(process.execPath, [...flags, path.join(ROOT, 'dist', 'main.js'), 'serve'], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.resume();
  const server = track(child, 'roster');
  const url = `http://${HOST}:${port}`;
  try {
    await waitHealthy(url, child);
  } catch (error) {
    throw new Error(`${/** @type {Error} */ (error).message}\n${server.stderr()}`);
  }
  return { ...server, url };
}

/** Stops every child still running (on failure or Ctrl-C). */
export async function stopAll() {
  await Promise.all([...children].map((handle) => handle.stop(3_000)));
}

/** @param {number} pid */
function rssKb(pid) {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Samples VmRSS of `pid` every intervalMs until stop(); returns the peak and last in MB.
 * @param {number} pid
 */
export function sampleRss(pid, intervalMs = 100) {
  let peak = rssKb(pid) ?? 0;
  const timer = setInterval(() => {
    const kb = rssKb(pid);
    if (kb !== null && kb > peak) peak = kb;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const last = rssKb(pid);
      if (last !== null && last > peak) peak = last;
      return { peakMb: peak / 1024, lastMb: (last ?? 0) / 1024 };
    },
  };
}

/** @type {number | null} */
let ticksPerSecond = null;

/**
 * CPU time (user + system) the process `pid` has used so far, in milliseconds; null if gone.
 * @param {number} pid
 * @returns {number | null}
 */
export function cpuMs(pid) {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  try {
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}
