import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, MEMORY } from './dialect.js';
import type { Db } from './executor.js';

const opened: Array<{ db: Db; dir: string }> = [];

function fileDb(sqliteReaders?: number): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-readers-'));
  const db = createDb({
    databaseUrl: null,
    dataDir: dir,
    sqlitePath: path.join(dir, 'roster.db'),
    databasePoolSize: 1,
    ...(sqliteReaders === undefined ? {} : { sqliteReaders }),
  });
  opened.push({ db, dir });
  return db;
}

afterEach(async () => {
  for (const { db, dir } of opened.splice(0)) {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const run = (db: Db, sql: string, parameters: unknown[] = []) => db.root.execute({ sql, parameters });

describe('SQLite reader threads (Db.reads)', () => {
  it('read what was committed, as objects or arrays, blobs as Buffer', async () => {
    const db = fileDb(2);
    await run(db, 'create table t (k integer primary key, name text, data blob)');
    await run(db, 'insert into t (k, name, data) values (1, ?, ?), (2, ?, ?)', [
      'one',
      Buffer.from([1, 2]),
      'two',
      Buffer.from([3]),
    ]);
    const objects = await db.reads.execute<{ k: number; name: string; data: Buffer }>({
      sql: 'select k, name, data from t order by k',
      parameters: [],
    });
    expect(objects.rows.map((r) => [r.k, r.name])).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
    expect(Buffer.isBuffer(objects.rows[0]?.data)).toBe(true);
    expect([...(objects.rows[0]?.data ?? [])]).toEqual([1, 2]);
    const arrays = await db.reads.execute<[number, string]>({
      sql: 'select k, name from t where k = ?',
      parameters: [2],
      arrays: true,
    });
    expect(arrays.rows).toEqual([[2, 'two']]);
    // A write committed after the threads started is seen by the next read.
    await run(db, 'insert into t (k, name) values (3, ?)', ['three']);
    const count = await db.reads.execute<{ n: number }>({ sql: 'select count(*) as n from t', parameters: [] });
    expect(count.rows[0]?.n).toBe(3);
  });

  it('answer many reads at once, each its own', async () => {
    const db = fileDb(2);
    await run(db, 'create table t (k integer primary key)');
    await run(db, `insert into t (k) select value from json_each(?)`, [JSON.stringify([...Array(100).keys()])]);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        db.reads.execute<{ k: number }>({ sql: 'select k from t where k = ?', parameters: [i] }),
      ),
    );
    expect(answers.map((a) => a.rows[0]?.k)).toEqual([...Array(100).keys()]);
  });

  it('refuse writes and report SQL errors with their code', async () => {
    const db = fileDb(1);
    await run(db, 'create table t (k integer primary key)');
    await expect(db.reads.execute({ sql: 'insert into t (k) values (1)', parameters: [] })).rejects.toThrow(
      /only statements that return rows/,
    );
    await expect(db.reads.execute({ sql: 'select nothing from nowhere', parameters: [] })).rejects.toMatchObject({
      code: 'SQLITE_ERROR',
    });
    // The thread survives a failed read.
    const ok = await db.reads.execute<{ n: number }>({ sql: 'select count(*) as n from t', parameters: [] });
    expect(ok.rows[0]?.n).toBe(0);
  });

  it('are not used without a file, or when turned off, and refuse reads once closed', async () => {
    const memory = createDb({ databaseUrl: null, dataDir: os.tmpdir(), sqlitePath: MEMORY, databasePoolSize: 1 });
    expect(memory.reads).toBe(memory.root);
    await memory.close();
    const off = fileDb(0);
    expect(off.reads).toBe(off.root);
    const db = fileDb(1);
    await run(db, 'create table t (k integer primary key)');
    await db.reads.execute({ sql: 'select k from t', parameters: [] });
    await db.close();
    await expect(db.reads.execute({ sql: 'select k from t', parameters: [] })).rejects.toThrow(/closed/);
    const closed = opened.pop();
    if (closed) fs.rmSync(closed.dir, { recursive: true, force: true });
  });
});
