// @ts-check
// The ceiling: a bare node:http server that answers every End Users route with a canned body of
// the size Roster sends. No framework, no validation, no database: what one Node process on this
// machine can answer at most. Runs in its own process; prints {"port":N} once listening.
import http from 'node:http';
import { wirePage, wireUser } from './lib/fixtures.mjs';
/** @import { AddressInfo } from 'node:net' */

const host = process.env.HOST ?? '127.0.0.1';
const userBody = Buffer.from(JSON.stringify(wireUser(4242, '65f0c0ffee0123456789abcd')));
/** @param {Buffer} body */
const headers = (body) => ({
  'content-type': 'application/json; charset=utf-8',
  'content-length': body.length,
  // Roster sends a request id on every answer; the ceiling sends one of the same length.
  'x-request-id': '00000000-0000-4000-8000-000000000000',
});

/** @type {Buffer | null} */
let pageBody = null;
const server = http.createServer((req, res) => {
  // Drain the request body so keep-alive connections stay usable, as any server must.
  req.on('data', () => {});
  req.on('end', () => {
    const url = req.url ?? '/';
    if (url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const isList = req.method === 'GET' && url.startsWith('/api/v2/end-users/?') && !url.includes('external_id=');
    if (isList) {
      pageBody ??= Buffer.from(JSON.stringify(wirePage(req.headers.host ?? host)));
      res.writeHead(200, headers(pageBody)).end(pageBody);
      return;
    }
    res.writeHead(req.method === 'POST' ? 201 : 200, headers(userBody)).end(userBody);
  });
});
server.keepAliveTimeout = 5_000;
server.listen(Number(process.env.PORT ?? 0), host, () => {
  const { port } = /** @type {AddressInfo} */ (server.address());
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
