// Drives the BUILT roster command (bin/roster.js over dist/) as child processes, the way an
// operator meets it: one-shot CLI commands and a real listening `roster serve`.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'roster.js');
export const KEY_LINE = /^roster_[A-Za-z0-9_-]{43}$/;
export const ANY_KEY = /roster_[A-Za-z0-9_-]{43}/;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type Env = Record<string, string>;
export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

const children = new Set<ChildProcess>();

/**
 * Compiles src/ into dist/ when dist/ is older than any source, so the tests run the code as it
 * is now. Test files run in parallel and several build: a lock directory makes them take turns,
 * so none runs the command while another is writing dist/.
 */
export async function build(): Promise<void> {
  const lock = path.join(
    os.tmpdir(),
    `roster-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 16)}.lock`,
  );
  const deadline = Date.now() + 170_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a build that was killed: older than any build takes.
      const held = fs.statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 150_000) fs.rmSync(lock, { force: true, recursive: true });
      if (Date.now() > deadline) throw new Error(`another build held ${lock} for too long`);
      await sleep(200);
    }
  }
  try {
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'build-if-needed.mjs')], { cwd: ROOT });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  } finally {
    fs.rmSync(lock, { force: true, recursive: true });
  }
}

/** Ends every roster process these helpers started and that is still running. */
export function killAll(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** A scratch directory for commands that must not touch a real database. */
export function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'roster-cli-'));
}

export function spawnRoster(args: string[], env: Env, cwd = os.tmpdir(), bin = BIN): ChildProcess {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** Runs one CLI command to completion (in `cwd`, the system's temporary directory by default). */
export function roster(args: string[], env: Env, cwd?: string, bin?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawnRoster(args, env, cwd, bin);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function ok(args: string[], env: Env, cwd?: string): Promise<Result> {
  const result = await roster(args, env, cwd);
  if (result.code !== 0)
    throw new Error(`roster ${args.join(' ')} exited ${result.code}:\n${result.stdout}${result.stderr}`);
  return result;
}

export const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

/** A TCP port on loopback that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

export interface Server {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal that ended the process). */
  exited: Promise<number | string | null>;
  stop(): Promise<number | string | null>;
}

/** Starts `roster serve` on a free port and waits until it listens. */
export async function serve(env: Env): Promise<Server> {
  const port = await freePort();
  const child = spawnRoster(['serve'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (out += chunk));
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  const deadline = Date.now() + 20_000;
  let stopped: number | string | null | undefined;
  void exited.then((code) => (stopped = code));
  while (!out.includes('roster is listening')) {
    if (stopped !== undefined) throw new Error(`roster serve exited ${stopped}:\n${out}`);
    if (Date.now() > deadline) throw new Error(`roster serve did not start:\n${out}`);
    await sleep(25);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output: () => out,
    exited,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function createEndUser(server: Server, key: string, body: unknown = {}): Promise<number> {
  const res = await fetch(`${server.url}/api/v2/end-users/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`${what} took longer than ${ms} ms`)))]);
}
