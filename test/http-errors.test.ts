// The HTTP edge: trailing slashes, body limits, unreadable bodies, unknown routes and malformed
// HTTP on a real socket. Whatever goes wrong, the answer is the error envelope, never a redirect,
// never a 500, never a hang.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, type ApiResponse, type TestContext } from './helpers/harness.js';

const BODY_LIMIT = 10_485_760;

/** Exactly {errors:[{type,message,details}]}, as JSON, with the given status and type. */
function expectEnvelope(
  res: { status: number; headers: Record<string, unknown>; body: any },
  status: number,
  type: string,
) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json(;|$)/);
  expect(Object.keys(res.body)).toEqual(['errors']);
  expect(res.body.errors).toHaveLength(1);
  const [error] = res.body.errors;
  expect(Object.keys(error).sort()).toEqual(['details', 'message', 'type']);
  expect(error.type).toBe(type);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  if (type === 'validation_error') {
    expect(Array.isArray(error.details)).toBe(true);
    for (const d of error.details) expect(Object.keys(d).sort()).toEqual(['location', 'message', 'parameter']);
  } else {
    expect(error.details).toBeNull();
  }
}

/** A JSON object body of exactly `size` bytes that the create route accepts. */
function jsonOfSize(size: number): Buffer {
  const head = '{"profile":{"first_name":"Big"},"padding":"';
  const tail = '"}';
  return Buffer.from(head + 'a'.repeat(size - head.length - tail.length) + tail, 'utf8');
}

interface RawResult {
  text: string;
  timedOut: boolean;
}

/** Writes bytes to a fresh connection and collects everything until the server closes it. */
function rawExchange(port: number, data: string | Buffer, timeoutMs = 4_000): Promise<RawResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
    const done = (timedOut: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('utf8'), timedOut });
    };
    const timer = setTimeout(() => done(true), timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => done(false));
    socket.on('error', () => done(false));
  });
}

function parseRaw(text: string) {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(rest.join('\r\n\r\n')) };
}

