// Database outage on PostgreSQL (issue 5, item 3). A real `roster serve` process reaches
// PostgreSQL through a TCP proxy of this test's own; the shared server is never touched. Under a
// steady create/get/patch load the proxy is cut three ways: refusing new connections, blackholing
// them (accepted, never answered, so only timeouts notice), and blackholing them while the open
// ones freeze. During the outage every request must be a 503 service_unavailable within 5 s,
// /readyz 503, /healthz 200, the process alive; after the restore the service must come back by
// itself, and everything acknowledged (201 creates, 200 PATCHes) must still be there. Two
// targeted faults follow: one connection frozen in the middle of a transaction, and one frozen
// under a query that then times out (that connection must not be handed out again).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, PG_ADMIN_URL, createTestDatabase, type TestDatabase } from '../helpers/harness.js';
import {
  build,
  figures,
  kill,
  killAllRoster,
  newApiKey,
  rosterEnv,
  sleep,
  startRoster,
  type RosterProcess,
} from './helpers/processes.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';

const SPEC_LIMIT_MS = 5_000;
const OUTAGE_MS = 8_000;
const RECOVERY_LIMIT_MS = 15_000;
const WORKERS = 4;

/** One answer: status -1 when none came (reset, hang or abort); type of the error envelope, if any. */
interface Sample {
  op: 'create' | 'get' | 'patch' | 'readyz' | 'healthz';
  start: number;
  end: number;
  status: number;
  type: string | null;
}

function parse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A create acknowledged with 201, and the PATCHes of its last_name in the order they were sent. */
interface Acked {
  id: string;
  externalId: string;
  firstName: string;
  metadata: Record<string, string | number>;
  patches: Array<{ lastName: string; acked: boolean }>;
}

let server: RosterProcess | undefined;
let proxy: TcpProxy | undefined;
let database: TestDatabase | undefined;
const key = newApiKey();
const acked: Acked[] = [];
let serial = 0;

