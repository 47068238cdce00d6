// The http responder against a real local node:http server: the request it sends (body, headers,
// signatures a stock svix / standardwebhooks verifier accepts), the answers it takes, its
// retries, deadline and abort, and that sensitive metadata goes out only when configured and
// never into an error message.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, type ResponderConfig } from '../../config.js';
import { ResponderError, answerOf, type ResponderTurn } from './responder.js';
import { ANSWER_MAX_BYTES, createHttpResponder, parseAnswer, USER_AGENT } from './responder.http.js';

interface Seen {
  headers: http.IncomingHttpHeaders;
  body: string;
  url: string;
}
type Handler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;

let handler: Handler = (_req, res) => res.end();
const seen: Seen[] = [];
const hanging = new Set<http.ServerResponse>();
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), url: req.url ?? '' });
    handler(req, res, seen.length);
  });
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  for (const res of hanging) res.destroy();
  hanging.clear();
  seen.length = 0;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const json =
  (status: number, value: unknown): Handler =>
  (_req, res) => {
    res
      .writeHead(status, { 'content-type': 'application/json' })
      .end(typeof value === 'string' ? value : JSON.stringify(value));
  };
const hang: Handler = (_req, res) => void hanging.add(res);

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const sensitive = { ssn: '123-45-6789', pin: 4711, vip: true };

function config(overrides: Partial<ResponderConfig> = {}): ResponderConfig {
  return {
    kind: 'http',
    scriptPath: null,
    url: `${base}/hook?token=t0ps3cret`,
    timeoutMs: 2_000,
    secret: null,
    includeSensitive: false,
    noAnswer: 'No answer.',
    ...overrides,
  };
}
const responder = (overrides: Partial<ResponderConfig> = {}, delays: number[] = [1, 1]) =>
  createHttpResponder(config(overrides), { retryDelaysMs: delays });

let sensitiveReads = 0;
const conversation = {
  id: 'c1',
  channel_id: 'ch1',
  end_user_id: 'u1',
  status: 'active',
  created_at: 't',
  updated_at: 't',
  metadata: { order: 7 },
};
const channel = { type: 'custom', id: 'ch1', name: 'Support' };
const endUser = {
  end_user_id: 'u1',
  external_id: null,
  profile: { first_name: 'Ada', metadata: {} },
  created_at: 't',
  updated_at: 't',
};
const message = {
  id: 'm1',
  conversation_id: 'c1',
  author: { id: 'u1', role: 'end_user', display_name: null, avatar: null },
  content: { type: 'text', body: 'hi' },
};

function turn(kind: ResponderTurn['kind'] = 'end_user_message'): ResponderTurn {
  return {
    id: kind === 'end_user_message' ? 'm1' : 'c1',
    kind,
    agent: { id: 'a1', handle: 'acme' },
    conversation,
    channel,
    endUser,
    message: kind === 'end_user_message' ? message : null,
    sensitiveMetadata: async () => {
      sensitiveReads++;
      return sensitive;
    },
  };
}
const never = new AbortController().signal;

async function failure(promise: Promise<unknown>): Promise<ResponderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResponderError);
  return error as ResponderError;
}

