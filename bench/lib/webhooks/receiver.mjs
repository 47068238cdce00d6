// @ts-check
// The webhook receiver of `npm run bench -- --webhooks`: a bare node:http server that answers
// every delivery 204 as soon as its body has arrived and records, per delivery, the svix-id,
// the payload's `timestamp` (when Roster recorded the event, just before its transaction
// committed) and its own arrival time. Run with fork(): it announces {type:'ready', port} over
// IPC and answers the parent's requests there (stats, records, reset, sample).
//
// It runs in a process of its own rather than in the bench process because the bench process is
// also the load generator: autocannon keeps that event loop busy with 50 connections' worth of
// parsing and callbacks, and a delivery arriving there would wait its turn behind them, so the
// arrival time (and with it every delay figure) would include the load generator's queueing, and
// a slow receiver would also hold back Roster's worker (one of its delivery slots per request).
// Here the receiver's event loop does nothing else. Both Roster and this process read the same
// system clock (Date.now()), so arrival - payload timestamp is a real delay, to within 1 ms
// (both are whole milliseconds).
import http from 'node:http';
/** @import { AddressInfo } from 'node:net' */

/**
 * The IPC protocol: the parent sends a request naming a handler below, the receiver answers with
 * the request's id and what the handler returned; before any of that it announces its port.
 * @typedef {{ type: keyof typeof handlers, id: number }} ReceiverRequest
 * @typedef {{ [K in keyof typeof handlers]: ReturnType<(typeof handlers)[K]> }} ReceiverAnswers
 * @typedef {{ type: 'ready', port: number } | { type?: undefined, id: number, result: unknown, error: string | null }} ReceiverMessage
 * @typedef {{ ids: string[], stamps: number[], arrivals: number[] }} Records
 */

const host = process.env.HOST ?? '127.0.0.1';
const send = process.send?.bind(process);
if (!send) throw new Error('receiver.mjs is started with fork(), which gives it an IPC channel');

// Every receipt, in arrival order (a retried or duplicated message appears more than once).
/** @type {string[]} */
let ids = [];
/** @type {number[]} */
let stamps = []; // payload timestamp, epoch ms (NaN when the body had none)
/** @type {number[]} */
let arrivals = []; // Date.now() when the body had fully arrived
/** @type {Set<string>} */
let seen = new Set();
let duplicates = 0;
let malformed = 0;
/** @type {number | null} */
let lastArrival = null;
/**
 * The first delivery in full, for a signature check by the parent. Roster sends each header
 * once, so each is a string unless it is missing.
 * @type {{ body: string, headers: Record<string, string | string[] | undefined> } | null}
 */
let sample = null;

const server = http.createServer((req, res) => {
  /** @type {Buffer[]} */
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const arrival = Date.now();
    res.writeHead(204).end();
    const id = req.headers['svix-id'];
    const body = (chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
    let stamp = Number.NaN;
    try {
      stamp = Date.parse(JSON.parse(body).timestamp);
    } catch {
      // counted below
    }
    if (typeof id !== 'string' || Number.isNaN(stamp)) {
      malformed++;
      return;
    }
    ids.push(id);
    stamps.push(stamp);
    arrivals.push(arrival);
    lastArrival = arrival;
    if (seen.has(id)) duplicates++;
    else seen.add(id);
    if (sample === null) {
      /** @param {string} name */
      const pick = (name) => req.headers[name];
      sample = {
        body,
        headers: { 'svix-id': id, 'svix-timestamp': pick('svix-timestamp'), 'svix-signature': pick('svix-signature') },
      };
    }
  });
});
// Longer than the 4 s after which Roster's sender drops idle keep-alive sockets, so a socket is
// never closed by this side under a request in flight.
server.keepAliveTimeout = 10_000;

const handlers = {
  stats: () => ({ received: ids.length, unique: seen.size, duplicates, malformed, lastArrival }),
  /** @returns {Records} */
  records: () => ({ ids, stamps, arrivals }),
  sample: () => sample,
  /** Forgets everything received so far (the bench resets before registering each endpoint). */
  reset: () => {
    ids = [];
    stamps = [];
    arrivals = [];
    seen = new Set();
    duplicates = 0;
    malformed = 0;
    lastArrival = null;
    sample = null;
    return true;
  },
};

/**
 * @param {unknown} type
 * @returns {type is keyof typeof handlers}
 */
const isHandler = (type) => typeof type === 'string' && Object.hasOwn(handlers, type);

process.on('message', (raw) => {
  const message = /** @type {Partial<ReceiverRequest> | undefined} */ (raw);
  const type = message?.type;
  const handler = isHandler(type) ? handlers[type] : null;
  send({
    id: message?.id,
    result: handler ? handler() : null,
    error: handler ? null : `unknown request ${type}`,
  });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});

server.listen(0, host, () => send({ type: 'ready', port: /** @type {AddressInfo} */ (server.address()).port }));
