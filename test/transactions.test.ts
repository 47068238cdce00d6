// The database's transaction guarantees, on both engines: concurrent units of work are isolated
// from each other's failures, a caller is answered only once its work is committed, and reads on
// the database itself never see a write that is not committed yet. On SQLite the units that
// arrive together commit in one batch (group commit); these tests hold on both engines all the same.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { createDb, type Db } from '../src/db/dialect.js';
import { UniqueViolation } from '../src/db/errors.js';
import type { Executor } from '../src/db/executor.js';
import { ENGINES, TEST_ENCRYPTION_KEY, createTestDatabase, type TestDatabase } from './helpers/harness.js';

describe.each(ENGINES)('transactions (%s)', (engine) => {
  let database: TestDatabase | null = null;
  let db: Db | null = null;
  afterEach(async () => {
    await db?.close();
    await database?.drop();
    db = null;
    database = null;
  });

  async function open(): Promise<Db> {
    database = await createTestDatabase(engine);
    const config = loadConfig({ ROSTER_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, ...database.env });
    db = createDb(config);
    await sql`create table tx_probe (k varchar(40) primary key, v integer not null)`.execute(db.kysely);
    return db;
  }

  // SQLite takes ? placeholders and PostgreSQL $n: Kysely's compiler writes each statement.
  const run = (ex: Executor, d: Db, k: string, v = 1) =>
    ex.execute(sql`insert into tx_probe (k, v) values (${k}, ${v})`.compile(d.kysely));
  const keys = async (d: Db) =>
    (
      await d.root.execute<{ k: string }>(sql<{ k: string }>`select k from tx_probe order by k`.compile(d.kysely))
    ).rows.map((r) => r.k);

  it('rolls back only the failing unit when many run at once', async () => {
    const d = await open();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 150 }, (_, i) =>
        d.transaction(async (tx) => {
          await run(tx, d, `a${String(i).padStart(3, '0')}`);
          if (i % 3 === 0) throw new Error(`unit ${i} refuses`);
          await run(tx, d, `b${String(i).padStart(3, '0')}`);
          return i;
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(50);
    const kept = await keys(d);
    expect(kept).toHaveLength(200);
    expect(kept.some((k) => k.endsWith('000') || k.endsWith('003'))).toBe(false);
    expect(kept).toContain('a001');
    expect(kept).toContain('b001');
  });

  it('answers a caller only after its work is committed and visible to every reader', async () => {
    const d = await open();
    const seen = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        d.transaction((tx) => run(tx, d, `c${i}`)).then(async () => (await keys(d)).includes(`c${i}`)),
      ),
    );
    expect(seen.every(Boolean)).toBe(true);
  });

  it('lets a unit that lost a unique race read the winner at once', async () => {
    const d = await open();
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, () =>
        run(d.root, d, 'same').then(
          () => 'won',
          async (error: unknown) => {
            expect(error).toBeInstanceOf(UniqueViolation);
            return (await keys(d)).includes('same') ? 'saw winner' : 'saw nothing';
          },
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'saw winner')).toHaveLength(29);
  });

  it('never shows a write that is not committed to a read on the database itself', async () => {
    const d = await open();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let readInside: string[] | null = null;
    const unit = d.transaction(async (tx) => {
      await run(tx, d, 'pending');
      await gate;
    });
    // Let the unit start and write, then read from outside while it is open.
    await new Promise((resolve) => setTimeout(resolve, 50));
    readInside = await keys(d);
    release();
    await unit;
    expect(readInside).toEqual([]);
    expect(await keys(d)).toEqual(['pending']);
  });

  it('commits single writes that arrive together, each answered with its own outcome', async () => {
    const d = await open();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => run(d.root, d, i % 10 === 0 ? 'dup' : `s${i}`)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(91);
    expect(await keys(d)).toHaveLength(91);
  });

  it('reads rows as arrays in select order, on the database and inside a transaction', async () => {
    const d = await open();
    await d.transaction(async (tx) => {
      await run(tx, d, 'x', 7);
      await run(tx, d, 'y', 8);
    });
    const query = { ...sql`select v, k from tx_probe order by k`.compile(d.kysely), arrays: true };
    expect((await d.root.execute(query)).rows).toEqual([
      [7, 'x'],
      [8, 'y'],
    ]);
    expect(await d.transaction(async (tx) => (await tx.execute(query)).rows)).toEqual([
      [7, 'x'],
      [8, 'y'],
    ]);
    // The same SQL without array mode still answers objects.
    expect((await d.root.execute({ ...query, arrays: false })).rows).toEqual([
      { v: 7, k: 'x' },
      { v: 8, k: 'y' },
    ]);
  });
});