describe('the request', () => {
  it('posts the turn as JSON with the documented headers, signed so stock verifiers accept it', async () => {
    handler = json(200, {
      replies: [{ content: { type: 'text', body: 'Hello!' }, display_name: 'Bot', avatar: 'https://x.test/a.png' }],
    });
    const replies = await responder({ secret }).respond(turn(), never);
    expect(replies).toEqual([
      { content: { type: 'text', body: 'Hello!' }, display_name: 'Bot', avatar: 'https://x.test/a.png' },
    ]);
    expect(seen).toHaveLength(1);
    const [request] = seen as [Seen];
    expect(request.url).toBe('/hook?token=t0ps3cret');
    expect(JSON.parse(request.body)).toEqual({
      type: 'conversation.message',
      turn_id: 'm1',
      ai_agent: { id: 'a1', handle: 'acme' },
      conversation,
      channel,
      end_user: endUser,
      message,
    });
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'idempotency-key': 'm1',
      'svix-id': 'turn_m1',
      'webhook-id': 'turn_m1',
    });
    const headers = request.headers as Record<string, string>;
    expect(Math.abs(Number(headers['svix-timestamp']) - Date.now() / 1000)).toBeLessThan(10);
    expect(new SvixWebhook(secret).verify(request.body, headers)).toEqual(JSON.parse(request.body));
    expect(new StandardWebhook(secret).verify(request.body, headers)).toEqual(JSON.parse(request.body));
    const otherSecret = `whsec_${randomBytes(32).toString('base64')}`;
    expect(() => new SvixWebhook(otherSecret).verify(request.body, headers)).toThrow();
  });

  it('sends conversation.created with a null message, unsigned without a secret', async () => {
    handler = json(200, { replies: [] });
    expect(await responder().respond(turn('conversation_created'), never)).toEqual([]);
    const [request] = seen as [Seen];
    expect(JSON.parse(request.body)).toMatchObject({ type: 'conversation.created', turn_id: 'c1', message: null });
    expect(Object.keys(request.headers).filter((h) => /^(svix|webhook)-/.test(h))).toEqual([]);
  });

  it('adds sensitive metadata to the end user only when includeSensitive is on', async () => {
    handler = json(200, { replies: [] });
    sensitiveReads = 0;
    await responder().respond(turn(), never);
    expect(sensitiveReads).toBe(0);
    expect(seen[0]!.body).not.toContain('sensitive_metadata');
    expect(seen[0]!.body).not.toContain('123-45-6789');
    await responder({ includeSensitive: true }).respond(turn(), never);
    expect(sensitiveReads).toBe(1);
    expect(JSON.parse(seen[1]!.body).end_user).toEqual({ ...endUser, sensitive_metadata: sensitive });
    const unreadable = {
      ...turn(),
      sensitiveMetadata: () => Promise.reject(new Error(`cannot decrypt ${sensitive.ssn}`)),
    };
    const error = await failure(responder({ includeSensitive: true }).respond(unreadable, never));
    expect(error.message).toBe("the end user's sensitive metadata could not be read, so the responder was not asked");
    expect(seen).toHaveLength(2);
  });

  it('keeps sensitive values and the URL path and query out of error messages', async () => {
    handler = (_req, res, n) =>
      res.writeHead(400).end(`you sent ${JSON.stringify(JSON.parse(seen[n - 1]!.body).end_user.sensitive_metadata)}`);
    const error = await failure(responder({ includeSensitive: true }).respond(turn(), never));
    expect(error.message).toBe(
      `the responder at ${base} answered 400 (its body is not logged: sensitive metadata was sent)`,
    );
    expect(error.message).not.toContain('t0ps3cret');
    // Without sensitive values the body is quoted, as it helps the operator.
    const plain = await failure(responder().respond(turn(), never));
    expect(plain.message).toContain('answered 400: "you sent undefined"');
  });

  it('never lets a planted value of 1 to 40 characters reach an error message, whatever the answer', async () => {
    const alphabet = ' "\\\'ab7 9  x\t';
    const planted: Record<string, string | number> = {
      cvv: '739',
      quote: 'pa"ss',
      card: '4111  1111  1111  1111',
      pin: 4711,
    };
    for (let length = 1; length <= 40; length++) {
      let value = '';
      for (let i = 0; i < length; i++) value += alphabet[(i * 7 + length) % alphabet.length];
      planted[`v${length}`] = `Z${value}`.slice(0, length);
    }
    const turnWith = (): ResponderTurn => ({ ...turn(), sensitiveMetadata: async () => planted });
    const echo = (n: number) => JSON.parse(seen[n - 1]!.body).end_user.sensitive_metadata as Record<string, unknown>;
    const answers: [string, Handler][] = [
      ['a 400 echoing the request', (_q, res, n) => res.writeHead(400).end(JSON.stringify(echo(n)))],
      ['a 200 that is not JSON', (_q, res, n) => res.writeHead(200).end(`not json ${JSON.stringify(echo(n))}`)],
      [
        'a 200 whose unknown keys are the values',
        (_q, res, n) =>
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ reply: Object.fromEntries(Object.values(echo(n)).map((v) => [String(v), 1])) })),
      ],
    ];
    for (const [name, answer] of answers) {
      handler = answer;
      const error = await failure(responder({ includeSensitive: true }, []).respond(turnWith(), never));
      const text = error.message;
      const leaked = Object.values(planted)
        .map(String)
        .filter((v) => v.length >= 2 && v.trim().length >= 2)
        .filter((v) => [v, JSON.stringify(v).slice(1, -1), v.replace(/\s+/g, ' ')].some((form) => text.includes(form)));
      expect(leaked, `${name}: ${text}`).toEqual([]);
      for (const v of Object.values(planted).map(String)) expect(text, name).not.toContain(`[${JSON.stringify(v)}]`);
      expect(text, name).not.toMatch(/739|4711|pa"ss|pa\\"ss|4111/);
    }
  });
});

