// Issue 5, item 2: SIGKILL in the middle of a create load. Eight workers POST distinct end users
// (half of them with sensitive metadata, so both the lone-INSERT and the transaction path are
// hit) and keep every 201 body; Roster is killed without warning, restarted on the same data,
// and every acknowledged end user must read back exactly as acknowledged. On SQLite the files
// the crash left behind are opened directly first (WAL recovery) and checked for integrity.
// A webhook receiver listens throughout: after the restart it must hold a v1.end_user.created
// event for every end user the database holds, and none for one it does not (the outbox commits
// with the row), however the kill cut through requests and deliveries.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type EngineName, type TestDatabase } from '../helpers/harness.js';
import { startReceiver, type Receiver } from '../helpers/webhooks.js';
import {
  build,
  call,
  figures,
  inBatches,
  kill,
  killAllRoster,
  newApiKey,
  queryRows,
  rosterEnv,
  sleep,
  startRoster,
  within,
  type RosterProcess,
} from './helpers/processes.js';

const WORKERS = 8;
/** Kill after this many acknowledged creates or this long after the load began, whichever first. */
const KILL_AFTER_ACKS = 400;
const KILL_AFTER_MS = 1_000;
const LOAD_LIMIT_MS = 60_000;

function requestBody(w: number, i: number) {
  const sensitive = i % 2 === 0;
  return {
    external_id: `crash-${w}-${i}`,
    profile: {
      first_name: `Worker ${w}`,
      last_name: `Request ${i}`,
      email: `w${w}.r${i}@example.test`,
      language: ['en', 'pt-BR', 'zh-Hant-TW'][i % 3],
      metadata: { worker: w, seq: i, token: randomBytes(6).toString('hex'), even: sensitive },
      ...(sensitive ? { sensitive_metadata: { fields: { hint: `h-${w}-${i}`, level: i } } } : {}),
    },
  };
}
type Body = ReturnType<typeof requestBody>;

/** The profile as the API answers it: everything sent except the write-only sensitive part. */
function publicProfile(body: Body) {
  const { sensitive_metadata: _hidden, ...visible } = body.profile as Body['profile'] & {
    sensitive_metadata?: unknown;
  };
  return visible;
}

interface Load {
  sent: Map<string, Body>;
  acked: Map<string, any>;
  tried: number;
  networkErrors: number;
  unexpected: string[];
  killedAfterMs: number;
}

/** Runs the load against `proc` and SIGKILLs it mid-way; resolves once every worker stopped. */
async function loadAndKill(proc: RosterProcess, key: string): Promise<Load> {
  const load: Load = {
    sent: new Map(),
    acked: new Map(),
    tried: 0,
    networkErrors: 0,
    unexpected: [],
    killedAfterMs: 0,
  };
  const started = Date.now();
  let killed = false;
  const worker = async (w: number) => {
    for (let i = 0; !killed && Date.now() - started < LOAD_LIMIT_MS; i++) {
      const body = requestBody(w, i);
      load.sent.set(body.external_id, body);
      load.tried++;
      try {
        const res = await call(proc.url, 'POST', '/api/v2/end-users/', key, body, 10_000);
        if (res.status === 201) load.acked.set(body.external_id, res.body);
        else load.unexpected.push(`${res.status} ${res.raw.slice(0, 200)}`);
      } catch {
        load.networkErrors++;
        if (!killed) await sleep(50);
      }
    }
  };
  const workers = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  while (
    load.acked.size < KILL_AFTER_ACKS &&
    Date.now() - started < KILL_AFTER_MS &&
    Date.now() - started < LOAD_LIMIT_MS
  ) {
    await sleep(10);
  }
  proc.child.kill('SIGKILL');
  killed = true;
  load.killedAfterMs = Date.now() - started;
  const exit = await within(proc.exited, 10_000, 'the SIGKILLed process to exit');
  if (exit !== 'SIGKILL') throw new Error(`roster ended with ${String(exit)}, not SIGKILL:\n${proc.output()}`);
  await within(workers, 30_000, 'the load workers to stop');
  return load;
}

