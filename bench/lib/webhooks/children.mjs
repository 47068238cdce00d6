// @ts-check
// Child processes of the webhooks mode: the receiver and `roster worker`. processes.mjs tracks them
// like the servers, so the run's stopAll() ends them on failure and on Ctrl-C too, before the
// databases are dropped.
import { fork, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { ROOT, track } from '../processes.mjs';
/** @import { Readable } from 'node:stream' */
/** @import { ReceiverAnswers, ReceiverMessage, ReceiverRequest } from './receiver.mjs' */

/** The receiver's process, its address and its IPC requests. @typedef {Awaited<ReturnType<typeof startReceiver>>} Receiver */
/** Roster's warnings and errors, and the last few of them. @typedef {ReturnType<typeof watchLog>} LogCounts */

const HOST = '127.0.0.1';

/** The receiver, in its own process (see the comment at the top of receiver.mjs for why). */
export async function startReceiver() {
  const child = fork(path.join(ROOT, 'bench', 'lib', 'webhooks', 'receiver.mjs'), [], {
    env: { PATH: process.env.PATH, HOST },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  const handle = track(child, 'receiver');
  /** @type {Map<number, { resolve: (result: unknown) => void, reject: (error: Error) => void }>} */
  const pending = new Map();
  let nextId = 0;
  /** @type {number} */
  const port = await new Promise((resolve, reject) => {
    child.on('message', (message) => {
      const m = /** @type {ReceiverMessage} */ (message);
      if (m.type === 'ready') return resolve(m.port);
      const waiter = pending.get(m.id);
      if (!waiter) return;
      pending.delete(m.id);
      if (m.error) waiter.reject(new Error(m.error));
      else waiter.resolve(m.result);
    });
    child.once('exit', (code) => {
      const error = new Error(`the receiver exited with code ${code}: ${handle.stderr()}`);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
  });
  return {
    ...handle,
    url: `http://${HOST}:${port}`,
    /**
     * One request to the receiver; the answer is what its handler of that name returns.
     * @template {keyof ReceiverAnswers} K
     * @param {K} type
     * @returns {Promise<ReceiverAnswers[K]>}
     */
    ask(type) {
      return new Promise((resolve, reject) => {
        const id = ++nextId;
        pending.set(id, { resolve: (result) => resolve(/** @type {ReceiverAnswers[K]} */ (result)), reject });
        /** @type {ReceiverRequest} */
        const request = { type, id };
        child.send(request);
      });
    },
  };
}

/**
 * Counts Roster's log lines at warn and above (pino writes them to stdout, which startRoster
 * discards): the delivery worker logs every failed claim or delivery there.
 * @param {Readable} stream
 */
export function watchLog(stream) {
  const counts = { warn: 0, error: 0, last: /** @type {string[]} */ ([]) };
  readline.createInterface({ input: stream }).on('line', (line) => {
    const level = /"level":(\d+)/.exec(line)?.[1];
    if (level === undefined || Number(level) < 40) return;
    counts[Number(level) >= 50 ? 'error' : 'warn']++;
    counts.last.push(line.slice(0, 400));
    if (counts.last.length > 5) counts.last.shift();
  });
  return counts;
}

/**
 * `node dist/main.js worker` with `env`; nothing listens, so there is no health check.
 * @param {Record<string, string | undefined>} env
 * @param {{ cpuProfDir?: string | null }} [options]
 */
export function startWorker(env, { cpuProfDir = null } = {}) {
  const flags = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const child = spawn(process.execPath, [...flags, path.join(ROOT, 'dist', 'main.js'), 'worker'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { ...track(child, 'worker'), log: watchLog(child.stdout) };
}
