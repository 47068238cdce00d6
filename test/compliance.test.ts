// Bulk end-user deletion (POST /api/v2/end-users/delete, GET /api/v2/jobs/{id}) and the legacy
// data-subject request: validation, the job's life and dispositions, matching, idempotency by
// client_reference, the cooldown, tenant isolation and the rate-limit headers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { manualClock } from '../src/lib/clock.js';
import { newEndUser } from '../src/modules/end-users/end-users.store.js';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import { ID_RE, TIME_RE, expectInvalid, expectNotFound, newUser } from './helpers/end-users.js';

const DELETE = '/api/v2/end-users/delete';
const JOBS = '/api/v2/jobs/';
const LEGACY = '/api/v1/data-subject-request';
const DAY = 86_400_000;
const JOB_KEYS = [
  'client_reference',
  'completed_at',
  'created_at',
  'failure_reason',
  'identifiers',
  'job_id',
  'status',
  'type',
];

describe.each(ENGINES)('erasure requests on %s', (engine) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
  });
  afterEach(async () => ctx?.close());

  const advance = (ms: number) => (ctx.clock as ReturnType<typeof manualClock>).advance(ms);
  const submit = (body: unknown, key?: string) => ctx.request('POST', DELETE, { body, ...(key ? { key } : {}) });
  const run = () => ctx.container.jobs.drain('compliance.erasure');
  const job = async (id: string, key?: string) => ctx.request('GET', `${JOBS}${id}`, key ? { key } : {});
  const status = async (id: string) => (await ctx.request('GET', `/api/v2/end-users/${id}`)).status;

  it('answers 202 with the job, which goes from queued to completed and erases the end user', async () => {
    const maria = await newUser(ctx, { external_id: 'CRM-1', profile: { email: 'maria@example.com' } });
    const keep = await newUser(ctx, { external_id: 'CRM-2' });
    const res = await submit({ identifiers: [{ type: 'external_id', value: '  crm-1 ' }], client_reference: 'T-1' });
    expect(res.status, res.raw).toBe(202);
    expect(Object.keys(res.body).sort()).toEqual(['created_at', 'job_id', 'status', 'submitted_count']);
    expect(res.body).toMatchObject({ status: 'queued', submitted_count: 1 });
    expect(res.body.job_id).toMatch(ID_RE);
    expect(res.body.created_at).toMatch(TIME_RE);

    const queued = await job(res.body.job_id);
    expect(queued.status).toBe(200);
    expect(Object.keys(queued.body).sort()).toEqual(JOB_KEYS);
    expect(queued.body).toMatchObject({
      job_id: res.body.job_id,
      type: 'end_user_deletion',
      client_reference: 'T-1',
      status: 'queued',
      created_at: res.body.created_at,
      completed_at: null,
      failure_reason: null,
    });

    advance(1_000);
    await run();
    const done = await job(res.body.job_id);
    expect(done.body).toMatchObject({ status: 'completed', failure_reason: null });
    expect(done.body.completed_at).toMatch(TIME_RE);
    expect(done.body.identifiers).toEqual([
      {
        type: 'external_id',
        value: '  crm-1 ',
        variable: null,
        disposition: 'accepted',
        matched_chatters: 1,
        reason: null,
      },
    ]);
    expect(await status(maria.end_user_id)).toBe(404);
    expect(await status(keep.end_user_id)).toBe(200);
    // The external_id is free again: a create makes a new person.
    const again = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'crm-1' } });
    expect(again.status).toBe(201);
    expect(again.body.end_user_id).not.toBe(maria.end_user_id);
  });

  it("answers 404 for another agent's job, an unknown id and a malformed one", async () => {
    const res = await submit({ identifiers: [{ type: 'email', value: 'x@example.com' }] });
    const other = await job(res.body.job_id, ctx.keyB);
    const unknown = await job('0123456789abcdef01234567');
    expectNotFound(other);
    expectNotFound(unknown);
    expect(other.body.errors[0].message.replace(res.body.job_id, 'ID')).toBe(
      unknown.body.errors[0].message.replace('0123456789abcdef01234567', 'ID'),
    );
    expectNotFound(await job('nope'));
    expect((await ctx.request('GET', `${JOBS}${res.body.job_id}`, { key: null })).status).toBe(401);
    expect((await ctx.request('POST', DELETE, { key: null, body: {} })).status).toBe(401);
  });

  it('rejects malformed requests with 400 and a body over 512 KB with 413', async () => {
    expectInvalid(await submit({ identifiers: [] }), '$.identifiers');
    expectInvalid(await submit({}), '$.identifiers');
    const many = Array.from({ length: 1_001 }, (_, i) => ({ type: 'email', value: `u${i}@example.com` }));
    expectInvalid(await submit({ identifiers: many }), '$.identifiers');
    expect((await submit({ identifiers: many.slice(0, 1_000) })).status).toBe(202);
    expect((await submit({ identifiers: [{ type: 'phone', value: '1' }] })).status).toBe(400);
    expect((await submit({ identifiers: [{ type: 'email' }] })).status).toBe(400);
    expectInvalid(
      await submit({ identifiers: [{ type: 'variable_match', value: 'A-99' }] }),
      '$.identifiers[0].variable',
    );
    expectInvalid(
      await submit({ identifiers: [{ type: 'email', value: 'a@b.c', variable: 'email' }] }),
      '$.identifiers[0].variable',
    );
    expect((await submit({ identifiers: [{ type: 'email', value: 'a@b.c', variable: null }] })).status).toBe(202);
    const big = 'x'.repeat(1_000);
    const huge = Array.from({ length: 600 }, () => ({ type: 'email', value: big }));
    expectError(await submit({ identifiers: huge }), 413, 'payload_too_large');
  });

  it('gives each identifier its disposition: invalid, duplicate, not_found, accepted and exceeds_limit', async () => {
    const maria = await newUser(ctx, { profile: { email: 'Maria@Example.com', metadata: { plan: 'gold' } } });
    const ana = await newUser(ctx, { profile: { metadata: { email: 'ANA@example.com', account: 99 } } });
    const zoe = await newUser(ctx, { profile: { first_name: 'Zoe' } });
    // 1,001 end users with one metadata value: more than one identifier may erase.
    await ctx.container.db.transaction(async (ex) => {
      for (let i = 0; i < 1_001; i++) {
        await ctx.container.modules.endUsers.store.insert(
          newEndUser(ctx.agentA, ctx.clock.now(), { metadata: { cohort: 'big' } }),
          ex,
        );
      }
    });
    const res = await submit({
      identifiers: [
        { type: 'email', value: ' maria@EXAMPLE.com ' },
        { type: 'email', value: 'maria@example.com' },
        { type: 'email', value: 'ana@example.com' },
        { type: 'email', value: 'not-an-email' },
        { type: 'end_user_id', value: 'abc' },
        { type: 'end_user_id', value: '0123456789abcdef01234567' },
        { type: 'external_id', value: 'nobody' },
        { type: 'email', value: 'nobody@example.com' },
        { type: 'variable_match', variable: 'first_name', value: 'Zoe' },
        { type: 'variable_match', variable: 'account', value: '99' },
        { type: 'variable_match', variable: 'cohort', value: 'big' },
      ],
    });
    expect(res.body.submitted_count).toBe(11);
    await run();
    const done = (await job(res.body.job_id)).body;
    expect(done.status).toBe('partial');
    expect(done.failure_reason).toBeNull();
    const d = done.identifiers.map((i: any) => [i.disposition, i.matched_chatters, i.reason === null]);
    expect(d).toEqual([
      ['accepted', 1, true],
      ['duplicate', 0, true],
      ['accepted', 1, true],
      ['invalid', 0, false],
      ['invalid', 0, false],
      ['not_found', 0, false],
      ['not_found', 0, false],
      ['not_found', 0, true],
      ['accepted', 1, true],
      ['accepted', 1, true],
      ['exceeds_limit', 1_001, false],
    ]);
    expect(done.identifiers[1]).toMatchObject({ type: 'email', value: 'maria@example.com', variable: null });
    expect(done.identifiers[8]).toMatchObject({ type: 'variable_match', variable: 'first_name', value: 'Zoe' });
    for (const u of [maria, ana, zoe]) expect(await status(u.end_user_id)).toBe(404);
    const left = await ctx.request('GET', '/api/v2/end-users/?limit=1');
    expect(left.body.data[0].profile.metadata).toEqual({ cohort: 'big' });
  });

  it('returns the same job for an identical request under one client_reference for 24 hours, and 409 for a different one', async () => {
    const body = { identifiers: [{ type: 'email', value: 'ref@example.com' }], client_reference: 'GDPR-42' };
    const first = await submit(body);
    expect(first.status).toBe(202);
    advance(1_000);
    const same = await submit(body);
    expect(same.status).toBe(202);
    expect(same.body).toEqual(first.body);
    // Another agent's reference is its own.
    const theirs = await submit(body, ctx.keyB);
    expect(theirs.status).toBe(202);
    expect(theirs.body.job_id).not.toBe(first.body.job_id);

    const conflict = expectError(
      await submit({ ...body, identifiers: [{ type: 'email', value: 'other@example.com' }] }),
      409,
      'conflict',
    );
    expect(conflict.message).toContain(first.body.job_id);
    expect(conflict.details).toEqual({ job_id: first.body.job_id });
    // Without a reference, nothing is deduplicated.
    const a = await submit({ identifiers: [{ type: 'email', value: 'free@example.com' }] });
    advance(DAY + 1);
    const b = await submit({ identifiers: [{ type: 'email', value: 'free2@example.com' }] });
    expect(a.body.job_id).not.toBe(b.body.job_id);
    // After 24 hours the reference starts a new job.
    const later = await submit({ ...body, identifiers: [{ type: 'email', value: 'third@example.com' }] });
    expect(later.status).toBe(202);
    expect(later.body.job_id).not.toBe(first.body.job_id);
  });

  it('fails the whole job when an identifier was submitted within the 7-day cooldown, and accepts it after', async () => {
    const u1 = await newUser(ctx, { external_id: 'cool-1' });
    const u2 = await newUser(ctx, { external_id: 'cool-2' });
    await submit({ identifiers: [{ type: 'external_id', value: 'cool-1' }] });
    await run();
    advance(6 * DAY);
    const res = await submit({
      identifiers: [
        { type: 'external_id', value: 'COOL-1' },
        { type: 'external_id', value: 'cool-2' },
      ],
    });
    expect(res.status).toBe(202);
    await run();
    const failed = (await job(res.body.job_id)).body;
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'identifier_in_cooldown' });
    expect(failed.completed_at).toMatch(TIME_RE);
    expect(failed.identifiers.map((i: any) => i.disposition)).toEqual(['invalid', 'invalid']);
    expect(failed.identifiers[0].reason).toContain('cooldown');
    expect(await status(u1.end_user_id)).toBe(404);
    expect(await status(u2.end_user_id)).toBe(200);

    advance(DAY + 1);
    const after = await submit({
      identifiers: [
        { type: 'external_id', value: 'cool-1' },
        { type: 'external_id', value: 'cool-2' },
      ],
    });
    await run();
    const done = (await job(after.body.job_id)).body;
    expect(done.status).toBe('partial');
    expect(done.identifiers.map((i: any) => i.disposition)).toEqual(['not_found', 'accepted']);
    expect(await status(u2.end_user_id)).toBe(404);
  });

  it('a create of the erased external_id while the job runs gets the old end user (then erased) or a new person (kept)', async () => {
    await ctx.container.db.transaction(async (ex) => {
      for (let i = 0; i < 400; i++) {
        await ctx.container.modules.endUsers.store.insert(
          newEndUser(ctx.agentA, ctx.clock.now(), { metadata: { cohort: 'race' } }),
          ex,
        );
      }
    });
    // Created last, so its id sorts last: it is erased in the job's last batch.
    const racer = await newUser(ctx, { external_id: 'Racer' });
    const res = await submit({
      identifiers: [
        { type: 'variable_match', variable: 'cohort', value: 'race' },
        { type: 'external_id', value: 'racer' },
      ],
    });
    const running = run();
    const answers: Array<{ status: number; id: string }> = [];
    let done = false;
    void running.then(() => (done = true));
    while (!done || answers.length < 2) {
      const created = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'racer' } });
      answers.push({ status: created.status, id: created.body.end_user_id });
      if (answers.length > 500) break;
    }
    await running;
    const last = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'racer' } });
    answers.push({ status: last.status, id: last.body.end_user_id });
    const job = (await ctx.request('GET', `${JOBS}${res.body.job_id}`)).body;
    expect(job.status).toBe('completed');
    expect(job.identifiers.map((i: any) => i.matched_chatters)).toEqual([400, 1]);
    expect(answers.every((a) => a.status === 200 || a.status === 201)).toBe(true);
    // Before the racer's batch: the old end user; after: one new person, then that one again.
    const firstNew = answers.findIndex((a) => a.id !== racer.end_user_id);
    const old = answers.slice(0, firstNew);
    expect(old.every((a) => a.status === 200 && a.id === racer.end_user_id)).toBe(true);
    expect(await status(racer.end_user_id)).toBe(404);
    expect(firstNew).toBeGreaterThan(-1);
    const fresh = answers.slice(firstNew);
    expect(fresh[0]!.status).toBe(201);
    expect(fresh.slice(1).every((a) => a.status === 200 && a.id === fresh[0]!.id)).toBe(true);
    expect(await status(fresh[0]!.id)).toBe(200);
    const lookup = await ctx.request('GET', '/api/v2/end-users/?external_id=racer');
    expect(lookup.status).toBe(200);
    expect(lookup.body.end_user_id).not.toBe(racer.end_user_id);
  });

  it('legacy data-subject request: 200 with the email, erasing by profile email, metadata "email" and chatter_id', async () => {
    const a = await newUser(ctx, { profile: { email: 'Legacy@Example.com' } });
    const b = await newUser(ctx, { profile: { metadata: { email: 'legacy@example.com' } } });
    const c = await newUser(ctx, { profile: { metadata: { account_email: 'legacy@example.com' } } });
    const d = await newUser(ctx, {});
    const res = await ctx.request('POST', LEGACY, {
      body: {
        type: 'ERASURE',
        email: 'legacy@example.com',
        identifiers: [{ type: 'chatter_id', value: d.end_user_id }],
      },
    });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toEqual({ email: 'legacy@example.com' });
    await run();
    expect(await status(a.end_user_id)).toBe(404);
    expect(await status(b.end_user_id)).toBe(404);
    expect(await status(c.end_user_id)).toBe(200);
    expect(await status(d.end_user_id)).toBe(404);

    const noEmail = await ctx.request('POST', LEGACY, {
      body: { type: 'ERASURE', identifiers: [{ type: 'email', value: 'x@example.com' }] },
    });
    expect(noEmail.status).toBe(200);
    expect(noEmail.body).toEqual({ email: null });
    expectInvalid(await ctx.request('POST', LEGACY, { body: { type: 'ERASURE' } }), '$.email');
    expect((await ctx.request('POST', LEGACY, { body: { type: 'EXPORT', email: 'a@b.c' } })).status).toBe(400);
    expect((await ctx.request('POST', LEGACY, { key: null, body: { type: 'ERASURE', email: 'a@b.c' } })).status).toBe(
      401,
    );
    // Another agent's request erases nothing of this agent's.
    const e = await newUser(ctx, { profile: { email: 'mine@example.com' } });
    await ctx.request('POST', LEGACY, { key: ctx.keyB, body: { type: 'ERASURE', email: 'mine@example.com' } });
    await submit({ identifiers: [{ type: 'end_user_id', value: e.end_user_id }] }, ctx.keyB);
    await run();
    expect(await status(e.end_user_id)).toBe(200);
  });
});