describe.each(ENGINES)('HTTP errors on %s', (engine) => {
  let ctx: TestContext;
  let port: number;
  let userId: string;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (ctx.app.server.address() as net.AddressInfo).port;
    userId = (await ctx.request('POST', '/api/v2/end-users/', { body: {} })).body.end_user_id;
  });
  afterAll(async () => ctx?.close());

  const noRedirect = (res: ApiResponse) => {
    expect(res.status < 300 || res.status >= 400).toBe(true);
    expect(res.headers.location).toBeUndefined();
  };

  it.each(['/api/v2/end-users', '/api/v2/end-users/'])('POST %s creates without redirecting', async (url) => {
    const res = await ctx.request('POST', url, { body: { profile: { first_name: 'Slash' } } });
    noRedirect(res);
    expect(res.status).toBe(201);
    expect(res.body.profile.first_name).toBe('Slash');
  });

  it.each(['/api/v2/end-users', '/api/v2/end-users/'])('GET %s lists without redirecting', async (url) => {
    const res = await ctx.request('GET', url);
    noRedirect(res);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.data)).toBe(true);
    const lookup = await ctx.request('GET', `${url}?external_id=none-such`);
    noRedirect(lookup);
    expectEnvelope(lookup, 404, 'not_found');
  });

  it.each(['', '/'])('GET and PATCH /api/v2/end-users/{id}%s answer without redirecting', async (slash) => {
    const got = await ctx.request('GET', `/api/v2/end-users/${userId}${slash}`);
    noRedirect(got);
    expect(got.status).toBe(200);
    expect(got.body.end_user_id).toBe(userId);
    const patched = await ctx.request('PATCH', `/api/v2/end-users/${userId}${slash}`, {
      body: { profile: { last_name: `L${slash}` } },
    });
    noRedirect(patched);
    expect(patched.status).toBe(200);
    expect(patched.body.profile.last_name).toBe(`L${slash}`);
  });

  it('answers 413 payload_too_large to a body one byte over 10 MiB', async () => {
    const res = await ctx.request('POST', '/api/v2/end-users/', {
      payload: jsonOfSize(BODY_LIMIT + 1),
      headers: { 'content-type': 'application/json' },
    });
    expectEnvelope(res, 413, 'payload_too_large');
    const patch = await ctx.request('PATCH', `/api/v2/end-users/${userId}`, {
      payload: jsonOfSize(BODY_LIMIT + 1),
      headers: { 'content-type': 'application/json' },
    });
    expectEnvelope(patch, 413, 'payload_too_large');
  });

  it('accepts a valid JSON body of exactly 10 MiB', async () => {
    const body = jsonOfSize(BODY_LIMIT);
    expect(body.length).toBe(BODY_LIMIT);
    const res = await ctx.request('POST', '/api/v2/end-users/', {
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(201);
    expect(res.body.profile.first_name).toBe('Big');
    expect(res.raw).not.toContain('padding');
  });

  it('answers 413 on a socket as soon as Content-Length announces too much', async () => {
    const request = `POST /api/v2/end-users/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ctx.keyA}\r\nContent-Type: application/json\r\nContent-Length: ${BODY_LIMIT + 1}\r\n\r\n{"profile":`;
    const result = await rawExchange(port, request);
    expect(result.text.startsWith('HTTP/1.1 413')).toBe(true);
    expectEnvelope(parseRaw(result.text), 413, 'payload_too_large');
  });

  it.each([
    ['truncated JSON', '{"profile":'],
    ['a trailing comma', '{"profile":{},}'],
    ['single quotes', "{'profile':{}}"],
    ['plain text', 'hello'],
    ['an empty body', ''],
  ])('answers 400 bad_request to %s', async (_name, payload) => {
    for (const [method, url] of [
      ['POST', '/api/v2/end-users/'],
      ['PATCH', `/api/v2/end-users/${userId}`],
    ] as const) {
      const res = await ctx.request(method, url, { payload, headers: { 'content-type': 'application/json' } });
      expectEnvelope(res, 400, 'bad_request');
    }
  });

  it.each([
    ['text/plain', '{"profile":{}}'],
    ['application/x-www-form-urlencoded', 'profile=x'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--'],
    ['application/xml', '<profile/>'],
  ])('answers 400 bad_request to Content-Type %s', async (contentType, payload) => {
    for (const [method, url] of [
      ['POST', '/api/v2/end-users/'],
      ['PATCH', `/api/v2/end-users/${userId}`],
    ] as const) {
      const res = await ctx.request(method, url, { payload, headers: { 'content-type': contentType } });
      expectEnvelope(res, 400, 'bad_request');
    }
  });

  it.each([
    ['__proto__ at the top', '{"__proto__":{"polluted":true}}'],
    ['__proto__ in profile', '{"profile":{"__proto__":{"polluted":true}}}'],
    ['__proto__ in metadata', '{"profile":{"metadata":{"__proto__":{"polluted":true}}}}'],
    ['constructor.prototype', '{"constructor":{"prototype":{"polluted":true}}}'],
  ])('answers 400, not 500, to JSON with %s', async (_name, payload) => {
    for (const [method, url] of [
      ['POST', '/api/v2/end-users/'],
      ['PATCH', `/api/v2/end-users/${userId}`],
    ] as const) {
      const res = await ctx.request(method, url, { payload, headers: { 'content-type': 'application/json' } });
      expectEnvelope(res, 400, 'bad_request');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['an array', '[]'],
    ['an array of objects', '[{"profile":{}}]'],
    ['a string', '"hello"'],
    ['a number', '42'],
    ['null', 'null'],
  ])('answers 400 validation_error to a JSON body that is %s', async (_name, payload) => {
    for (const [method, url] of [
      ['POST', '/api/v2/end-users/'],
      ['PATCH', `/api/v2/end-users/${userId}`],
    ] as const) {
      const res = await ctx.request(method, url, { payload, headers: { 'content-type': 'application/json' } });
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.errors[0].details).toEqual([{ parameter: '$', location: 'body', message: expect.any(String) }]);
    }
  });

  it('answers 404 not_found to unknown routes under /api/v2 with a valid key', async () => {
    for (const [method, url] of [
      ['GET', '/api/v2/nothing-here'],
      ['GET', '/api/v2/'],
      ['POST', '/api/v2/nothing-here/'],
      ['GET', `/api/v2/end-users/${userId}/extra`],
      ['DELETE', `/api/v2/end-users/${userId}`],
    ] as const) {
      const res = await ctx.request(method, url);
      expectEnvelope(res, 404, 'not_found');
    }
  });

  it('asks for a key before saying whether an /api/v2 route exists', async () => {
    const res = await ctx.request('GET', '/api/v2/nothing-here', { key: null });
    expectEnvelope(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('answers 404 not_found to unknown routes outside /api/v2', async () => {
    for (const url of ['/nothing-here', '/api/v1/end-users', '/api/v2x', '/api']) {
      expectEnvelope(await ctx.request('GET', url, { key: null }), 404, 'not_found');
      expectEnvelope(await ctx.request('POST', url, { key: null, body: {} }), 404, 'not_found');
    }
  });

  it.each([
    ['a garbage request line', 'GARBAGE\r\n\r\n'],
    ['an unknown method', 'BREW /api/v2/end-users/ HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a header without a colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n'],
    ['a non-numeric Content-Length', 'POST /api/v2/end-users/ HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'],
    ['a bare LF in the request line', 'GET /healthz HTTP/1.1\nHost: x\r\n\r\n'],
  ])('answers malformed HTTP (%s) with a 400 envelope and closes', async (_name, data) => {
    const result = await rawExchange(port, data);
    expect(result.timedOut).toBe(false);
    expect(result.text.startsWith('HTTP/1.1 400 ')).toBe(true);
    const parsed = parseRaw(result.text);
    expectEnvelope(parsed, 400, 'bad_request');
    expect(parsed.headers.connection).toBe('close');
  });

  it('answers headers over 16 KiB with a 400 envelope or a closed connection, never a hang', async () => {
    const data = `GET /api/v2/end-users/ HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(17 * 1024)}\r\n\r\n`;
    const started = Date.now();
    const result = await rawExchange(port, data);
    expect(result.timedOut).toBe(false);
    expect(Date.now() - started).toBeLessThan(4_000);
    if (result.text !== '') expectEnvelope(parseRaw(result.text), 400, 'bad_request');
  });

  it('keeps serving after malformed requests', async () => {
    await rawExchange(port, 'GARBAGE\r\n\r\n');
    const result = await rawExchange(
      port,
      `GET /api/v2/end-users/${userId} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ctx.keyA}\r\nConnection: close\r\n\r\n`,
    );
    const parsed = parseRaw(result.text);
    expect(parsed.status).toBe(200);
    expect(parsed.body.end_user_id).toBe(userId);
  });
});
