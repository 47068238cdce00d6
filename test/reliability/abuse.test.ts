// Abuse limits (issue 5, item 7), on a real `roster serve` process over SQLite: the behaviour is
// the HTTP server's, the same on either engine. Oversized headers are refused or cut, never left
// hanging; slow clients trickling headers, idle connections, idle keep-alive sockets and bodies
// trickled forever are all cut by the configured timeouts; meanwhile other clients keep getting
// answers with normal latency and the server's memory stays bounded. The timeouts are shortened
// through the configuration so the suite runs in seconds; their defaults are checked in-process.
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createTestContext, createTestDatabase, type TestDatabase } from '../helpers/harness.js';
import {
  build,
  call,
  figures,
  kill,
  killAllRoster,
  newApiKey,
  rosterEnv,
  sleep,
  startRoster,
  type RosterProcess,
} from './helpers/processes.js';

const HEADERS_TIMEOUT_MS = 2_000;
const REQUEST_TIMEOUT_MS = 4_000;
const KEEP_ALIVE_TIMEOUT_MS = 1_000;
/** How late a timeout may act: Node checks headers and request timeouts on an interval (at most 1 s here). */
const SLACK_MS = 2_000;
/** Latency still called normal for another client while the server is being abused. */
const NORMAL_LATENCY_MS = 500;

let database: TestDatabase | undefined;
let server: RosterProcess | undefined;
let port = 0;
const key = newApiKey();
let userPath = '';

/** What one raw connection saw: the bytes the server sent and when the server closed it. */
interface Raw {
  socket: net.Socket;
  openedAt: number;
  closed: Promise<{ at: number; data: string; error: string | null }>;
}

function rawConnect(): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let data = '';
    let error: string | null = null;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    const closed = new Promise<{ at: number; data: string; error: string | null }>((done) =>
      socket.on('close', () => done({ at: Date.now(), data, error })),
    );
    socket.once('connect', () => resolve({ socket, openedAt: Date.now(), closed }));
    socket.once('error', reject);
  });
}

/** Resolves with `what` when the promise does not settle in time (the test then fails on it). */
const orTimeout = <T, U>(promise: Promise<T>, ms: number, what: U) =>
  Promise.race([promise, sleep(ms).then(() => what)]);

/** The status line and parsed JSON body of a raw HTTP answer, or null when nothing came back. */
function parseAnswer(data: string): { status: number; body: any } | null {
  const match = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(data);
  if (!match) return null;
  let body: any = match[3];
  try {
    body = JSON.parse(match[3] as string);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: Number(match[1]), body };
}

/** A 400/408 in the error envelope, or a plain close with nothing sent: never anything else. */
function expectRefusedOrClosed(data: string, statuses = [400, 408]): string {
  if (data === '') return 'closed';
  const answer = parseAnswer(data);
  expect(answer, data.slice(0, 200)).not.toBeNull();
  expect(statuses).toContain(answer!.status);
  expect(answer!.body.errors?.[0]?.type, data.slice(0, 300)).toBe('bad_request');
  return String(answer!.status);
}

/** Another, well-behaved client: an authenticated GET every 100 ms until stop(). */
function startProbe() {
  const latencies: number[] = [];
  const failures: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const start = Date.now();
      try {
        const res = await call(server!.url, 'GET', userPath, key, undefined, 10_000);
        if (res.status !== 200) failures.push(`${res.status}`);
      } catch (error) {
        failures.push((error as Error).message);
      }
      latencies.push(Date.now() - start);
      await sleep(100);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return { requests: latencies.length, failures, maxLatencyMs: Math.max(0, ...latencies) };
  };
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 102.4) / 10 : NaN;
}