describe.each(ENGINES)('erasure rate limits on %s', (engine) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext(engine, {
      env: { ROSTER_RATE_LIMITS: 'on', ROSTER_RATE_LIMIT_END_USERS: '2/1m' },
    });
  });
  afterEach(async () => ctx?.close());

  it('counts against the end users family and sends X-RateLimit-* with the RateLimit headers', async () => {
    const body = { identifiers: [{ type: 'email', value: 'rl@example.com' }] };
    const first = await ctx.request('POST', DELETE, { body });
    expect(first.status).toBe(202);
    expect(first.headers['x-ratelimit-limit']).toBe('2');
    expect(first.headers['x-ratelimit-remaining']).toBe('1');
    expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    expect(first.headers['ratelimit-policy']).toContain('end_users');
    await ctx.request('GET', '/api/v2/end-users/');
    const limited = await ctx.request('POST', DELETE, { body });
    expectError(limited, 429, 'rate_limited');
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    // Other routes do not send the X- headers.
    const job = await ctx.request('GET', `${JOBS}${first.body.job_id}`);
    expect(job.status).toBe(200);
    expect(job.headers['x-ratelimit-limit']).toBeUndefined();
  });
});

describe.each(ENGINES)('erasure settings and documents on %s', (engine) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext(engine, { manualClock: true, env: { ROSTER_ERASURE_COOLDOWN: '1h' } });
  });
  afterEach(async () => ctx?.close());

  it('ROSTER_ERASURE_COOLDOWN sets the cooldown period', async () => {
    const body = { identifiers: [{ type: 'email', value: 'again@example.com' }] };
    const outcome = async () => {
      const res = await ctx.request('POST', DELETE, { body });
      await ctx.container.jobs.drain('compliance.erasure');
      return (await ctx.request('GET', `${JOBS}${res.body.job_id}`)).body.status;
    };
    expect(await outcome()).toBe('partial');
    (ctx.clock as ReturnType<typeof manualClock>).advance(59 * 60_000);
    expect(await outcome()).toBe('failed');
    (ctx.clock as ReturnType<typeof manualClock>).advance(2 * 60_000);
    expect(await outcome()).toBe('partial');
  });

  it('the hourly purge removes cooldowns and client references once their period is over', async () => {
    await ctx.request('POST', DELETE, {
      body: { identifiers: [{ type: 'email', value: 'p@example.com' }], client_reference: 'P-1' },
    });
    const rows = async () =>
      (await ctx.container.db.kysely.selectFrom('erasure_cooldowns').select('agent_id').execute()).length +
      (await ctx.container.db.kysely.selectFrom('erasure_references').select('agent_id').execute()).length;
    const purge = () => ctx.container.jobs.drain('compliance.purge');
    await purge();
    expect(await rows()).toBe(2);
    (ctx.clock as ReturnType<typeof manualClock>).advance(61 * 60_000);
    await ctx.container.modules.compliance.store.purgeExpired(ctx.clock.now() - 3_600_000, ctx.clock.now() - DAY);
    expect(await rows()).toBe(1);
    (ctx.clock as ReturnType<typeof manualClock>).advance(DAY);
    await ctx.container.modules.compliance.store.purgeExpired(ctx.clock.now() - 3_600_000, ctx.clock.now() - DAY);
    expect(await rows()).toBe(0);
  });

  it('documents the three routes with their statuses', async () => {
    const doc = (await ctx.request('GET', '/api/openapi.json', { key: null })).body;
    const responses = (path: string, method: string) => Object.keys(doc.paths[path]?.[method]?.responses ?? {});
    expect(responses('/api/v2/end-users/delete', 'post')).toEqual(
      expect.arrayContaining(['202', '400', '401', '409', '413', '429']),
    );
    expect(responses('/api/v2/jobs/{job_id}', 'get')).toEqual(expect.arrayContaining(['200', '401', '404', '429']));
    expect(responses('/api/v1/data-subject-request', 'post')).toEqual(
      expect.arrayContaining(['200', '400', '401', '413']),
    );
  });
});