/** Opens a copy of the files SIGKILL left (database + WAL) as any SQLite reader would. */
function inspectCrashedCopy(database: TestDatabase, ackedIds: string[]) {
  const walFile = `${database.location}-wal`;
  const walBytes = fs.existsSync(walFile) ? fs.statSync(walFile).size : 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-crash-copy-'));
  try {
    const copy = path.join(dir, 'roster.db');
    fs.copyFileSync(database.location, copy);
    if (walBytes > 0) fs.copyFileSync(walFile, `${copy}-wal`);
    const db = new SQLite(copy);
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      const present = new Set((db.prepare('SELECT id FROM end_users').all() as Array<{ id: string }>).map((r) => r.id));
      return { walBytes, integrity, missing: ackedIds.filter((id) => !present.has(id)).length };
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(build, 180_000);
afterAll(killAllRoster);

describe.each(ENGINES)('crash safety on %s', (engine: EngineName) => {
  const key = newApiKey();
  let database: TestDatabase | undefined;
  let receiver: Receiver | undefined;
  afterAll(async () => {
    await killAllRoster();
    await receiver?.close();
    await database?.drop();
  });

  it('SIGKILL mid-load: every end user acknowledged with 201 survives with its acknowledged content', async () => {
    database = await createTestDatabase(engine);
    receiver = await startReceiver();
    const env = rosterEnv(engine, database, {
      ROSTER_API_KEY: key,
      ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true',
      ROSTER_WEBHOOK_POLL_INTERVAL: '100ms',
      // Deliveries in flight at the kill stay leased to the dead process for the timeout plus 10 s.
      ROSTER_WEBHOOK_TIMEOUT: '2s',
    });
    const first = await startRoster(env);
    expect(
      (
        await call(first.url, 'POST', '/api/v2/webhooks/', key, {
          url: receiver.url,
          event_filters: ['v1.end_user.created'],
        })
      ).status,
    ).toBe(201);
    const load = await loadAndKill(first, key);
    expect(load.unexpected).toEqual([]);
    expect(load.acked.size).toBeGreaterThan(0);
    // Each acknowledgement carries what was sent (so "as acknowledged" also means "as sent").
    for (const [externalId, ack] of load.acked) {
      const sent = load.sent.get(externalId)!;
      expect(ack).toMatchObject({ external_id: externalId, profile: publicProfile(sent) });
      expect(ack.profile).not.toHaveProperty('sensitive_metadata');
    }
    const ackedIds = [...load.acked.values()].map((a) => a.end_user_id as string);

    let crashed: ReturnType<typeof inspectCrashedCopy> | null = null;
    if (engine === 'sqlite') {
      crashed = inspectCrashedCopy(database, ackedIds);
      expect(crashed.walBytes).toBeGreaterThan(0);
      expect(crashed.integrity).toBe('ok');
      expect(crashed.missing).toBe(0);
    }

    // Restart on the same data and read everything back over HTTP.
    const second = await startRoster(env);
    const reads = await within(
      inBatches([...load.acked.values()], 8, (ack) =>
        call(second.url, 'GET', `/api/v2/end-users/${ack.end_user_id}`, key),
      ),
      120_000,
      'reading back the acknowledged end users',
    );
    const lost = reads.filter(
      (res, i) => res.status !== 200 || JSON.stringify(res.body) !== JSON.stringify([...load.acked.values()][i]),
    );
    // Requests cut off by the kill either committed in full or left nothing.
    const unacked = [...load.sent.values()].filter((b) => !load.acked.has(b.external_id));
    const lookups = await inBatches(unacked, 8, (b) =>
      call(second.url, 'GET', `/api/v2/end-users/?external_id=${encodeURIComponent(b.external_id)}`, key),
    );
    lookups.forEach((res, i) => {
      expect([200, 404]).toContain(res.status);
      if (res.status === 200) expect(res.body.profile).toMatchObject(publicProfile(unacked[i]!));
    });
    const fresh = await call(second.url, 'POST', '/api/v2/end-users/', key, { external_id: 'after-restart' });
    expect(fresh.status).toBe(201);

    // Straight from the database: no duplicate external_ids, sensitive rows all-or-nothing.
    const rows = await queryRows<{ id: string; external_id: string; sensitive: number | string }>(
      engine,
      database,
      `SELECT u.id, u.external_id, (SELECT COUNT(*) FROM sensitive_values s WHERE s.end_user_id = u.id) AS sensitive
         FROM end_users u WHERE u.external_id LIKE 'crash-%'`,
    );
    // Every stored end user's event arrives, after the restart if not before; no other does.
    const stored = new Set(rows.map((r) => r.id));
    const announced = () =>
      new Set(
        receiver!.deliveries
          .map((d) => d.body.data.end_user_id as string)
          .filter((id) => id !== fresh.body.end_user_id),
      );
    const deadline = Date.now() + 30_000;
    while ([...stored].some((id) => !announced().has(id)) && Date.now() < deadline) await sleep(50);
    expect([...stored].filter((id) => !announced().has(id))).toEqual([]);
    expect([...announced()].filter((id) => !stored.has(id))).toEqual([]);
    const eventsReceived = receiver.deliveries.length;
    const duplicateEvents = eventsReceived - new Set(receiver.deliveries.map((d) => d.id)).size;
    expect(await kill(second, 'SIGTERM')).toBe(0);
    expect(new Set(rows.map((r) => r.external_id.toLowerCase())).size).toBe(rows.length);
    for (const row of rows)
      expect(Number(row.sensitive)).toBe(
        'sensitive_metadata' in (load.sent.get(row.external_id)?.profile ?? {}) ? 2 : 0,
      );
    let integrity = 'n/a';
    let walAfterCleanStop = -1;
    if (engine === 'sqlite') {
      const wal = `${database.location}-wal`;
      walAfterCleanStop = fs.existsSync(wal) ? fs.statSync(wal).size : 0;
      const db = new SQLite(database.location, { fileMustExist: true });
      try {
        integrity = db.pragma('integrity_check', { simple: true }) as string;
        expect(db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        db.close();
      }
      expect(integrity).toBe('ok');
    }

    figures(`crash ${engine}`, {
      workers: WORKERS,
      requestsTried: load.tried,
      acknowledged: load.acked.size,
      faultsInjected: 1,
      killedAfterMs: load.killedAfterMs,
      cutOffByKill: load.networkErrors,
      foundAfterRestart: reads.length - lost.length,
      lost: lost.length,
      committedButUnacknowledged: lookups.filter((r) => r.status === 200).length,
      rowsInDatabase: rows.length,
      webhookEventsReceived: eventsReceived,
      webhookEventsMissing: 0,
      webhookDuplicates: duplicateEvents,
      ...(engine === 'sqlite'
        ? {
            walBytesAtCrash: crashed?.walBytes,
            crashedCopyIntegrity: crashed?.integrity,
            integrityAfterRestart: integrity,
            walBytesAfterCleanStop: walAfterCleanStop,
          }
        : {}),
    });
    expect(lost.map((res) => `${res.status} ${res.raw.slice(0, 200)}`)).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(load.acked.size);
  });
});