describe('the answer', () => {
  it.each([
    ['a 204', (_q: http.IncomingMessage, res: http.ServerResponse) => res.writeHead(204).end(), []],
    ['a 200 with an empty body', (_q: http.IncomingMessage, res: http.ServerResponse) => res.writeHead(200).end(), []],
    ['a 201 with {"replies": []}', json(201, { replies: [] }), []],
    ['{"reply": null}', json(200, { reply: null }), []],
    [
      '{"reply": "text"}',
      json(200, { reply: 'Hi there' }),
      [{ content: { type: 'text', body: 'Hi there' }, display_name: null, avatar: null }],
    ],
    [
      '{"replies": ["text", {link}]}',
      json(200, { replies: ['One', { content: { type: 'link', url: 'https://example.com/a' } }], extra: 'ignored' }),
      [
        { content: { type: 'text', body: 'One' }, display_name: null, avatar: null },
        { content: { type: 'link', url: 'https://example.com/a', link_text: null }, display_name: null, avatar: null },
      ],
    ],
  ] as Array<[string, Handler, unknown]>)('takes %s', async (_name, answer, expected) => {
    handler = answer;
    expect(await responder().respond(turn(), never)).toEqual(expected);
  });

  it.each([
    ['text that is not JSON', 'Hello!', /answered 200 with a body that is not JSON: "Hello!"$/],
    ['an array', [], /\$ must be an object with "replies" or "reply"/],
    ['an object without replies', { text: 'hi' }, /\$ must have "replies" \(an array\) or "reply"/],
    ['both replies and reply', { replies: [], reply: 'x' }, /must have only one of "replies" and "reply"/],
    ['replies that are not an array', { replies: 'hi' }, /\$\.replies must be an array/],
    ['an empty shorthand', { replies: ['ok', ''] }, /\$\.replies\[1\] must be 1 to 65536 characters long/],
    ['an empty body', { reply: { content: { type: 'text', body: '' } } }, /\$\.reply\.content\.body must not be empty/],
    [
      'an unknown content type',
      { replies: [{ content: { type: 'image', url: 'https://x.test' } }] },
      /\$\.replies\[0\]\.content\.type must be "text" or "link"/,
    ],
    [
      'a content without type',
      { replies: [{ content: { body: 'x' } }] },
      /\$\.replies\[0\]\.content\.type is required/,
    ],
    [
      'a link that is not http',
      { reply: { content: { type: 'link', url: 'javascript:alert(1)' } } },
      /\$\.reply\.content\.url must be an http:\/\/ or https:\/\/ URL/,
    ],
    [
      'a misspelt key',
      { replies: [{ content: { type: 'text', body: 'x' }, displayName: 'Bot' }] },
      /\$\.replies\[0\]\.displayName is not an allowed key/,
    ],
    ['21 replies', { replies: Array.from({ length: 21 }, () => 'x') }, /\$\.replies must have at most 20 items/],
    [
      'a body over 65536 characters',
      { reply: { content: { type: 'text', body: 'x'.repeat(65_537) } } },
      /must be at most 65536 characters long/,
    ],
    ['U+0000', { reply: 'a\u0000b' }, /\$\.reply must not contain U\+0000/],
  ])('refuses %s, without retrying', async (_name, body, expected) => {
    handler = json(200, body);
    const error = await failure(responder().respond(turn(), never));
    expect(error.message).toMatch(expected);
    expect(seen).toHaveLength(1);
  });

  it('refuses an answer over 1 MiB, whether or not it declares its length', async () => {
    const big = JSON.stringify({ reply: 'x'.repeat(ANSWER_MAX_BYTES) });
    handler = (_req, res) => res.writeHead(200, { 'content-length': Buffer.byteLength(big) }).end(big);
    expect((await failure(responder().respond(turn(), never))).message).toMatch(
      /answered 200 with 1048588 bytes; at most 1048576 are read/,
    );
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(big.slice(0, 600_000));
      res.end(big.slice(600_000));
    };
    expect((await failure(responder().respond(turn(), never))).message).toMatch(
      /answered 200 with more than 1048576 bytes/,
    );
  });

  it('does not follow redirects', async () => {
    handler = (req, res) =>
      req.url?.startsWith('/hook')
        ? res.writeHead(307, { location: `${base}/elsewhere` }).end()
        : json(200, { reply: 'x' })(req, res, 0);
    expect((await failure(responder().respond(turn(), never))).message).toMatch(
      /answered 307; redirects are not followed/,
    );
    expect(seen.map((s) => s.url)).toEqual(['/hook?token=t0ps3cret']);
  });

  it('parses answers on their own too', () => {
    expect(parseAnswer('  ')).toEqual([]);
    expect(parseAnswer('{"reply":"a"}')).toEqual([
      { content: { type: 'text', body: 'a' }, display_name: null, avatar: null },
    ]);
    expect(parseAnswer('{"reply":5}')).toMatch(/\$\.reply must be an object/);
  });

  it('reads a handoff to a human integration, with or without replies', () => {
    expect(parseAnswer('{"reply":"One moment.","handoff":"zendesk_chat"}')).toEqual({
      replies: [{ content: { type: 'text', body: 'One moment.' }, display_name: null, avatar: null }],
      handoff: 'zendesk_chat',
    });
    expect(parseAnswer('{"handoff":"salesforce"}')).toEqual({ replies: [], handoff: 'salesforce' });
    expect(parseAnswer('{"reply":"a","handoff":null}')).toEqual([
      { content: { type: 'text', body: 'a' }, display_name: null, avatar: null },
    ]);
    for (const bad of ['""', '"has space"', '5', '{}', `"${'x'.repeat(65)}"`])
      expect(parseAnswer(`{"reply":"a","handoff":${bad}}`)).toMatch(/\$\.handoff must be null or a human integration/);
  });
});

