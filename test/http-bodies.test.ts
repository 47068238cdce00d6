// Bodies at the edges. A route that needs a body answers a missing one and an empty JSON one with
// the same bad_request. An upload over the body limit is answered 413 in the error envelope, and every common client
// reads that answer: Node's fetch (undici), curl, and a client that writes its whole body before
// reading (as Python's http.client does). The server reads and discards the rest of the upload
// instead of cutting the connection while the client is still sending.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';
import { conformanceChecker } from './helpers/openapi-conformance.js';

const BODY_LIMIT = 10_485_760;
const run = promisify(execFile);

function oversized(bytes = BODY_LIMIT + 1_000_000): Buffer {
  const head = '{"profile":{"first_name":"Big"},"padding":"';
  return Buffer.from(head + 'a'.repeat(bytes - head.length - 2) + '"}', 'utf8');
}

function expectTooLarge(status: number, body: any) {
  expect(status).toBe(413);
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0].type).toBe('payload_too_large');
  expect(body.errors[0].details).toBeNull();
}

/** Writes the request line, headers and the whole body, and only then reads the answer. */
function sendAllThenRead(port: number, head: string, body: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', reject);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('connect', () => {
      socket.write(head);
      socket.write(body, (error) => {
        if (error) reject(error);
        // The whole body is out: now wait for the answer, then close.
        const waitForAnswer = () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const [headers = '', rest = ''] = text.split('\r\n\r\n');
          const length = /content-length: (\d+)/i.exec(headers);
          if (length && Buffer.byteLength(rest) >= Number(length[1])) {
            socket.destroy();
            resolve(text);
          } else setTimeout(waitForAnswer, 20);
        };
        waitForAnswer();
      });
    });
  });
}

describe.each(ENGINES)('missing and oversized bodies on %s', (engine) => {
  let ctx: TestContext;
  let base: string;
  let port: number;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (ctx.app.server.address() as net.AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => ctx?.close());

  it.each([
    ['POST', '/api/v2/end-users/'],
    ['POST', '/api/v2/channels/'],
    ['POST', '/api/v2/conversations/'],
    ['POST', '/api/v2/webhooks/'],
  ])('%s %s answers a missing body and an empty JSON body with the same bad_request', async (method, url) => {
    const missing = await ctx.request(method, url);
    const empty = await ctx.request(method, url, { payload: '', headers: { 'content-type': 'application/json' } });
    for (const res of [missing, empty]) {
      expect(res.status).toBe(400);
      expect(res.body.errors[0].type).toBe('bad_request');
      expect(res.body.errors[0].details).toBeNull();
    }
    expect(missing.body).toEqual(empty.body);
  });

  it('publishes an API document as strict as the server', async () => {
    const doc = (await ctx.request('GET', '/api/openapi.json', { key: null })).body;
    const rotate = doc.paths['/api/v2/webhooks/{webhook_id}/secret/rotate/'].post;
    expect(rotate.requestBody.required).toBe(false);
    expect(rotate['x-optional-body']).toBeUndefined();
    expect(doc.paths['/api/v2/webhooks/'].post.requestBody.required).toBe(true);
    const message =
      doc.paths['/api/v2/conversations/{conversation_id}/messages/'].post.responses['201'].content['application/json']
        .schema;
    expect(message.properties.author.properties.role.enum).toEqual(['end_user', 'ai_agent', 'human_agent']);
    expect(
      message.properties.content.oneOf.map((c: any) => c.properties.type.const ?? c.properties.type.enum?.[0]),
    ).toEqual(['text', 'link', 'file']);
    expect(message.properties.created_at.format).toBe('date-time');
    const list = doc.paths['/api/v2/webhooks/'].get.responses['200'].content['application/json'].schema;
    expect(list.properties.meta.properties.next_page_url.format).toBe('uri-reference');
  });

  it('checks answers against the document: one it does not describe fails the test that got it', async () => {
    const checker = await conformanceChecker(ctx.app);
    const list = (next: unknown, data: unknown[] = []) => ({ data, meta: { next_page_url: next } });
    expect(() => checker.check('GET', '/api/v2/webhooks/', 200, list(null, [{}]))).toThrow(/does not describe/);
    expect(() => checker.check('GET', '/api/v2/webhooks/', 200, list('not a url'))).toThrow(/does not describe/);
    expect(() => checker.check('GET', '/api/v2/nothing/', 200, list(null))).toThrow(/does not describe/);
    expect(() => checker.check('GET', '/api/v2/webhooks/?limit=1', 200, list(null))).not.toThrow();
  });

  it('still answers 400 validation_error to a JSON body that breaks a rule', async () => {
    const res = await ctx.request('POST', '/api/v2/channels/', { body: {} });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].type).toBe('validation_error');
  });

  it("is answered 413 to Node's fetch, which sends the body in full", async () => {
    const res = await fetch(`${base}/api/v2/end-users/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.keyA}`, 'content-type': 'application/json' },
      body: oversized(),
    });
    expectTooLarge(res.status, await res.json());
    // The connection stays usable: the next request on the same agent succeeds.
    const next = await fetch(`${base}/api/v2/end-users/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.keyA}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(next.status).toBe(201);
  });

  it('is answered 413 to curl', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-413-'));
    const file = path.join(dir, 'body.json');
    fs.writeFileSync(file, oversized());
    try {
      const { stdout } = await run('curl', [
        '-sS',
        '-w',
        '\n%{http_code}',
        '-H',
        `Authorization: Bearer ${ctx.keyA}`,
        '-H',
        'Content-Type: application/json',
        '--data-binary',
        `@${file}`,
        `${base}/api/v2/end-users/`,
      ]);
      const lines = stdout.trim().split('\n');
      const status = Number(lines.pop());
      expectTooLarge(status, JSON.parse(lines.join('\n')));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is answered 413 to a client that writes its whole body before reading', async () => {
    const body = oversized();
    const head = `POST /api/v2/end-users/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ctx.keyA}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const text = await sendAllThenRead(port, head, body);
    expect(text.startsWith('HTTP/1.1 413')).toBe(true);
    expectTooLarge(413, JSON.parse(text.split('\r\n\r\n')[1] ?? ''));
  });

  it('is answered 413 when a chunked upload passes the limit', async () => {
    const body = oversized();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < body.length; i += 1 << 20) controller.enqueue(body.subarray(i, i + (1 << 20)));
        controller.close();
      },
    });
    const res = await fetch(`${base}/api/v2/end-users/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.keyA}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expectTooLarge(res.status, await res.json());
  });
});
