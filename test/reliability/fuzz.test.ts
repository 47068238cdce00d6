// Property-based fuzzing of the End Users API through app.inject on both engines: generated
// bodies, raw JSON text, invalid UTF-8, query strings, path ids and headers. Every answer must be
// below 500, in the error envelope with the status the README gives its type, or an end user / page of
// exactly the documented shape; a model of what the accepted requests should have produced is
// compared with what the API returns, during the run and at its end.
// ROSTER_FUZZ_REQUESTS (default 10,000, split across engines) and ROSTER_FUZZ_SEED tune a run.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, type TestContext } from '../helpers/harness.js';
import { expectEndUserShape, listAll, mixCase } from '../helpers/end-users.js';
import {
  auth,
  contentType,
  createBody,
  patchBody,
  query,
  target,
  validCreate,
  type BodyCase,
  type Target,
} from './helpers/arbitraries.js';

const USERS = '/api/v2/end-users/';
const TOTAL = Number(process.env.ROSTER_FUZZ_REQUESTS ?? 10_000);
const PER_ENGINE = Math.ceil(TOTAL / Math.max(1, ENGINES.length));
const SEED = Number(process.env.ROSTER_FUZZ_SEED ?? Date.now() % 2 ** 31);
const SPEC_STATUS: Record<string, number> = {
  validation_error: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
};
const LOCATIONS = ['body', 'query', 'path', 'header'];
const SCALARS = ['first_name', 'last_name', 'display_name', 'avatar', 'email', 'language'] as const;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const JSON_CT = { 'content-type': 'application/json' };
const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
type Res = { status: number; body: any; raw: string; headers: Record<string, unknown> };
type Query = { params: [string, string][]; garbage: string | null };