describe('retries, deadline and abort', () => {
  it('retries a 500 and a 429, then takes the answer', async () => {
    handler = (req, res, n) =>
      n === 1
        ? json(500, 'oops')(req, res, n)
        : n === 2
          ? json(429, '')(req, res, n)
          : json(200, { reply: 'third time' })(req, res, n);
    const replies = await responder({ secret }).respond(turn(), never);
    expect(answerOf(replies).replies.map((r) => r.content)).toEqual([{ type: 'text', body: 'third time' }]);
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => s.headers['svix-id']))).toEqual(new Set(['turn_m1']));
    expect(new Set(seen.map((s) => s.body)).size).toBe(1);
  });

  it('gives up after 3 attempts, quoting the last answer', async () => {
    handler = json(503, { error: 'x'.repeat(500) });
    const error = await failure(responder().respond(turn(), never));
    expect(seen).toHaveLength(3);
    expect(error.message).toMatch(/answered 503: "\{\\"error\\":\\"x{180,}…" \(attempt 3 of 3\)$/);
    expect(error.message.length).toBeLessThan(400);
  });

  it('never retries a 4xx other than 429', async () => {
    for (const status of [400, 401, 404, 408, 422]) {
      seen.length = 0;
      handler = json(status, { message: 'no' });
      const error = await failure(responder().respond(turn(), never));
      expect(error.message).toContain(`answered ${status}: "{\\"message\\":\\"no\\"}"`);
      expect(seen).toHaveLength(1);
    }
  });

  it('retries a hook that does not answer in time, and reports the deadline', async () => {
    handler = hang;
    const started = Date.now();
    const error = await failure(responder({ timeoutMs: 100 }).respond(turn(), never));
    expect(error.message).toMatch(/gave no complete answer within 100 ms \(attempt 3 of 3\)$/);
    expect(seen).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(2_000);
    seen.length = 0;
    handler = (req, res, n) => (n === 1 ? hang(req, res, n) : json(200, { reply: 'late but fine' })(req, res, n));
    expect(answerOf(await responder({ timeoutMs: 100 }).respond(turn(), never)).replies[0]?.content).toEqual({
      type: 'text',
      body: 'late but fine',
    });
  });

  it('retries a hook that cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(createHttpResponder(config({ url }), { retryDelaysMs: [1, 1] }).respond(turn(), never));
    expect(error.message).toMatch(/could not be reached \(ECONNREFUSED: .*\) \(attempt 3 of 3\)$/);
  });

  it('stops at once when the caller aborts, in flight or between attempts', async () => {
    handler = hang;
    const inFlight = new AbortController();
    const pending = responder({ timeoutMs: 10_000 }).respond(turn(), inFlight.signal);
    while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight.abort();
    expect((await failure(pending)).message).toBe('the request to the responder was aborted');
    expect(seen).toHaveLength(1);

    seen.length = 0;
    handler = json(500, '');
    const backoff = new AbortController();
    const started = Date.now();
    const waiting = responder({}, [60_000, 60_000]).respond(turn(), backoff.signal);
    while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    backoff.abort();
    expect((await failure(waiting)).message).toBe('the request to the responder was aborted');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(seen).toHaveLength(1);

    const already = AbortSignal.abort();
    await failure(responder().respond(turn(), already));
    expect(seen).toHaveLength(1);
  });
});

describe('configuration', () => {
  it('refuses a secret the signing scheme cannot use', () => {
    expect(() => createHttpResponder(config({ secret: `whsec_${'A'.repeat(120)}` }))).toThrow(ConfigError);
    expect(() => createHttpResponder(config({ secret: `whsec_${'A'.repeat(120)}` }))).toThrow(
      /^ROSTER_RESPONDER_SECRET: /,
    );
    expect(() => createHttpResponder(config({ url: null }))).toThrow(/^ROSTER_RESPONDER_URL: /);
  });
});
