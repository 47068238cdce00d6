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

const host = process.env.HOST ?? '127.0.0.1';

// Every receipt, in arrival order (a retried or duplicated message appears more than once).
let ids = [];
let stamps = []; // payload timestamp, epoch ms (NaN when the body had none)
let arrivals = []; // Date.now() when the body had fully arrived
let seen = new Set();
let duplicates = 0;
let malformed = 0;
let lastArrival = null;
let sample = null; // the first delivery in full, for a signature check by the parent

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const arrival = Date.now();
    res.writeHead(204).end();
    const id = req.headers['svix-id'];
    const body = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
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

process.on('message', (message) => {
  const handler = handlers[message?.type];
  process.send({
    id: message?.id,
    result: handler ? handler(message) : null,
    error: handler ? null : `unknown request ${message?.type}`,
  });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});

server.listen(0, host, () => process.send({ type: 'ready', port: server.address().port }));
