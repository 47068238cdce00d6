// An erasure survives SIGKILL and leaves nothing behind. A `roster serve` is killed in the middle
// of a deletion job erasing 10,000 end users; `roster jobs list` then shows the job's progress;
// after a restart the job resumes where it stopped and completes: every matched end user is gone,
// with exactly one roster.end_user.erased event each, every other end user is still there, and no
// value of an erased person is left in the database (every row of every table on PostgreSQL; the
// SQLite file once its WAL is checkpointed) nor in the server's log.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type EngineName, type TestDatabase } from '../helpers/harness.js';
import { roster } from '../helpers/cli.js';
import { dumpTables } from '../helpers/table-dump.js';
import {
  build,
  call,
  defaultAgentId,
  executeSql,
  figures,
  kill,
  killAllRoster,
  newApiKey,
  queryRows,
  rosterEnv,
  startRoster,
  type RosterProcess,
  until,
} from './helpers/processes.js';

/** Cohorts of 1,000 end users each (an identifier may match at most 1,000). */
const COHORTS = 10;
const PER_COHORT = 1_000;
const KEPT = 200;
/** Polled often (the kill must land mid-job), and through the restart's reset connections. */
const POLL = { intervalMs: 25, retryErrors: true };

beforeAll(async () => {
  await build();
}, 180_000);
afterAll(killAllRoster);

describe.each(ENGINES)('erasure across a SIGKILL on %s', (engine: EngineName) => {
  let database: TestDatabase;
  const procs: RosterProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await Promise.allSettled(procs.map((p) => kill(p, 'SIGKILL')));
    await database?.drop();
  });

  it('resumes after the kill, erases every matched end user once and leaves no value behind', async () => {
    const key = newApiKey();
    const mark = `mk${randomBytes(5).toString('hex')}`;
    const control = `ct${randomBytes(5).toString('hex')}`;
    const env = rosterEnv(engine, database, {
      ROSTER_API_KEY: key,
      LOG_LEVEL: 'info',
      ROSTER_JOBS_POLL_INTERVAL: '200ms',
    });
    let proc = await startRoster(env);
    procs.push(proc);
    const api = (method: string, url: string, body?: unknown) => call(proc.url, method, url, key, body);
    // An endpoint naming the extension event: each erased end user's event is recorded.
    const hook = await api('POST', '/api/v2/webhooks/', {
      url: 'https://hooks.example.com/erased',
      event_filters: ['roster.end_user.erased'],
    });
    expect(hook.status).toBe(201);

    const agent = await defaultAgentId(engine, database);
    const now = Date.now();
    const rows: unknown[][] = [];
    for (let c = 0; c < COHORTS; c++) {
      for (let i = 0; i < PER_COHORT; i++) rows.push([`${mark}-${c}-${i}`, `c${c}`, `${mark}${c}x${i}@example.com`]);
    }
    for (let i = 0; i < KEPT; i++) rows.push([`${control}-${i}`, 'kept', `${control}x${i}@example.com`]);
    // Written as Roster writes (on SQLite with secure_delete, which also zeroes what a page
    // split leaves behind): what is erased later must not survive in pages the writer left.
    const insert = async (text: string, params: unknown[]) => {
      if (engine === 'postgres') return executeSql(engine, database, text, params);
      const db = new SQLite(database.location, { fileMustExist: true });
      try {
        db.pragma('busy_timeout = 5000');
        db.pragma('secure_delete = ON');
        db.prepare(text).run(...params);
      } finally {
        db.close();
      }
    };
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await insert(
        `INSERT INTO end_users (id, agent_id, first_name, email, metadata, created_at, updated_at, attached_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap(([name, cohort, email], j) => [
          `${(0xd000000 + i + j).toString(16).padStart(8, '0')}${'0'.repeat(16)}`,
          agent,
          name,
          email,
          JSON.stringify({ cohort, note: `${name}-note` }),
          now,
          now,
          now,
        ]),
      );
    }

    const submitted = await api('POST', '/api/v2/end-users/delete', {
      identifiers: Array.from({ length: COHORTS }, (_, c) => ({
        type: 'variable_match',
        variable: 'cohort',
        value: `c${c}`,
      })),
      client_reference: 'crash-1',
    });
    expect(submitted.status).toBe(202);
    const jobId = submitted.body.job_id as string;
    const erasedCount = async () =>
      Number(
        (
          await queryRows<{ n: number | string }>(
            engine,
            database,
            'SELECT erased_count AS n FROM erasure_jobs WHERE id = ?',
            [jobId],
          )
        )[0]!.n,
      );
    const total = COHORTS * PER_COHORT;
    await until(
      'the erasure to be under way',
      60_000,
      async () => {
        const n = await erasedCount();
        return n > 0 && n < total;
      },
      POLL,
    );
    await kill(proc, 'SIGKILL');
    const erasedAtKill = await erasedCount();
    expect(erasedAtKill).toBeLessThan(total);

    // The CLI shows the erasure's progress while it waits to be resumed.
    const listed = await roster(['jobs', 'list', '--kind', 'compliance.erasure'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`erasure ${jobId} in_progress: ${erasedAtKill} end users erased of ${total}`);

    const restartedAt = Date.now();
    proc = await startRoster(env);
    procs.push(proc);
    const job = await until(
      'the job to complete',
      120_000,
      async () => {
        const res = await api('GET', `/api/v2/jobs/${jobId}`);
        return res.body.status === 'completed' ? res.body : false;
      },
      POLL,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; erased ${await erasedCount()} of ${total}\n${proc.output()}`);
    });
    const recoveredMs = Date.now() - restartedAt;
    expect(job.identifiers.map((i: any) => [i.disposition, i.matched_chatters])).toEqual(
      Array.from({ length: COHORTS }, () => ['accepted', PER_COHORT]),
    );
    const count = async (sql: string, params: unknown[] = []) =>
      Number((await queryRows<{ n: number | string }>(engine, database, sql, params))[0]!.n);
    expect(await count('SELECT count(*) AS n FROM end_users')).toBe(KEPT);
    expect(await count("SELECT count(*) AS n FROM events WHERE type = 'roster.end_user.erased'")).toBe(total);
    expect(
      await count("SELECT count(DISTINCT end_user_id) AS n FROM events WHERE type = 'roster.end_user.erased'"),
    ).toBe(total);
    expect(await count('SELECT count(*) AS n FROM erasure_targets')).toBe(0);

    const log = proc.output();
    await kill(proc, 'SIGTERM');
    let stored: string;
    if (engine === 'sqlite') {
      const checkpoint = await queryRows<{ busy: number }>(engine, database, 'PRAGMA wal_checkpoint(TRUNCATE)');
      expect(checkpoint[0]!.busy).toBe(0);
      const dir = path.dirname(database.location);
      stored = ['roster.db', 'roster.db-wal']
        .map((f) => path.join(dir, f))
        .filter((f) => fs.existsSync(f))
        .map((f) => fs.readFileSync(f).toString('latin1'))
        .join('\n');
    } else stored = await dumpTables(database.location);
    expect(stored).toContain(`${control}-${KEPT - 1}`);
    const at = stored.indexOf(mark);
    const left = stored.split(mark).length - 1;
    expect(at, `${left} copies, erased at kill ${erasedAtKill}: ${stored.slice(Math.max(0, at - 200), at + 100)}`).toBe(
      -1,
    );
    expect(log).not.toContain(mark);
    figures('erasure-crash', { engine, total, erasedAtKill, recoveredMs, kept: KEPT });
  });
});