describe('abuse limits on a real server (SQLite)', () => {
  beforeAll(async () => {
    await build();
    database = await createTestDatabase('sqlite');
    server = await startRoster(
      rosterEnv('sqlite', database, {
        ROSTER_API_KEY: key,
        ROSTER_HEADERS_TIMEOUT: `${HEADERS_TIMEOUT_MS}ms`,
        ROSTER_REQUEST_TIMEOUT: `${REQUEST_TIMEOUT_MS}ms`,
        ROSTER_KEEP_ALIVE_TIMEOUT: `${KEEP_ALIVE_TIMEOUT_MS}ms`,
      }),
    );
    port = Number(new URL(server.url).port);
    const created = await call(server.url, 'POST', '/api/v2/end-users/', key, { external_id: 'probe' });
    expect(created.status).toBe(201);
    userPath = `/api/v2/end-users/${created.body.end_user_id}`;
  });

  afterAll(async () => {
    if (server?.isRunning()) await kill(server, 'SIGTERM', 10_000).catch(() => {});
    await killAllRoster();
    await database?.drop();
  });

  it('configures headersTimeout, requestTimeout and keepAliveTimeout on the HTTP server', async () => {
    const cases: Array<{ env: Record<string, string>; headers: number; request: number; keepAlive: number }> = [
      { env: {}, headers: 10_000, request: 30_000, keepAlive: 5_000 },
      {
        env: { ROSTER_HEADERS_TIMEOUT: '3s', ROSTER_REQUEST_TIMEOUT: '20s', ROSTER_KEEP_ALIVE_TIMEOUT: '65s' },
        headers: 3_000,
        request: 20_000,
        keepAlive: 65_000,
      },
    ];
    for (const c of cases) {
      const ctx = await createTestContext('sqlite', { env: c.env });
      try {
        const s = ctx.app.server;
        expect([s.headersTimeout, s.requestTimeout, s.keepAliveTimeout]).toEqual([c.headers, c.request, c.keepAlive]);
        // Node enforces the first two on an interval, 30 s unless told otherwise: far too late.
        expect((s as { connectionsCheckingInterval?: number }).connectionsCheckingInterval).toBeLessThanOrEqual(1_000);
      } finally {
        await ctx.close();
      }
    }
    expect(() => loadConfig({ ROSTER_HEADERS_TIMEOUT: '40s' })).toThrow(ConfigError);
    expect(() => loadConfig({ ROSTER_REQUEST_TIMEOUT: 'soon' })).toThrow(ConfigError);
  });

  it('answers oversized headers with a 400 envelope or a close, never a hang', async () => {
    const big = (n: number) => 'a'.repeat(n);
    const cases = [
      { name: 'one 20 KiB header', head: `GET ${userPath} HTTP/1.1\r\nHost: x\r\nX-Big: ${big(20 * 1024)}\r\n\r\n` },
      {
        name: '400 headers, 28 KiB',
        head: `GET ${userPath} HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 400 }, (_, i) => `X-H${i}: ${big(60)}\r\n`).join('')}\r\n`,
      },
      {
        name: '1 MiB header, never finished',
        head: `GET ${userPath} HTTP/1.1\r\nHost: x\r\nX-Huge: ${big(1024 * 1024)}`,
      },
    ];
    const outcomes: Record<string, string> = {};
    let slowest = 0;
    for (const c of cases) {
      const raw = await rawConnect();
      raw.socket.write(c.head);
      const result = await orTimeout(raw.closed, 5_000, null);
      raw.socket.destroy();
      expect(result, `${c.name}: the server neither answered nor closed within 5 s`).not.toBeNull();
      outcomes[c.name] = expectRefusedOrClosed(result!.data, [400]);
      slowest = Math.max(slowest, result!.at - raw.openedAt);
    }
    // Below the limit, large headers are fine.
    const fine = await fetch(`${server!.url}${userPath}`, {
      headers: { authorization: `Bearer ${key}`, 'x-large': big(8 * 1024) },
    });
    expect(fine.status).toBe(200);
    figures('abuse-oversized-headers', {
      requests: cases.length + 1,
      outcomes,
      slowest_answer_ms: slowest,
      server_running: server!.isRunning(),
    });
    expect(server!.isRunning()).toBe(true);
  });

  it('cuts slow clients trickling headers at headersTimeout while others get normal latency', async () => {
    const SLOW = 20;
    const stopProbe = startProbe();
    const slow = await Promise.all(Array.from({ length: SLOW }, () => rawConnect()));
    const timers = slow.map((raw) => {
      raw.socket.write(`GET ${userPath} HTTP/1.1\r\nHost: x\r\nX-Slow: `);
      return setInterval(() => raw.socket.writable && raw.socket.write('a'), 500);
    });
    try {
      const results = await Promise.all(
        slow.map((raw) => orTimeout(raw.closed, HEADERS_TIMEOUT_MS + SLACK_MS + 3_000, null)),
      );
      const probe = await stopProbe();
      const heldMs = results.map((r, i) => (r ? r.at - slow[i]!.openedAt : Infinity));
      const outcomes = results.map((r) => (r ? expectRefusedOrClosed(r.data) : 'open'));
      figures('abuse-slow-headers', {
        slow_clients: SLOW,
        byte_every_ms: 500,
        headers_timeout_ms: HEADERS_TIMEOUT_MS,
        cut_after_ms: { min: Math.min(...heldMs), max: Math.max(...heldMs) },
        outcomes: [...new Set(outcomes)],
        other_requests: probe.requests,
        other_failures: probe.failures.length,
        other_max_latency_ms: probe.maxLatencyMs,
      });
      expect(
        outcomes.filter((o) => o === 'open'),
        'slow clients still connected',
      ).toEqual([]);
      for (const ms of heldMs) {
        expect(ms).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
        expect(ms).toBeLessThanOrEqual(HEADERS_TIMEOUT_MS + SLACK_MS);
      }
      expect(probe.failures).toEqual([]);
      expect(probe.maxLatencyMs).toBeLessThan(NORMAL_LATENCY_MS);
    } finally {
      timers.forEach(clearInterval);
      slow.forEach((raw) => raw.socket.destroy());
    }
  });

  it('keeps answering others with 500 idle connections open, closes them, and memory stays bounded', async () => {
    const IDLE = 500;
    const pid = server!.child.pid!;
    const rssBefore = rssMb(pid);
    const idle: Raw[] = [];
    try {
      // Opened in batches, so the listen backlog is never what refuses them.
      for (let i = 0; i < IDLE; i += 50)
        idle.push(...(await Promise.all(Array.from({ length: 50 }, () => rawConnect()))));
      const rssWith = rssMb(pid);
      const stopProbe = startProbe();
      const results = await Promise.all(
        idle.map((raw) => orTimeout(raw.closed, HEADERS_TIMEOUT_MS + SLACK_MS + 3_000, null)),
      );
      const probe = await stopProbe();
      await sleep(500);
      const rssAfter = rssMb(pid);
      const closedByServer = results.filter((r) => r !== null);
      figures('abuse-idle-connections', {
        idle_connections: IDLE,
        closed_by_server: closedByServer.length,
        closed_within_ms: Math.max(...closedByServer.map((r, i) => r!.at - idle[i]!.openedAt)),
        rss_before_mb: rssBefore,
        rss_with_idle_mb: rssWith,
        rss_after_mb: rssAfter,
        other_requests: probe.requests,
        other_failures: probe.failures.length,
        other_max_latency_ms: probe.maxLatencyMs,
      });
      expect(closedByServer.length, 'idle connections the server closed').toBe(IDLE);
      for (const r of closedByServer) expectRefusedOrClosed(r!.data);
      expect(rssWith - rssBefore, 'RSS growth with 500 idle connections (MB)').toBeLessThan(64);
      expect(rssAfter - rssBefore, 'RSS growth left after they closed (MB)').toBeLessThan(64);
      expect(probe.failures).toEqual([]);
      expect(probe.maxLatencyMs).toBeLessThan(NORMAL_LATENCY_MS);
    } finally {
      idle.forEach((raw) => raw.socket.destroy());
    }
  });

  it('closes an idle keep-alive connection after keepAliveTimeout', async () => {
    const raw = await rawConnect();
    raw.socket.write(`GET ${userPath} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n\r\n`);
    let answeredAt = 0;
    raw.socket.once('data', () => (answeredAt = Date.now()));
    const result = await orTimeout(raw.closed, KEEP_ALIVE_TIMEOUT_MS + SLACK_MS + 3_000, null);
    raw.socket.destroy();
    expect(result, 'the keep-alive socket was never closed').not.toBeNull();
    const answer = parseAnswer(result!.data);
    expect(answer?.status).toBe(200);
    expect(result!.data).toMatch(/\r\nKeep-Alive: timeout=1\r\n/i);
    const idleMs = result!.at - answeredAt;
    figures('abuse-keep-alive', { keep_alive_timeout_ms: KEEP_ALIVE_TIMEOUT_MS, closed_after_idle_ms: idleMs });
    expect(idleMs).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 100);
    expect(idleMs).toBeLessThanOrEqual(KEEP_ALIVE_TIMEOUT_MS + SLACK_MS);
  });

  it('cuts a request body trickled forever at requestTimeout while others get normal latency', async () => {
    const stopProbe = startProbe();
    const raw = await rawConnect();
    raw.socket.write(
      `POST /api/v2/end-users/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"external_id":"`,
    );
    const timer = setInterval(() => raw.socket.writable && raw.socket.write('a'), 200);
    try {
      const result = await orTimeout(raw.closed, REQUEST_TIMEOUT_MS + SLACK_MS + 3_000, null);
      const probe = await stopProbe();
      const heldMs = result ? result.at - raw.openedAt : null;
      const outcome = result ? expectRefusedOrClosed(result.data) : 'open';
      figures('abuse-slow-body', {
        request_timeout_ms: REQUEST_TIMEOUT_MS,
        cut_after_ms: heldMs,
        outcome,
        other_requests: probe.requests,
        other_failures: probe.failures.length,
        other_max_latency_ms: probe.maxLatencyMs,
      });
      expect(outcome, 'the trickled body was still being read').not.toBe('open');
      expect(heldMs!).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
      expect(heldMs!).toBeLessThanOrEqual(REQUEST_TIMEOUT_MS + SLACK_MS);
      expect(probe.failures).toEqual([]);
      expect(probe.maxLatencyMs).toBeLessThan(NORMAL_LATENCY_MS);
      expect(server!.isRunning()).toBe(true);
      // A client that gives up is the client's doing: nothing logged as an error or an outage.
      await sleep(200);
      const logged = server!
        .output()
        .split('\n')
        .filter((line) => /"level":(5|6)\d|database unavailable/.test(line));
      expect(logged).toEqual([]);
    } finally {
      clearInterval(timer);
      raw.socket.destroy();
    }
  });
});
