// Tenant isolation: one agent's end users are invisible to another agent, answered exactly like
// ids that do not exist, and external_ids are unique per agent, not globally.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, expectError, type ApiResponse, type TestContext } from './helpers/harness.js';

const MISSING_ID = 'ffffffffffffffffffffffff';

/** The response with every occurrence of `id` replaced, so two 404s for different ids compare. */
function masked(res: ApiResponse, id: string) {
  return {
    status: res.status,
    body: JSON.parse(res.raw.split(id).join('<id>')),
    contentType: res.headers['content-type'],
  };
}

describe.each(ENGINES)('tenancy on %s', (engine) => {
  let ctx: TestContext;
  let userA: any;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
    const res = await ctx.request('POST', '/api/v2/end-users/', {
      key: ctx.keyA,
      body: { external_id: 'alpha-only', profile: { first_name: 'Ana', metadata: { plan: 'gold' } } },
    });
    expect(res.status).toBe(201);
    userA = res.body;
  });
  afterAll(async () => ctx?.close());

  it("answers 404 to agent B for agent A's end user, exactly as for a missing id", async () => {
    const foreign = await ctx.request('GET', `/api/v2/end-users/${userA.end_user_id}`, { key: ctx.keyB });
    const missing = await ctx.request('GET', `/api/v2/end-users/${MISSING_ID}`, { key: ctx.keyB });
    expectError(foreign, 404, 'not_found');
    expect(masked(foreign, userA.end_user_id)).toEqual(masked(missing, MISSING_ID));
    expect(foreign.raw).not.toContain('alpha-only');
    expect(foreign.raw).not.toContain('Ana');
  });

  it("does not let agent B PATCH agent A's end user", async () => {
    const body = { external_id: 'stolen', profile: { first_name: 'Mallory', metadata: { plan: null } } };
    const foreign = await ctx.request('PATCH', `/api/v2/end-users/${userA.end_user_id}`, { key: ctx.keyB, body });
    const missing = await ctx.request('PATCH', `/api/v2/end-users/${MISSING_ID}`, { key: ctx.keyB, body });
    expectError(foreign, 404, 'not_found');
    expect(masked(foreign, userA.end_user_id)).toEqual(masked(missing, MISSING_ID));

    const after = await ctx.request('GET', `/api/v2/end-users/${userA.end_user_id}`, { key: ctx.keyA });
    expect(after.status).toBe(200);
    expect(after.body).toEqual(userA);
    const stolen = await ctx.request('GET', '/api/v2/end-users/?external_id=stolen', { key: ctx.keyB });
    expectError(stolen, 404, 'not_found');
  });

  it("keeps agent A's end users out of agent B's list", async () => {
    const created = await ctx.request('POST', '/api/v2/end-users/', {
      key: ctx.keyB,
      body: { external_id: 'beta-only' },
    });
    expect(created.status).toBe(201);

    const listB = await ctx.request('GET', '/api/v2/end-users/', { key: ctx.keyB });
    expect(listB.status).toBe(200);
    const idsB = listB.body.data.map((u: any) => u.end_user_id);
    expect(idsB).toContain(created.body.end_user_id);
    expect(idsB).not.toContain(userA.end_user_id);

    const listA = await ctx.request('GET', '/api/v2/end-users/', { key: ctx.keyA });
    const idsA = listA.body.data.map((u: any) => u.end_user_id);
    expect(idsA).toContain(userA.end_user_id);
    expect(idsA).not.toContain(created.body.end_user_id);

    // A cursor pointing at another agent's record does not leak it either.
    const fromCursor = await ctx.request('GET', `/api/v2/end-users/?cursor=${userA.end_user_id}`, { key: ctx.keyB });
    expect(fromCursor.status).toBe(200);
    expect(fromCursor.body.data.map((u: any) => u.end_user_id)).not.toContain(userA.end_user_id);
  });

  it("answers 404 to agent B looking up agent A's external_id, in any casing", async () => {
    for (const externalId of ['alpha-only', 'ALPHA-ONLY']) {
      const res = await ctx.request('GET', `/api/v2/end-users/?external_id=${externalId}`, { key: ctx.keyB });
      expectError(res, 404, 'not_found');
    }
    const own = await ctx.request('GET', '/api/v2/end-users/?external_id=alpha-only', { key: ctx.keyA });
    expect(own.status).toBe(200);
    expect(own.body.end_user_id).toBe(userA.end_user_id);
  });

  it('lets both agents hold the same external_id independently', async () => {
    const a = await ctx.request('POST', '/api/v2/end-users/', {
      key: ctx.keyA,
      body: { external_id: 'shared-7', profile: { first_name: 'A' } },
    });
    const b = await ctx.request('POST', '/api/v2/end-users/', {
      key: ctx.keyB,
      body: { external_id: 'shared-7', profile: { first_name: 'B' } },
    });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.end_user_id).not.toBe(b.body.end_user_id);
    expect(a.body.profile.first_name).toBe('A');
    expect(b.body.profile.first_name).toBe('B');

    // Each agent's lookup finds its own.
    const lookA = await ctx.request('GET', '/api/v2/end-users/?external_id=shared-7', { key: ctx.keyA });
    const lookB = await ctx.request('GET', '/api/v2/end-users/?external_id=SHARED-7', { key: ctx.keyB });
    expect(lookA.body).toEqual(a.body);
    expect(lookB.body).toEqual(b.body);

    // PATCHing B's user leaves A's untouched, field by field and in updated_at.
    const patched = await ctx.request('PATCH', `/api/v2/end-users/${b.body.end_user_id}`, {
      key: ctx.keyB,
      body: { profile: { first_name: 'B2', last_name: 'Beta', metadata: { tier: 2 } } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.profile.first_name).toBe('B2');
    const stillA = await ctx.request('GET', `/api/v2/end-users/${a.body.end_user_id}`, { key: ctx.keyA });
    expect(stillA.body).toEqual(a.body);

    // Clearing B's external_id does not free or clear A's.
    const cleared = await ctx.request('PATCH', `/api/v2/end-users/${b.body.end_user_id}`, {
      key: ctx.keyB,
      body: { external_id: null, profile: {} },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.external_id).toBeNull();
    expect((await ctx.request('GET', '/api/v2/end-users/?external_id=shared-7', { key: ctx.keyA })).body).toEqual(
      a.body,
    );
    expectError(
      await ctx.request('GET', '/api/v2/end-users/?external_id=shared-7', { key: ctx.keyB }),
      404,
      'not_found',
    );

    // A POST by B with the same external_id creates a new user rather than returning A's.
    const again = await ctx.request('POST', '/api/v2/end-users/', { key: ctx.keyB, body: { external_id: 'Shared-7' } });
    expect(again.status).toBe(201);
    expect([a.body.end_user_id, b.body.end_user_id]).not.toContain(again.body.end_user_id);
  });

  it('lets agent B PATCH its own user to an external_id agent A uses, without a conflict', async () => {
    const b = await ctx.request('POST', '/api/v2/end-users/', { key: ctx.keyB, body: {} });
    expect(b.status).toBe(201);
    const res = await ctx.request('PATCH', `/api/v2/end-users/${b.body.end_user_id}`, {
      key: ctx.keyB,
      body: { external_id: 'alpha-only', profile: {} },
    });
    expect(res.status).toBe(200);
    expect(res.body.external_id).toBe('alpha-only');
    const a = await ctx.request('GET', '/api/v2/end-users/?external_id=alpha-only', { key: ctx.keyA });
    expect(a.body).toEqual(userA);
  });
});