describe.each(ENGINES)('fuzzing on %s', (engine) => {
  let ctx: TestContext;
  const users = new Map<string, any>(); // agent A's end users as the API must return them
  const byExternal = new Map<string, string>(); // Unicode lower-cased external_id -> id
  const foreign = new Map<string, any>(); // agent B's end users
  const tally = { requests: 0, accepted: 0, rejected: 0, server_errors: 0 };
  const bearer = () => ({ authorization: `Bearer ${ctx.keyA}` });

  beforeAll(async () => {
    ctx = await createTestContext(engine);
    for (const externalId of ['user-1', 'b-only', null]) {
      const res = await send(
        'POST',
        USERS,
        { authorization: `Bearer ${ctx.keyB}`, ...JSON_CT },
        JSON.stringify({ external_id: externalId }),
      );
      foreign.set(res.body.end_user_id, res.body);
    }
    Object.assign(tally, { requests: 0, accepted: 0, rejected: 0, server_errors: 0 }); // count generated requests only
  });
  afterAll(async () => ctx?.close());

  /** Sends one request and checks what holds for every answer. */
  async function send(
    method: string,
    url: string,
    headers: Record<string, string | undefined>,
    payload?: string | Buffer,
  ): Promise<Res> {
    const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
    const res = await ctx.app.inject({
      method: method as 'GET',
      url,
      headers: clean,
      ...(payload === undefined ? {} : { payload }),
    });
    tally.requests++;
    if (res.statusCode >= 500) tally.server_errors++;
    else if (res.statusCode >= 400) tally.rejected++;
    else tally.accepted++;
    const where = `${method} ${url.slice(0, 120)} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
    expect(res.statusCode, where).toBeLessThan(500);
    expect(res.headers['content-type'], where).toMatch(/^application\/json/);
    expect(String(res.headers['x-request-id']), where).toMatch(REQUEST_ID);
    const body = JSON.parse(res.body);
    if (res.statusCode >= 400) {
      expect(Object.keys(body), where).toEqual(['errors']);
      expect(body.errors, where).toHaveLength(1);
      const error = body.errors[0];
      expect(Object.keys(error).sort(), where).toEqual(['details', 'message', 'type']);
      expect(SPEC_STATUS[error.type], where).toBe(res.statusCode);
      expect(typeof error.message === 'string' && error.message.length > 0, where).toBe(true);
      if (error.type === 'validation_error') {
        expect(error.details.length, where).toBeGreaterThan(0);
        for (const d of error.details) {
          expect(Object.keys(d).sort(), where).toEqual(['location', 'message', 'parameter']);
          expect(LOCATIONS, where).toContain(d.location);
          expect(d.parameter.startsWith('$'), where).toBe(true);
        }
      } else if (error.type === 'conflict') expect(JSON.stringify(error.details), where).toContain('external_id');
      else expect(error.details, where).toBeNull();
      if (res.statusCode === 401) expect(res.headers['www-authenticate']).toBe('Bearer');
    } else if (Array.isArray(body.data)) {
      expect(Object.keys(body).sort()).toEqual(['data', 'meta']);
      expect(Object.keys(body.meta)).toEqual(['next_page_url']);
      body.data.forEach(expectEndUserShape);
    } else expectEndUserShape(body);
    return { status: res.statusCode, body, raw: res.body, headers: res.headers };
  }

  const payloadOf = (c: BodyCase) => c.raw ?? JSON.stringify(c.value);
  /** What the server should have parsed, or undefined when the payload is not JSON. */
  function parsedOf(c: BodyCase): any {
    if (c.raw === undefined) return clone(c.value);
    try {
      return JSON.parse((typeof c.raw === 'string' ? c.raw : c.raw.toString('utf8')).replace(/^\uFEFF/, ''));
    } catch {
      return undefined;
    }
  }
  // fast-check may generate "__proto__" or "constructor" keys, which the JSON parser refuses.
  const expectationOf = (c: BodyCase) =>
    c.expect === 'ok' && /"(__proto__|constructor)"/.test(String(payloadOf(c))) ? 'any' : c.expect;

  function expectRejected(c: BodyCase, res: Res) {
    expect([400, 413], `${c.label}: ${res.raw.slice(0, 300)}`).toContain(res.status);
    if (c.rejectAt)
      expect(res.body.errors[0].details?.[0]?.parameter ?? '', c.label).toMatch(
        new RegExp(`^${c.rejectAt.replace(/[.$]/g, '\\$&')}`),
      );
  }

  function remember(user: any, previous?: any) {
    if (previous?.external_id != null) byExternal.delete(previous.external_id.toLowerCase());
    if (user.external_id !== null) byExternal.set(user.external_id.toLowerCase(), user.end_user_id);
    users.set(user.end_user_id, user);
  }

  /** A 2xx answer to a create must be the holder of the external_id (unchanged) or a new user built from the body. */
  function checkCreated(body: any, res: Res) {
    const externalId = body.external_id ?? null;
    const holder = externalId === null ? undefined : byExternal.get(externalId.toLowerCase());
    if (holder) {
      expect(res.status, res.raw).toBe(200);
      expect(res.body).toEqual(users.get(holder));
      return;
    }
    expect(res.status, res.raw).toBe(201);
    expect(users.has(res.body.end_user_id)).toBe(false);
    const p = body.profile ?? {};
    const profile = {
      ...Object.fromEntries(SCALARS.map((f) => [f, p[f] ?? null])),
      metadata: p.metadata ?? {},
      system_properties: { sunshine_user_id: null },
    };
    const { end_user_id, created_at } = res.body;
    expect(res.body).toEqual({ end_user_id, external_id: externalId, profile, created_at, updated_at: created_at });
    remember(res.body);
  }

  async function create(
    c: BodyCase,
    headers: Record<string, string | undefined> = { ...bearer(), ...JSON_CT },
  ): Promise<Res> {
    const res = await send('POST', USERS, headers, payloadOf(c));
    const expectation = expectationOf(c);
    if (expectation === 'reject') expectRejected(c, res);
    else {
      if (expectation === 'ok') expect(res.status, `${c.label}: ${res.raw.slice(0, 300)}`).toBeLessThan(300);
      if (res.status < 300) checkCreated(parsedOf(c), res);
    }
    return res;
  }

  /** Path, and the model id the path names (null: no user of agent A). */
  function resolve(t: Target): { path: string; id: string | null; exact: boolean } {
    const ids = [...users.keys()];
    if ((t.kind === 'known' || t.kind === 'known-upper') && ids.length > 0) {
      const id = ids[t.n % ids.length] as string;
      return {
        path: `${t.kind === 'known' ? id : id.toUpperCase()}${t.n % 3 === 0 ? '/' : ''}`,
        id,
        exact: t.kind === 'known',
      };
    }
    if (t.kind === 'foreign') return { path: [...foreign.keys()][t.n % foreign.size] as string, id: null, exact: true };
    if (t.kind === 'garbage') return { path: encodeURIComponent(t.text), id: null, exact: true };
    if (t.kind === 'raw') return { path: t.text, id: null, exact: false };
    return { path: 'text' in t ? t.text : 'ffffffffffffffffffffffff', id: null, exact: true };
  }

  function expectMissing(res: Res, exact: boolean) {
    if (exact) expect(res.status, res.raw).toBe(404);
    else expect([400, 404], res.raw).toContain(res.status);
  }

  async function patch(
    t: Target,
    c: BodyCase,
    headers: Record<string, string | undefined> = { ...bearer(), ...JSON_CT },
  ): Promise<Res> {
    const { path, id, exact } = resolve(t);
    const res = await send('PATCH', `${USERS}${path}`, headers, payloadOf(c));
    const expectation = expectationOf(c);
    // Bodies are read before the id is looked up; an over-long or undecodable path never reaches either.
    if (expectation === 'reject')
      return id === null && (res.status === 404 || !exact)
        ? (expectMissing(res, exact && res.status !== 400), res)
        : (expectRejected(c, res), res);
    if (id === null)
      return (expectation === 'ok' ? expectMissing(res, exact) : expect(res.status).toBeGreaterThanOrEqual(400), res);
    if (!exact && res.status === 404) return res; // an upper-case id may be refused, never half-applied
    const body = parsedOf(c);
    const current = users.get(id) as any;
    const next = clone(current);
    const p = body?.profile ?? {};
    for (const f of SCALARS) if (p[f] !== undefined) next.profile[f] = p[f];
    if (p.metadata === null) next.profile.metadata = {};
    else
      for (const [k, v] of Object.entries(p.metadata ?? {})) {
        if (v === null) delete next.profile.metadata[k];
        else next.profile.metadata[k] = v;
      }
    if (body?.external_id !== undefined) next.external_id = body.external_id;
    const holder = next.external_id === null ? undefined : byExternal.get(next.external_id.toLowerCase());
    const conflict = holder !== undefined && holder !== id;
    if (expectation === 'ok') expect(res.status, `${c.label}: ${res.raw.slice(0, 300)}`).toBe(conflict ? 409 : 200);
    if (res.status === 409) expect(conflict, res.raw).toBe(true);
    if (res.status !== 200) return res;
    const changed = JSON.stringify({ ...next, updated_at: 0 }) !== JSON.stringify({ ...current, updated_at: 0 });
    expect(res.body).toEqual({ ...next, updated_at: res.body.updated_at });
    if (changed) expect(res.body.updated_at >= current.updated_at).toBe(true);
    else expect(res.body.updated_at).toBe(current.updated_at);
    remember(res.body, current);
    return res;
  }

  /** The page the model says a list request must return. */
  function expectPage(res: Res, cursor: string | undefined, limit: number) {
    const ids = [...users.keys()].sort().filter((id) => cursor === undefined || id >= cursor.toLowerCase());
    expect(res.status, res.raw.slice(0, 300)).toBe(200);
    expect(res.body.data).toEqual(ids.slice(0, limit).map((id) => users.get(id)));
    expect(res.body.meta.next_page_url === null).toBe(ids.length <= limit);
    if (ids.length > limit) expect(new URL(res.body.meta.next_page_url).searchParams.get('cursor')).toBe(ids[limit]);
  }

  async function read(q: Query) {
    const text =
      q.params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&') + (q.garbage ?? '');
    const res = await send('GET', `${USERS}?${text}`, bearer());
    const p = Object.fromEntries(q.params) as Record<string, string>;
    if (q.garbage !== null) {
      if (res.status === 200) for (const u of res.body.data ?? [res.body]) expect(u).toEqual(users.get(u.end_user_id));
      return;
    }
    if (p.external_id !== undefined) {
      const ext = p.external_id;
      const valid =
        ext.length > 0 &&
        [...ext].length <= 36 &&
        !/[<>\u0000]/.test(ext) &&
        p.limit === undefined &&
        p.cursor === undefined;
      const holder = byExternal.get(ext.toLowerCase());
      if (!valid) expect(res.status, res.raw).toBe(400);
      else if (holder) expect(res.body).toEqual(users.get(holder));
      else expect(res.status, res.raw).toBe(404);
      return;
    }
    const limitOk =
      p.limit === undefined || (/^-?[0-9]+$/.test(p.limit) && Number(p.limit) >= 1 && Number(p.limit) <= 100);
    const cursorOk = p.cursor === undefined || /^[0-9a-fA-F]{24}$/.test(p.cursor);
    if (!limitOk || !cursorOk) expect(res.status, res.raw).toBe(400);
    else expectPage(res, p.cursor, p.limit === undefined ? 100 : Number(p.limit));
  }

  const run = async (name: string, share: number, property: fc.IAsyncProperty<any>) => {
    const before = tally.requests;
    const started = performance.now();
    await fc.assert(property, { numRuns: Math.ceil(PER_ENGINE * share), seed: SEED });
    console.log(
      `[fuzz] engine=${engine} property=${name} requests=${tally.requests - before} ms=${Math.round(performance.now() - started)} seed=${SEED}`,
    );
  };

  it('creates: valid, broken, raw JSON text and invalid UTF-8 bodies', () =>
    run(
      'create-bodies',
      0.32,
      fc.asyncProperty(createBody, async (c) => void (await create(c))),
    ));

  it('patches: bodies against known, upper-case, foreign, random and garbage ids', () =>
    run(
      'patch-bodies',
      0.3,
      fc.asyncProperty(target, patchBody, async (t, c) => void (await patch(t, c))),
    ));

  it('reads: path ids and query strings', () =>
    run(
      'reads',
      0.24,
      fc.asyncProperty(fc.oneof(target, query), async (x: any) => {
        if ('params' in x) return void (await read(x));
        const { path, id, exact } = resolve(x);
        const res = await send('GET', `${USERS}${path}`, bearer());
        if (id !== null && (exact || res.status === 200)) expect(res.body).toEqual(users.get(id));
        else expectMissing(res, exact);
      }),
    ));

  it('headers: Authorization, Content-Type and X-Request-Id variants', () =>
    run(
      'headers',
      0.14,
      fc.asyncProperty(
        auth,
        contentType,
        fc.constantFrom('list', 'get', 'post', 'patch'),
        fc.nat(),
        fc.option(fc.string({ maxLength: 140 })),
        validCreate,
        async (a, ct, op, n, requestId, body) => {
          const headers = {
            authorization: a.header(ctx.keyA, ctx.keyB),
            'x-request-id': requestId ?? undefined,
            'content-type': ct.value,
          };
          const c: BodyCase = {
            label: `content-type ${ct.value}`,
            expect: ct.json === true ? 'ok' : ct.json === false ? 'reject' : 'any',
            value: op === 'post' ? body : { profile: {} },
          };
          const known: Target = { kind: 'known', n };
          let res: Res;
          if (a.who === 'A' && op === 'post') res = await create(c, headers);
          else if (a.who === 'A' && op === 'patch') res = await patch(known, c, headers);
          else if (op === 'list' || (op === 'post' && a.who === 'B')) res = await send('GET', USERS, headers);
          else
            res = await send(
              op === 'get' ? 'GET' : op.toUpperCase(),
              op === 'post' ? USERS : `${USERS}${resolve(known).path}`,
              headers,
              op === 'get' ? undefined : payloadOf(c),
            );
          if (a.who === null) expect(res.status, res.raw).toBe(401);
          else if (a.who === 'B' && Array.isArray(res.body.data)) expect(res.body.data).toEqual([...foreign.values()]);
          else if (a.who === 'B')
            expect(res.status, res.raw).toBe(
              op === 'get' || ct.json === true ? 404 : ct.json === false ? 400 : Math.max(400, res.status),
            );
          else if (op === 'list') expectPage(res, undefined, 100);
          else if (op === 'get') expect(res.body).toEqual(users.get(resolve(known).id as string));
          // The request id is echoed only when it is a plain token: header content is never reflected.
          if (requestId !== null && REQUEST_ID.test(requestId)) expect(res.headers['x-request-id']).toBe(requestId);
          else
            expect(res.headers['x-request-id']).toMatch(
              /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
            );
        },
      ),
    ));

  it('kept every accepted write and nothing else (model = API)', async () => {
    const before = tally.requests; // every request so far was generated by a property
    const listed = await listAll(ctx, ctx.keyA, 100);
    tally.requests += Math.ceil(listed.length / 100) || 1;
    expect(listed).toEqual([...users.keys()].sort().map((id) => users.get(id)));
    for (const [id, user] of users) expect((await send('GET', `${USERS}${id}`, bearer())).body).toEqual(user);
    for (const [lower, id] of byExternal) {
      const variant = mixCase(users.get(id).external_id, lower.length);
      const res = await send(
        'GET',
        `${USERS}?external_id=${encodeURIComponent(variant.toLowerCase() === lower ? variant : lower)}`,
        bearer(),
      );
      expect(res.body).toEqual(users.get(id));
    }
    expect(await listAll(ctx, ctx.keyB)).toEqual([...foreign.values()]);
    console.log(
      `[fuzz] engine=${engine} property=final-check requests=${tally.requests - before} users=${users.size} external_ids=${byExternal.size}`,
    );
    console.log(
      `[fuzz] engine=${engine} TOTAL generated=${before} with-final-check=${tally.requests} accepted=${tally.accepted} rejected=${tally.rejected} 5xx=${tally.server_errors} seed=${SEED}`,
    );
    expect(before).toBeGreaterThanOrEqual(PER_ENGINE);
  });
});

// Cases the fuzzer found, kept as explicit regressions (each was a 5xx, a corrupted value or a
// non-envelope answer before the fix named in docs/reliability.md).
describe.each(ENGINES)('fuzz findings on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
  });
  afterAll(async () => ctx?.close());
  const post = (raw: string | Buffer) => ctx.request('POST', USERS, { payload: raw, headers: JSON_CT });
  const blamed = (res: { status: number; body: any }) => [
    res.status,
    res.body.errors?.[0]?.type,
    res.body.errors?.[0]?.details?.[0]?.parameter,
  ];

  it('refuses U+0000 in stored text instead of failing (was 500 on PostgreSQL)', async () => {
    expect(blamed(await post('{"profile":{"first_name":"a\\u0000b"}}'))).toEqual([
      400,
      'validation_error',
      '$.profile.first_name',
    ]);
    expect(blamed(await post('{"external_id":"x\\u0000"}'))).toEqual([400, 'validation_error', '$.external_id']);
    expect(blamed(await post('{"profile":{"metadata":{"k\\u0000":"v"}}}'))).toEqual([
      400,
      'validation_error',
      '$.profile.metadata["k\\u0000"]',
    ]);
    const user = (await ctx.request('POST', USERS, { body: {} })).body;
    const res = await ctx.request('PATCH', `${USERS}${user.end_user_id}`, {
      payload: '{"profile":{"email":"\\u0000"}}',
      headers: JSON_CT,
    });
    expect(blamed(res)).toEqual([400, 'validation_error', '$.profile.email']);
    const lookup = await ctx.request('GET', `${USERS}?external_id=%00`);
    expect([lookup.status, lookup.body.errors[0].details[0]]).toEqual([
      400,
      { parameter: '$.external_id', location: 'query', message: expect.any(String) },
    ]);
  });

  it('refuses unpaired surrogates (were stored as U+FFFD, so two external_ids collided)', async () => {
    expect(blamed(await post('{"external_id":"\\udc00"}'))).toEqual([400, 'validation_error', '$.external_id']);
    expect(blamed(await post('{"external_id":"\\udc01"}'))).toEqual([400, 'validation_error', '$.external_id']);
    expect(blamed(await post('{"profile":{"sensitive_metadata":{"fields":{"t":"a\\ud800"}}}}'))).toEqual([
      400,
      'validation_error',
      '$.profile.sensitive_metadata.fields.t',
    ]);
    // A well-formed pair written as escapes is an ordinary character and round-trips.
    const ok = await post('{"external_id":"\\ud83d\\ude00-x","profile":{"first_name":"\\u202e\\u200b"}}');
    expect([ok.status, ok.body.external_id, ok.body.profile.first_name]).toEqual([201, '😀-x', '\u202e\u200b']);
    expect((await ctx.request('GET', `${USERS}${ok.body.end_user_id}`)).body).toEqual(ok.body);
    expect((await ctx.request('GET', `${USERS}?external_id=${encodeURIComponent('😀-X')}`)).body).toEqual(ok.body);
  });

  it("answers router errors in the envelope (were Fastify's own bodies, one with status 414)", async () => {
    for (const path of ['%', '%zz', '%ED%A0%80']) {
      const res = await ctx.request('GET', `${USERS}${path}`);
      expect([res.status, res.body]).toEqual([
        400,
        { errors: [{ type: 'bad_request', message: expect.any(String), details: null }] },
      ]);
    }
    const long = await ctx.request('PATCH', `${USERS}${'a'.repeat(250)}`, { body: { profile: {} } });
    expect([long.status, long.body.errors[0].type]).toEqual([404, 'not_found']);
  });

  it('answers 5,000 nested arrays with 400 and an 11 MiB body with 413', async () => {
    // Refused by the parser's depth bound (32 levels) before anything is built.
    expect(blamed(await post('['.repeat(5_000) + ']'.repeat(5_000)))).toEqual([400, 'bad_request', undefined]);
    expect(blamed(await post(`{"profile":{"metadata":{"k":${'['.repeat(5_000)}${']'.repeat(5_000)}}}}`))).toEqual([
      400,
      'bad_request',
      undefined,
    ]);
    const huge = await post(`{"profile":{"first_name":"${'x'.repeat(11 * 1024 * 1024)}"}}`);
    expect([huge.status, huge.body.errors[0].type]).toEqual([413, 'payload_too_large']);
  });
});