async function call(op: Sample['op'], method: string, path: string, body?: unknown): Promise<Sample & { json: any }> {
  const start = Date.now();
  let status: number;
  let json: any = null;
  try {
    const res = await fetch(`${server!.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      // Far beyond the 5 s the spec allows: a request still open then is counted as a hang.
      signal: AbortSignal.timeout(15_000),
    });
    status = res.status;
    json = parse(await res.text());
  } catch {
    status = -1;
  }
  const errors = json?.errors;
  const type =
    Array.isArray(errors) && errors.length === 1 && typeof errors[0]?.message === 'string' && 'details' in errors[0]
      ? String(errors[0].type)
      : null;
  return { op, start, end: Date.now(), status, type, json };
}

/**
 * Steady traffic until stop() is called: each worker creates (every third one with sensitive
 * metadata, which takes a transaction), reads a random acknowledged user and PATCHes one of its
 * own (a transaction too). Every answer is kept as a sample.
 */
function startLoad(samples: Sample[]) {
  let running = true;
  const worker = async () => {
    const mine: Acked[] = [];
    while (running) {
      const n = ++serial;
      const profile = {
        first_name: `Name ${n}`,
        metadata: { n, tag: `t${n % 7}` },
        ...(n % 3 === 0 ? { sensitive_metadata: { fields: { ssn: `s-${n}` } } } : {}),
      };
      const created = await call('create', 'POST', '/api/v2/end-users/', { external_id: `outage-${n}`, profile });
      samples.push(created);
      if (created.status === 201) {
        const user = {
          id: created.json.end_user_id,
          externalId: `outage-${n}`,
          firstName: profile.first_name,
          metadata: profile.metadata,
          patches: [],
        };
        acked.push(user);
        mine.push(user);
      }
      const known = acked[Math.floor(Math.random() * acked.length)];
      if (known) samples.push(await call('get', 'GET', `/api/v2/end-users/${known.id}`));
      const own = mine[Math.floor(Math.random() * mine.length)];
      if (own) {
        const lastName = `Last ${n}`;
        const patched = await call('patch', 'PATCH', `/api/v2/end-users/${own.id}`, {
          profile: { last_name: lastName },
        });
        samples.push(patched);
        own.patches.push({ lastName, acked: patched.status === 200 });
      }
      await sleep(20);
    }
  };
  const done = Promise.all(Array.from({ length: WORKERS }, worker));
  return async () => {
    running = false;
    await done;
  };
}

/**
 * True when the user reads back as acknowledged. Its last_name must be the last acknowledged
 * PATCH's, or that of a later attempt that failed on the way back after committing.
 */
async function stillThere(a: Acked): Promise<boolean> {
  const res = await call('get', 'GET', `/api/v2/end-users/${a.id}`);
  const u = res.json;
  const lastAcked = a.patches.map((p) => p.acked).lastIndexOf(true);
  const allowed = [
    lastAcked === -1 ? null : a.patches[lastAcked]!.lastName,
    ...a.patches.slice(lastAcked + 1).map((p) => p.lastName),
  ];
  return (
    res.status === 200 &&
    u.external_id === a.externalId &&
    u.profile.first_name === a.firstName &&
    JSON.stringify(u.profile.metadata) === JSON.stringify(a.metadata) &&
    allowed.includes(u.profile.last_name)
  );
}

const report = (data: Record<string, unknown>) => figures('db-outage', data);
const maxLatency = (list: Sample[]) => list.reduce((m, s) => Math.max(m, s.end - s.start), 0);
const describeSample = (s: Sample) => `${s.op} ${s.status} ${s.type ?? '-'} ${s.end - s.start}ms`;

const WHAT = {
  refuse: 'refuses connections',
  blackhole: 'is blackholed',
  stall: 'is blackholed and open connections freeze',
} as const;

const PG = ENGINES.includes('postgres');

describe.skipIf(!PG)('database outage on PostgreSQL through a TCP proxy', () => {
  beforeAll(async () => {
    await build();
    database = await createTestDatabase('postgres');
    const admin = new URL(PG_ADMIN_URL);
    proxy = await startTcpProxy(Number(admin.port || 5432), admin.hostname);
    const viaProxy = new URL(database.env.DATABASE_URL as string);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    server = await startRoster(
      // No sweep during the test: it would be one more transaction for freezeNext() to catch.
      rosterEnv('postgres', database, {
        DATABASE_URL: viaProxy.toString(),
        ROSTER_API_KEY: key,
        ROSTER_SWEEP_INTERVAL: '1h',
      }),
    );
  });

  afterAll(async () => {
    // Closing the proxy first frees frozen connections, so the graceful shutdown is not kept waiting.
    await proxy?.close();
    if (server?.isRunning()) await kill(server, 'SIGTERM', 10_000).catch(() => {});
    await killAllRoster();
    await database?.drop();
  });

  for (const mode of ['refuse', 'blackhole', 'stall'] as const) {
    it(`answers 503 within 5 s while the database ${WHAT[mode]}, then recovers by itself and loses nothing`, async () => {
      const samples: Sample[] = [];
      const probes: Sample[] = [];
      const stop = startLoad(samples);
      try {
        await sleep(2_000);
        expect(
          samples.some((s) => s.status === 201),
          'creates succeed before the outage',
        ).toBe(true);

        const cutAt = Date.now();
        const cutCount = proxy!.cut(mode);
        const before = proxy!.stats();
        // Health probes during the outage, spaced so the load keeps running meanwhile.
        while (Date.now() - cutAt < OUTAGE_MS) {
          await sleep(1_500);
          probes.push(await call('readyz', 'GET', '/readyz'), await call('healthz', 'GET', '/healthz'));
          expect(server!.isRunning(), `the process is still running:\n${server!.output().slice(-1500)}`).toBe(true);
        }
        const restoreAt = Date.now();
        const after = proxy!.stats();
        proxy!.restore();

        // Recovery: no restart, just wait until a create and /readyz succeed again.
        let recoveredAt = 0;
        while (Date.now() - restoreAt < RECOVERY_LIMIT_MS) {
          const ready = await call('readyz', 'GET', '/readyz');
          if (
            ready.status === 200 &&
            samples.some((s) => s.op === 'create' && s.start >= restoreAt && s.status === 201)
          ) {
            recoveredAt = Date.now();
            break;
          }
          await sleep(100);
        }
        await sleep(4_000);
        await stop();

        // Nothing acknowledged is lost: every 201 so far reads back with its content.
        const lost: string[] = [];
        for (let i = 0; i < acked.length; i += 8) {
          await Promise.all(acked.slice(i, i + 8).map(async (a) => (await stillThere(a)) || lost.push(a.id)));
        }

        const during = samples.filter((s) => s.start > cutAt && s.end < restoreAt);
        // Connection attempts still pending at the restore may take up to their 2 s timeout to clear.
        const settled = recoveredAt ? samples.filter((s) => s.start > recoveredAt + 2_000) : [];
        const lateReady = probes.filter((p) => p.op === 'readyz' && p.start - cutAt > 1_000);
        const figures = {
          mode,
          requests: samples.length,
          requests_during_outage: during.length,
          faults_injected: cutCount + (after.refused - before.refused) + (after.blackholed - before.blackholed),
          connections_cut: cutCount,
          outage_ms: restoreAt - cutAt,
          max_latency_during_outage_ms: maxLatency(during),
          max_latency_ms: maxLatency(samples),
          readyz_during_outage: [...new Set(lateReady.map((p) => p.status))].join(','),
          recovery_ms: recoveredAt ? recoveredAt - restoreAt : null,
          errors_after_recovery: settled.filter((s) => s.status !== 200 && s.status !== 201).length,
          acknowledged_creates: acked.length,
          acknowledged_patches: acked.reduce((n, a) => n + a.patches.filter((p) => p.acked).length, 0),
          data_lost: lost.length,
        };
        report(figures);

        expect(recoveredAt, `service resumed within ${RECOVERY_LIMIT_MS} ms of the restore`).toBeGreaterThan(0);
        expect(lost, 'acknowledged end users missing or changed').toEqual([]);

        // Every answer, whenever it came: a known status, an envelope on errors, never slower than 5 s.
        const slow = samples.filter((s) => s.end - s.start >= SPEC_LIMIT_MS);
        expect(slow.map(describeSample), 'no request took 5 s or more').toEqual([]);
        const odd = samples.filter(
          (s) => ![200, 201, 503].includes(s.status) || (s.status === 503 && s.type !== 'service_unavailable'),
        );
        expect(odd.map(describeSample), 'only 200, 201 or 503 service_unavailable').toEqual([]);

        // Requests that started and ended inside the outage: all 503 service_unavailable.
        expect(during.length, 'the load kept running during the outage').toBeGreaterThanOrEqual(WORKERS);
        expect(during.filter((s) => s.status !== 503 || s.type !== 'service_unavailable').map(describeSample)).toEqual(
          [],
        );

        // Once recovered it stays recovered: nothing left over from the outage keeps failing.
        expect(settled.length).toBeGreaterThan(10);
        expect(
          settled.filter((s) => s.status !== 200 && s.status !== 201).map(describeSample),
          'errors after recovery',
        ).toEqual([]);

        expect(lateReady.length).toBeGreaterThan(0);
        for (const p of lateReady) {
          expect(p.status, '/readyz during the outage').toBe(503);
          expect(p.type).toBe('service_unavailable');
        }
        for (const p of probes.filter((p) => p.op === 'healthz'))
          expect(p.status, '/healthz during the outage').toBe(200);
        expect(maxLatency(probes)).toBeLessThan(SPEC_LIMIT_MS);
        expect(server!.isRunning(), 'the process never exited').toBe(true);
      } finally {
        proxy!.restore();
        await stop();
      }
    });
  }

  it('answers 503 within 5 s when the connection freezes in the middle of a transaction, and carries on', async () => {
    const created = await call('create', 'POST', '/api/v2/end-users/', {
      external_id: `tx-${randomBytes(4).toString('hex')}`,
    });
    expect(created.status).toBe(201);
    const id = created.json.end_user_id as string;
    const results: Sample[] = [];
    // A PATCH with sensitive metadata and a create with it both write in a transaction.
    const requests = [
      () =>
        call('patch', 'PATCH', `/api/v2/end-users/${id}`, {
          profile: { last_name: 'Frozen', sensitive_metadata: { fields: { pin: '1234' } } },
        }),
      () =>
        call('create', 'POST', '/api/v2/end-users/', {
          profile: { first_name: 'Frozen', sensitive_metadata: { fields: { pin: '1234' } } },
        }),
    ];
    for (const request of requests) {
      const frozen = proxy!.freezeNext(/\bbegin\b/i, true);
      const [result, caught] = await Promise.all([
        request(),
        Promise.race([frozen.then(() => true), sleep(10_000).then(() => false)]),
      ]);
      expect(caught, 'the proxy froze the transaction').toBe(true);
      results.push(result);
    }
    // Afterwards everything works at once: the frozen connection is not handed out again.
    const after: Sample[] = [];
    for (let i = 0; i < 20; i++) {
      after.push(
        await call('patch', 'PATCH', `/api/v2/end-users/${id}`, {
          profile: { last_name: `After ${i}`, sensitive_metadata: { fields: { pin: `${i}` } } },
        }),
      );
      after.push(await call('get', 'GET', `/api/v2/end-users/${id}`));
    }
    report({
      mode: 'freeze-in-transaction',
      faults_injected: requests.length,
      latencies_ms: results.map((r) => r.end - r.start),
      statuses: results.map((r) => r.status),
      requests_after: after.length,
      errors_after: after.filter((r) => r.status !== 200).length,
      max_latency_after_ms: maxLatency(after),
    });
    for (const r of results) {
      expect(r.status, describeSample(r)).toBe(503);
      expect(r.type).toBe('service_unavailable');
      expect(r.end - r.start, describeSample(r)).toBeLessThan(SPEC_LIMIT_MS);
    }
    expect(after.filter((r) => r.status !== 200).map(describeSample)).toEqual([]);
    expect(maxLatency(after)).toBeLessThan(1_000);
    expect(server!.isRunning()).toBe(true);
  });

  it('does not pool again a connection whose query timed out', async () => {
    const created = await call('create', 'POST', '/api/v2/end-users/', {});
    expect(created.status).toBe(201);
    // The readiness probe's query loses its answer: /readyz gives up at 2 s, the query at 4 s.
    const frozen = proxy!.freezeNext(/select 1/i);
    const ready = await call('readyz', 'GET', '/readyz');
    expect(
      await Promise.race([frozen.then(() => true), sleep(1_000).then(() => false)]),
      'the proxy froze the probe',
    ).toBe(true);
    expect(ready.status).toBe(503);
    await sleep(2_500);
    const after: Sample[] = [];
    for (let i = 0; i < 20; i++) after.push(await call('get', 'GET', `/api/v2/end-users/${created.json.end_user_id}`));
    const errorsAfter = after.filter((r) => r.status !== 200);
    report({
      mode: 'freeze-probe',
      faults_injected: 1,
      readyz_ms: ready.end - ready.start,
      requests_after: after.length,
      errors_after: errorsAfter.length,
      max_latency_after_ms: maxLatency(after),
    });
    expect(ready.end - ready.start).toBeLessThan(SPEC_LIMIT_MS);
    expect(errorsAfter.map(describeSample)).toEqual([]);
    expect(maxLatency(after)).toBeLessThan(1_000);
  });
});
