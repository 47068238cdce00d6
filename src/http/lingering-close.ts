// Answers an oversized upload in a way every client can read. Fastify answers 413 as soon as the
// Content-Length (or the bytes read so far) pass the limit and asks for the connection to close;
// Node then closes it while the client is still sending, and clients that write the whole body
// before reading (Node's fetch, Python's requests) see EPIPE or a reset instead of the answer.
// Here the answer keeps the connection open and Node reads and discards the rest of the upload
// (its own http server drains an unread request body once the response is finished), the way
// nginx lingers before closing. A client that goes on sending past DRAIN_CAP_BYTES is cut off.
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';

/** The most the server reads and throws away after answering 413, per request. */
export const DRAIN_CAP_BYTES = 64 * 1024 * 1024;

export function registerLingeringClose(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    if (reply.statusCode === 413 && !request.raw.complete) reply.removeHeader('connection');
  });
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode !== 413 || request.raw.complete) return;
    countUpToCap(request.raw);
  });
}

/** Counts what is still read of the body, and cuts the connection past DRAIN_CAP_BYTES. */
function countUpToCap(raw: IncomingMessage): void {
  let drained = 0;
  const count = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_CAP_BYTES) {
      raw.off('data', count);
      raw.socket.destroy();
    }
  };
  raw.on('data', count);
  raw.once('end', () => raw.off('data', count));
}

/**
 * Reads and throws away the rest of a request body a route stopped reading (an upload refused
 * half-way: too large, the wrong type), so the client can read the answer; past DRAIN_CAP_BYTES
 * the connection is cut.
 */
export function discardRest(raw: IncomingMessage): void {
  if (raw.complete || raw.destroyed) return;
  raw.unpipe();
  countUpToCap(raw);
  raw.resume();
}
