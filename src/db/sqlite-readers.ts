// Reader threads for SQLite. better-sqlite3 runs every statement on the thread that calls it, so
// on the embedded database all of Roster's SQL shares the one core the event loop runs on. Reads
// that cost far more than the HTTP work around them (a full-text search ranks hundreds of rows)
// run here instead, each on a worker thread with its own read-only connection to the database
// file: they use the machine's other cores, and the event loop stays free for the requests.
//
// A reader sees what has been committed (WAL snapshots, as the main thread's own reader does),
// never a transaction in flight: the pool is for reads outside a unit of work. Threads start on
// the first read, so a process that never needs them never pays for them. Nothing like this
// exists as a library for better-sqlite3, whose API is synchronous by design.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type * as WorkerThreads from 'node:worker_threads';
import { Worker } from 'node:worker_threads';
import type SQLiteDriver from 'better-sqlite3';
import type { Executor, QueryResult, Statement } from './executor.js';

/** What a reader thread answers: the rows, or the error's message and SQLite code. */
type Answer = { id: number; rows: unknown[] } | { id: number; error: { message: string; code?: string } };

interface Pending {
  resolve: (result: QueryResult<unknown>) => void;
  reject: (error: unknown) => void;
}

interface Read {
  id: number;
  sql: string;
  parameters: readonly unknown[];
  arrays: boolean;
}

interface Reader {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Reads of this turn of the event loop, sent together at its end. */
  outbox: Read[];
}

export interface ReaderPool extends Executor {
  close(): Promise<void>;
}

/** Reader threads by default: one per core, at most four. */
export function defaultReaders(): number {
  return Math.min(4, availableParallelism());
}

/**
 * The body of a reader thread, run from its source text (a worker started from a file would need
 * one path for the compiled bundle and another for the sources the tests run). It uses no name
 * from outside but `load`: the `require` of the evaluated worker, passed in under another name
 * so that no bundler takes it for a module import and rewrites it.
 */
function readerThread(load: (id: string) => unknown): void {
  const { parentPort, workerData } = load('node:worker_threads') as typeof WorkerThreads;
  const SQLite = load(workerData.driver as string) as typeof SQLiteDriver;
  const db = new SQLite(workerData.file as string, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma(`mmap_size = ${workerData.mmapSize as number}`);
  const kept = new Map<string, SQLiteDriver.Statement>();
  if (!parentPort) return;
  const port = parentPort;
  const run = (read: { id: number; sql: string; parameters: unknown[]; arrays: boolean }) => {
    try {
      const key = `${read.arrays ? 'a' : 'o'}${read.sql}`;
      let statement = kept.get(key);
      if (!statement) {
        statement = db.prepare(read.sql);
        if (!statement.reader) throw new Error('a reader thread runs only statements that return rows');
        if (read.arrays) statement.raw(true);
        if (kept.size < 500) kept.set(key, statement);
      }
      return { id: read.id, rows: statement.all(read.parameters) };
    } catch (error) {
      const { message, code } = error as { message: string; code?: string };
      return { id: read.id, error: { message, code } };
    }
  };
  // A message is a batch of reads; the answers go back together.
  port.on('message', (reads: Array<Parameters<typeof run>[0]>) => port.postMessage(reads.map(run)));
}

const SOURCE = `(${readerThread.toString()})(require)`;

/** Blobs cross threads as Uint8Array; the rest of Roster reads them as Buffer, as on the main thread. */
function buffers(rows: unknown[]): unknown[] {
  for (const row of rows) {
    if (row === null || typeof row !== 'object') continue;
    const values = row as Record<string, unknown>;
    for (const key of Object.keys(values)) {
      const value = values[key];
      if (value instanceof Uint8Array && !Buffer.isBuffer(value))
        values[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  }
  return rows;
}

export function createReaderPool(options: {
  file: string;
  size: number;
  mmapSize: number;
  translate: (error: unknown) => unknown;
}): ReaderPool {
  const { file, size, mmapSize, translate } = options;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const readers: Array<Reader | null> = Array.from({ length: size }, () => null);
  let nextId = 0;
  let closed = false;
  let flushing = false;

  // Waking a thread is the costly part of a message (most of it, on virtual machines): the reads
  // requested within one turn of the event loop (under load, those of every request it parsed)
  // go to each thread as one message, and come back as one.
  function flush() {
    flushing = false;
    for (const reader of readers) {
      if (!reader || reader.outbox.length === 0) continue;
      reader.worker.postMessage(reader.outbox);
      reader.outbox = [];
    }
  }

  function start(slot: number): Reader {
    const worker = new Worker(SOURCE, { eval: true, workerData: { file, driver, mmapSize } });
    const reader: Reader = { worker, pending: new Map(), outbox: [] };
    worker.on('message', (answers: Answer[]) => {
      for (const answer of answers) {
        const pending = reader.pending.get(answer.id);
        if (!pending) continue;
        reader.pending.delete(answer.id);
        if ('error' in answer) {
          pending.reject(translate(Object.assign(new Error(answer.error.message), { code: answer.error.code })));
        } else {
          pending.resolve({ rows: buffers(answer.rows), affected: 0 });
        }
      }
    });
    const fail = (error: unknown) => {
      // The thread is gone (it failed to open the file, or crashed): its reads fail, the next
      // read starts a new one.
      if (readers[slot] === reader) readers[slot] = null;
      for (const pending of reader.pending.values()) pending.reject(error);
      reader.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a SQLite reader thread stopped (exit code ${code})`)));
    // The pool never keeps the process alive: close() ends the threads, and so does exiting.
    worker.unref();
    readers[slot] = reader;
    return reader;
  }

  /** The reader with the fewest reads in flight, started if its slot is empty. */
  function pick(): Reader {
    let best = -1;
    let least = Infinity;
    for (let slot = 0; slot < readers.length; slot++) {
      const load = readers[slot]?.pending.size ?? 0;
      if (load < least) {
        least = load;
        best = slot;
      }
    }
    return readers[best] ?? start(best);
  }

  return {
    execute<R>(statement: Statement): Promise<QueryResult<R>> {
      if (closed) return Promise.reject(new Error('the SQLite reader threads are closed'));
      const reader = pick();
      const id = nextId++;
      return new Promise<QueryResult<R>>((resolve, reject) => {
        reader.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
        reader.outbox.push({
          id,
          sql: statement.sql,
          parameters: statement.parameters,
          arrays: statement.arrays === true,
        });
        if (!flushing) {
          flushing = true;
          setImmediate(flush);
        }
      });
    },
    async close() {
      closed = true;
      await Promise.all(readers.map((reader) => reader?.worker.terminate()));
    },
  };
}
