// The Redis a test run uses for the suites that need one (rate limits shared between instances):
// ROSTER_TEST_REDIS_URL, else the local one at 127.0.0.1:6379, else a redis-server of its own on a
// free port when one is on the PATH, else none (those suites are skipped; CI refuses skips).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './cli.js';
import { LOCAL_REDIS_URL, oneLine, shownUrl } from './test-env.js';

const READY_WITHIN_MS = 15_000;

/** Null when the server answers PING, else why not in one line; never throws. */
export async function probeRedis(url: string, timeoutMs = 3_000): Promise<string | null> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    retryStrategy: () => null,
  });
  let failure: string | null = null;
  client.on('error', (error) => (failure ??= oneLine(error)));
  try {
    await client.connect();
    const pong = await client.ping();
    return pong === 'PONG' ? null : `answered ${pong} to PING`;
  } catch (error) {
    return failure ?? oneLine(error);
  } finally {
    client.disconnect();
  }
}

export interface OwnRedis {
  url: string;
  stop(): Promise<void>;
}

/** Starts `redis-server` from the PATH on a free loopback port, nothing saved; null when there is none on the PATH. */
export async function startRedisServer(command = 'redis-server'): Promise<OwnRedis | null> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-test-redis-'));
    const child = spawn(
      command,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let log = '';
    child.stdout!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4096)));
    child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4096)));
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    let alive = true;
    let notFound = false;
    child.once('error', (error: NodeJS.ErrnoException) => {
      alive = false;
      notFound = error.code === 'ENOENT';
    });
    void exited.then(() => (alive = false));
    const orphanGuard = () => child.kill('SIGKILL');
    process.once('exit', orphanGuard);
    const cleanUp = async () => {
      if (alive) {
        child.kill('SIGTERM');
        await exited;
      }
      process.removeListener('exit', orphanGuard);
      fs.rmSync(dir, { recursive: true, force: true });
    };

    const url = `redis://127.0.0.1:${port}`;
    const deadline = Date.now() + READY_WITHIN_MS;
    while (alive && Date.now() < deadline) {
      if ((await probeRedis(url, 1_000)) === null) return { url, stop: cleanUp };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await cleanUp();
    if (notFound) return null;
    if (attempt < 3 && log.includes('Address already in use')) continue;
    throw new Error(`${command} did not start: ${log.trim().split('\n').at(-1) ?? 'no output'}`);
  }
}

export interface RedisChoice {
  url: string | null;
  missing: string | null;
  line: string;
  stop(): Promise<void>;
}

/** ROSTER_TEST_REDIS_URL, then the local Redis, then a redis-server of the run's own, then none. */
export async function chooseRedis(
  env: NodeJS.ProcessEnv,
  { localUrl = LOCAL_REDIS_URL, command = 'redis-server' }: { localUrl?: string; command?: string } = {},
): Promise<RedisChoice> {
  const nothingToStop = async () => undefined;
  const tried: string[] = [];
  const given = env.ROSTER_TEST_REDIS_URL || undefined;
  const candidates: [string, string][] = [];
  if (given) candidates.push(['ROSTER_TEST_REDIS_URL', given]);
  if (given !== localUrl) candidates.push(['the local Redis', localUrl]);
  for (const [source, url] of candidates) {
    const failure = await probeRedis(url);
    if (failure === null) {
      const after = tried.length ? ` (${tried.join('; ')})` : '';
      return { url, missing: null, line: `Redis: ${source} ${shownUrl(url)}${after}`, stop: nothingToStop };
    }
    tried.push(`nothing answers at ${shownUrl(url)}: ${failure}`);
  }
  try {
    const own = await startRedisServer(command);
    if (own) {
      return {
        url: own.url,
        missing: null,
        line: `Redis: ${command} started for this run at ${own.url} (${tried.join('; ')})`,
        stop: own.stop,
      };
    }
    tried.push(`no ${command} on the PATH`);
  } catch (error) {
    tried.push(oneLine(error));
  }
  const missing = `no Redis: ${tried.join('; ')}`;
  return {
    url: null,
    missing,
    line: `Redis: none, the suites that need it are skipped; ${missing}`,
    stop: nothingToStop,
  };
}
