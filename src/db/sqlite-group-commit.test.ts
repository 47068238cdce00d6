import { AsyncLocalStorage } from 'node:async_hooks';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BATCH_CAP, createGroupCommit } from './sqlite-group-commit.js';

function setUp() {
  const raw = new SQLite(':memory:');
  raw.exec('create table t (k text primary key)');
  const counts = { commit: 0, rollback: 0 };
  const prepare = (text: string) => {
    const statement = raw.prepare(text);
    if (text === 'commit' || text === 'rollback') {
      return new Proxy(statement, {
        get(target, property, receiver) {
          if (property === 'run')
            return () => {
              counts[text] += 1;
              return target.run();
            };
          return Reflect.get(target, property, receiver) as unknown;
        },
      });
    }
    return statement;
  };
  const writer = createGroupCommit({ raw, prepare, translate: (error) => error });
  const insert = (k: string) => (tx: Parameters<Parameters<typeof writer.transaction>[0]>[0]) =>
    tx.execute({ sql: 'insert into t (k) values (?)', parameters: [k] });
  const count = () => (raw.prepare('select count(*) as n from t').get() as { n: number }).n;
  return { raw, writer, counts, insert, count };
}

describe('SQLite group commit', () => {
  it('commits the units that arrive in one turn together, at most BATCH_CAP per commit', async () => {
    const { writer, counts, insert, count } = setUp();
    const n = BATCH_CAP * 2 + 5;
    await Promise.all(Array.from({ length: n }, (_, i) => writer.transaction(insert(`k${i}`))));
    expect(count()).toBe(n);
    expect(counts.commit).toBe(3);
  });

  it('rolls a failed unit back to its savepoint and commits the rest of the batch', async () => {
    const { writer, counts, insert, count } = setUp();
    const outcomes = await Promise.allSettled([
      writer.transaction(insert('a')),
      writer.transaction(async (tx) => {
        await insert('b')(tx);
        await insert('a')(tx);
      }),
      writer.transaction(insert('c')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(count()).toBe(2);
    expect(counts.commit).toBe(1);
  });

  it('rolls back a batch of one that fails, and answers later units in a new batch', async () => {
    const { writer, counts, insert, count } = setUp();
    await expect(
      writer.transaction(async (tx) => {
        await insert('x')(tx);
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(counts.rollback).toBe(1);
    await writer.transaction(insert('y'));
    expect(count()).toBe(1);
  });

  it('reports busy while a batch is open, and idle once everything is settled', async () => {
    const { writer, insert } = setUp();
    let busyInside = false;
    const done = writer.transaction(async (tx) => {
      busyInside = writer.busy;
      await insert('z')(tx);
    });
    await writer.idle();
    await done;
    expect(busyInside).toBe(true);
    expect(writer.busy).toBe(false);
  });

  it("runs each unit in its own caller's async context, though the batch started from another's", async () => {
    const { writer, insert } = setUp();
    const caller = new AsyncLocalStorage<string>();
    const seen = await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        caller.run(name, () =>
          writer.transaction(async (tx) => {
            await insert(name)(tx);
            return caller.getStore();
          }),
        ),
      ),
    );
    expect(seen).toEqual(['a', 'b', 'c']);
  });
});
