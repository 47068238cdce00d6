// Group commit for SQLite. Every write to the embedded database goes through one writer: the
// units of work and the single statements that arrive within one turn of the event loop (up to
// BATCH_CAP of them) run one after another inside one SQLite transaction and commit together.
// Each unit runs inside a savepoint of its own, so a unit that fails rolls back only its own
// work; every caller is answered only after the COMMIT that made its work durable (or, for a unit
// that failed, after the batch it was part of ended, so that what it reads next is what the
// others committed).
//
// Why: a commit is the expensive part of a small write on SQLite (the WAL frames of every page
// the statement touched, written again for the next statement). Writes that land together share
// those pages. SQLite has a single writer anyway, so nothing is lost by running them in a row.
//
// Reads that arrive while a batch is open do not wait for it: they run on a second, read-only
// connection, which sees only what has been committed (WAL snapshots), never a batch in flight.
// Nothing like this exists as a library for better-sqlite3: its API is synchronous and leaves
// transactions to the caller, and no maintained package batches asynchronous units over it.
import { AsyncResource } from 'node:async_hooks';
import type SQLite from 'better-sqlite3';
import type { Executor, QueryResult, Statement } from './executor.js';

/** The most units one batch commits together; later ones wait for the next batch. */
export const BATCH_CAP = 64;

type Prepare = (sql: string, asArrays?: boolean) => SQLite.Statement;

interface Pending {
  work: (tx: Executor) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Settled {
  pending: Pending;
  ok: boolean;
  value: unknown;
}

export interface GroupCommit {
  /** Runs `work` in the next batch; resolves after that batch committed. */
  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T>;
  /** True while a batch holds the write transaction. */
  readonly busy: boolean;
  /** Resolves when nothing is queued or running (for closing the database). */
  idle(): Promise<void>;
}

export function createGroupCommit(options: {
  raw: SQLite.Database;
  prepare: Prepare;
  translate: (error: unknown) => unknown;
}): GroupCommit {
  const { raw, prepare, translate } = options;
  const queue: Pending[] = [];
  let scheduled = false;
  let running = false;
  let idleWaiters: Array<() => void> = [];

  const control = (text: string) => {
    const statement = prepare(text);
    return () => statement.run();
  };
  const begin = control('begin immediate');
  const commit = control('commit');
  const rollback = control('rollback');
  const savepoint = control('savepoint roster_unit');
  const release = control('release roster_unit');
  const rollbackTo = control('rollback to roster_unit');

  // Statements of the open batch. better-sqlite3 runs them synchronously; the promise is only the
  // Executor port's shape.
  const tx: Executor = {
    execute<R>(statement: Statement): Promise<QueryResult<R>> {
      try {
        const prepared = prepare(statement.sql, statement.arrays);
        const values = statement.parameters as unknown[];
        if (prepared.reader) return Promise.resolve({ rows: prepared.all(values) as R[], affected: 0 });
        return Promise.resolve({ rows: [], affected: prepared.run(values).changes });
      } catch (error) {
        return Promise.reject(translate(error));
      }
    },
  };

  function schedule() {
    if (scheduled || running || queue.length === 0) return;
    scheduled = true;
    // setImmediate runs after the I/O of this turn: the requests parsed in it have all queued.
    setImmediate(() => {
      scheduled = false;
      void flush();
    });
  }

  async function flush(): Promise<void> {
    running = true;
    const batch = queue.splice(0, BATCH_CAP);
    const settled: Settled[] = [];
    try {
      try {
        begin();
      } catch (error) {
        const reason = translate(error);
        for (const pending of batch) pending.reject(reason);
        return;
      }
      // A batch of one needs no savepoint: its failure rolls back the whole transaction.
      const nested = batch.length > 1;
      let broken: unknown = null;
      for (const pending of batch) {
        if (broken !== null) {
          settled.push({ pending, ok: false, value: broken });
          continue;
        }
        if (nested) savepoint();
        try {
          const value = await pending.work(tx);
          if (nested) release();
          settled.push({ pending, ok: true, value });
        } catch (error) {
          settled.push({ pending, ok: false, value: error });
          if (!raw.inTransaction) {
            // SQLite ended the transaction itself (a full disk, an I/O error): every unit of the
            // batch is lost with it, the ones that already succeeded included.
            broken = error;
            for (const earlier of settled) if (earlier.ok) Object.assign(earlier, { ok: false, value: error });
          } else if (nested) {
            rollbackTo();
            release();
          }
        }
      }
      if (!raw.inTransaction) {
        for (const { pending, value } of settled) pending.reject(value);
        return;
      }
      if (!nested && settled[0] && !settled[0].ok) {
        rollback();
      } else {
        try {
          commit();
        } catch (error) {
          const reason = translate(error);
          if (raw.inTransaction) rollback();
          for (const { pending } of settled) pending.reject(reason);
          return;
        }
      }
      for (const { pending, ok, value } of settled) (ok ? pending.resolve : pending.reject)(value);
    } finally {
      running = false;
      if (queue.length > 0) schedule();
      else {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const wake of waiters) wake();
      }
    }
  }

  return {
    transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        // The unit runs inside the batch, started from another request's turn: bound to its own
        // caller's async context, it still sees what that request set (who is acting, for the audit log).
        queue.push({ work: AsyncResource.bind(work), resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
    get busy() {
      return running;
    },
    idle() {
      if (!running && !scheduled && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
