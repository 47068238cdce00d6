// Webhook test helpers: a real HTTP receiver on loopback that records every delivery and answers
// as the test tells it to, and the jobs runner of a test context's container, started.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Container } from '../../src/container.js';

export interface Delivery {
  headers: http.IncomingHttpHeaders;
  /** The raw body, exactly as sent (verifiers need the raw bytes). */
  raw: string;
  body: any;
  receivedAt: number;
  id: string;
}

/** What the receiver answers: a status, optionally after a delay, or drop the connection. */
export type Answer = { status: number; body?: string; delayMs?: number } | 'drop';

export interface Receiver {
  url: string;
  port: number;
  deliveries: Delivery[];
  /** Answers for the next requests, in order; afterwards `fallback`. */
  answers: Answer[];
  fallback: Answer;
  waitFor(count: number, timeoutMs?: number): Promise<Delivery[]>;
  byType(type: string): Delivery[];
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const state: Pick<Receiver, 'deliveries' | 'answers' | 'fallback'> = {
    deliveries: [],
    answers: [],
    fallback: { status: 204 },
  };
  const waiters = new Set<() => void>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const answer = state.answers.shift() ?? state.fallback;
      if (answer === 'drop') {
        req.socket.destroy();
        return;
      }
      const respond = () => {
        // Recorded only when answered 2xx, so `deliveries` holds what the receiver accepted;
        // every attempt is in Roster's own attempt log.
        if (answer.status >= 200 && answer.status < 300) {
          let body: unknown;
          try {
            body = JSON.parse(raw);
          } catch {
            body = undefined;
          }
          state.deliveries.push({
            headers: req.headers,
            raw,
            body,
            receivedAt: Date.now(),
            id: String(req.headers['svix-id']),
          });
          for (const wake of waiters) wake();
        }
        res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(respond, answer.delayMs);
      else respond();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/hooks`,
    port: actual,
    get deliveries() {
      return state.deliveries;
    },
    get answers() {
      return state.answers;
    },
    set answers(value) {
      state.answers = value;
    },
    get fallback() {
      return state.fallback;
    },
    set fallback(value) {
      state.fallback = value;
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (state.deliveries.length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`receiver got ${state.deliveries.length} of ${count} deliveries within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, Math.min(left, 100));
          waiters.add(wake);
        });
      }
      return state.deliveries;
    },
    byType(type) {
      return state.deliveries.filter((d) => d.body?.type === type);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts the container's jobs runner (deliveries and every other job); stop it before closing the context. */
export function startWorker(container: Container) {
  const started = container.jobs.start();
  return {
    drain: () => container.jobs.drain(),
    async stop() {
      await started;
      await container.jobs.stop(5_000);
    },
  };
}
