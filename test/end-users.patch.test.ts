// PATCH /api/v2/end-users/{id}: partial update, metadata merge and its size limit on the merged
// result, external_id moves and conflicts, updated_at discipline and the metadata/sensitive key
// exclusivity, on both engines. The clock is manual so that any change of
// updated_at is visible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import {
  USERS,
  createUser,
  expectEndUserShape,
  expectInvalid,
  expectNotFound,
  getUser,
  metadataOfBytes,
  mixCase,
  newUser,
  patchUser,
} from './helpers/end-users.js';

describe.each(ENGINES)('PATCH /api/v2/end-users/{id} on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
  });
  afterAll(async () => ctx?.close());

  const tick = () => ctx.clock.advance!(1_500);
  const wireNow = () => new Date(ctx.clock.now()).toISOString().replace('Z', '+00:00');
  const sensitiveOf = (id: string) => ctx.container.modules.endUsers.service.readSensitive(ctx.agentA, id);
  const lookup = (externalId: string) => ctx.request('GET', `${USERS}?external_id=${encodeURIComponent(externalId)}`);

  /** PATCHes after the clock moved, and asserts a 200 with the documented shape. */
  async function patchOk(id: string, body: unknown) {
    tick();
    const res = await patchUser(ctx, id, body);
    expect(res.status, res.raw).toBe(200);
    expectEndUserShape(res.body);
    expect(res.body).toStrictEqual((await getUser(ctx, id)).body);
    return res.body;
  }

  it('requires profile', async () => {
    const user = await newUser(ctx);
    expectInvalid(await patchUser(ctx, user.end_user_id, {}), '$.profile');
    expectInvalid(await patchUser(ctx, user.end_user_id, { external_id: 'x' }), '$.profile');
    expectInvalid(await patchUser(ctx, user.end_user_id, { profile: null }), '$.profile');
    expect((await getUser(ctx, user.end_user_id)).body).toStrictEqual(user);
  });

  it('accepts {} as a no-op that keeps updated_at', async () => {
    const user = await newUser(ctx, { external_id: 'noop-1', profile: { first_name: 'N', metadata: { a: 1 } } });
    expect(await patchOk(user.end_user_id, { profile: {} })).toStrictEqual(user);
    expect(await patchOk(user.end_user_id, { profile: { first_name: 'N', metadata: {} } })).toStrictEqual(user);
    expect(await patchOk(user.end_user_id, { profile: { metadata: { absent: null } } })).toStrictEqual(user);
  });

  it('leaves omitted fields unchanged, clears a scalar set to null and moves updated_at', async () => {
    const user = await newUser(ctx, {
      profile: {
        first_name: 'Ada',
        last_name: 'Lovelace',
        display_name: 'AL',
        avatar: 'https://a.test/x.png',
        email: 'a@x.test',
        language: 'en',
      },
    });
    const updated = await patchOk(user.end_user_id, {
      profile: { first_name: 'Augusta', email: null, language: 'en-GB' },
    });
    expect(updated.profile).toStrictEqual({
      ...user.profile,
      first_name: 'Augusta',
      email: null,
      language: 'en-GB',
    });
    expect(updated.created_at).toBe(user.created_at);
    expect(updated.updated_at).toBe(wireNow());
    expect(updated.updated_at).not.toBe(user.updated_at);
    const cleared = await patchOk(user.end_user_id, {
      profile: { first_name: null, last_name: null, display_name: null, avatar: null, email: null, language: null },
    });
    expect(cleared.profile).toStrictEqual({
      ...user.profile,
      first_name: null,
      last_name: null,
      display_name: null,
      avatar: null,
      email: null,
      language: null,
    });
  });

  it('applies the field rules to PATCH as well', async () => {
    const user = await newUser(ctx);
    expectInvalid(
      await patchUser(ctx, user.end_user_id, { profile: { first_name: 'f'.repeat(1001) } }),
      '$.profile.first_name',
    );
    expectInvalid(await patchUser(ctx, user.end_user_id, { profile: { language: 'en_US' } }), '$.profile.language');
    expectInvalid(
      await patchUser(ctx, user.end_user_id, { profile: { metadata: { f: 0.5 } } }),
      '$.profile.metadata.f',
    );
    expectInvalid(await patchUser(ctx, user.end_user_id, { external_id: 'a>b', profile: {} }), '$.external_id');
    expectInvalid(await patchUser(ctx, user.end_user_id, { external_id: '', profile: {} }), '$.external_id');
    expect((await getUser(ctx, user.end_user_id)).body).toStrictEqual(user);
  });

  it('merges metadata shallowly, removes keys set to null and clears on metadata null', async () => {
    const user = await newUser(ctx, { profile: { metadata: { a: 1, b: 'x', c: true } } });
    const merged = await patchOk(user.end_user_id, { profile: { metadata: { a: 2, b: null, d: 'new' } } });
    expect(merged.profile.metadata).toStrictEqual({ a: 2, c: true, d: 'new' });
    expect(merged.updated_at).toBe(wireNow());
    const same = await patchOk(user.end_user_id, { profile: { metadata: {} } });
    expect(same).toStrictEqual(merged);
    const cleared = await patchOk(user.end_user_id, { profile: { metadata: null } });
    expect(cleared.profile.metadata).toStrictEqual({});
    expect(cleared.updated_at).toBe(wireNow());
  });

  it('checks the 10,240-byte metadata limit on the merged result', async () => {
    const user = await newUser(ctx);
    const half1 = metadataOfBytes(6_000, 'p');
    const half2 = metadataOfBytes(6_000, 'q');
    const stored = await patchOk(user.end_user_id, { profile: { metadata: half1 } });
    tick();
    const error = expectInvalid(
      await patchUser(ctx, user.end_user_id, { profile: { metadata: half2, first_name: 'not stored' } }),
      '$.profile.metadata',
    );
    expect(`${error.message} ${error.details[0].message}`).toMatch(/10,240|10240/);
    expect((await getUser(ctx, user.end_user_id)).body).toStrictEqual(stored);

    // A merge landing exactly on the limit is accepted.
    const exact = metadataOfBytes(10_240, 'p');
    const atLimit = await patchOk(user.end_user_id, { profile: { metadata: exact } });
    expect(atLimit.profile.metadata).toStrictEqual(exact);
  });

  it('sets, changes and clears external_id, freeing the value at once', async () => {
    const user = await newUser(ctx);
    const other = await newUser(ctx);
    const set = await patchOk(user.end_user_id, { external_id: 'move-1', profile: {} });
    expect(set.external_id).toBe('move-1');
    expect(set.updated_at).toBe(wireNow());
    const changed = await patchOk(user.end_user_id, { external_id: 'move-2', profile: {} });
    expect(changed.external_id).toBe('move-2');
    expectNotFound(await lookup('move-1'));
    expect((await patchOk(other.end_user_id, { external_id: 'MOVE-1', profile: {} })).external_id).toBe('MOVE-1');

    const cleared = await patchOk(user.end_user_id, { external_id: null, profile: {} });
    expect(cleared.external_id).toBeNull();
    expectNotFound(await lookup('move-2'));
    const taker = await createUser(ctx, { external_id: 'Move-2' });
    expect(taker.status).toBe(201);
    expect(taker.body.end_user_id).not.toBe(user.end_user_id);
    expect((await lookup('move-2')).body.end_user_id).toBe(taker.body.end_user_id);
  });

  it('answers 409 conflict naming $.external_id when another user has it, and applies nothing', async () => {
    const holder = await newUser(ctx, { external_id: 'taken-1' });
    const user = await newUser(ctx, { profile: { first_name: 'Before', metadata: { keep: 1 } } });
    tick();
    const res = await patchUser(ctx, user.end_user_id, {
      external_id: 'TAKEN-1',
      profile: {
        first_name: 'After',
        email: 'e@x.test',
        metadata: { added: 'x' },
        sensitive_metadata: { fields: { tok: 'secret' } },
      },
    });
    const error = expectError(res, 409, 'conflict');
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ parameter: '$.external_id' })]));
    expect(res.raw).not.toMatch(/secret|sensitive/);
    expect((await getUser(ctx, user.end_user_id)).body).toStrictEqual(user);
    expect((await getUser(ctx, holder.end_user_id)).body).toStrictEqual(holder);
    expect(await sensitiveOf(user.end_user_id)).toStrictEqual({});
  });

  it('accepts the same external_id on the same user, and a casing change that is echoed', async () => {
    const user = await newUser(ctx, { external_id: 'Case-Ä' });
    expect(await patchOk(user.end_user_id, { external_id: 'Case-Ä', profile: {} })).toStrictEqual(user);
    const recased = await patchOk(user.end_user_id, { external_id: 'cASE-ä', profile: {} });
    expect(recased.external_id).toBe('cASE-ä');
    expect(recased.updated_at).toBe(wireNow());
    const found = await lookup('CASE-Ä');
    expect(found.status).toBe(200);
    expect(found.body).toStrictEqual(recased);
  });

  it('stores sensitive-only changes without moving updated_at', async () => {
    const user = await newUser(ctx, { profile: { metadata: { plan: 'gold' } } });
    const res = await patchOk(user.end_user_id, {
      profile: { sensitive_metadata: { fields: { tok: 'v1', pin: 1234 } } },
    });
    expect(res).toStrictEqual(user);
    expect(await sensitiveOf(user.end_user_id)).toStrictEqual({ pin: 1234, tok: 'v1' });
    expect(
      await patchOk(user.end_user_id, { profile: { sensitive_metadata: { fields: { tok: 'v2', pin: null } } } }),
    ).toStrictEqual(user);
    expect(await sensitiveOf(user.end_user_id)).toStrictEqual({ tok: 'v2' });
  });

  it('rejects a sensitive key that is a stored metadata key', async () => {
    const user = await newUser(ctx, { profile: { metadata: { plan: 'gold' } } });
    expectInvalid(
      await patchUser(ctx, user.end_user_id, { profile: { sensitive_metadata: { fields: { plan: 'secret' } } } }),
      '$.profile.sensitive_metadata.fields.plan',
    );
    expectInvalid(
      await patchUser(ctx, user.end_user_id, {
        profile: { metadata: { card: 'x' }, sensitive_metadata: { fields: { card: 'y' } } },
      }),
      '$.profile.sensitive_metadata.fields.card',
    );
    expect(await sensitiveOf(user.end_user_id)).toStrictEqual({});
    expect((await getUser(ctx, user.end_user_id)).body).toStrictEqual(user);
  });

  it('rejects a metadata key that is a stored, unexpired sensitive key', async () => {
    const user = await newUser(ctx, { profile: { sensitive_metadata: { fields: { tok: 's' } } } });
    expectInvalid(
      await patchUser(ctx, user.end_user_id, { profile: { metadata: { tok: 'x' }, first_name: 'no' } }),
      '$.profile.metadata.tok',
    );
    expect((await getUser(ctx, user.end_user_id)).body).toStrictEqual(user);
    // Removing the sensitive key in the same request makes room for it in metadata.
    const moved = await patchOk(user.end_user_id, {
      profile: { metadata: { tok: 'x' }, sensitive_metadata: { fields: { tok: null } } },
    });
    expect(moved.profile.metadata).toStrictEqual({ tok: 'x' });
    expect(await sensitiveOf(user.end_user_id)).toStrictEqual({});
  });

  it('answers 404 for unknown and malformed ids', async () => {
    for (const id of ['0123456789abcdef01234567', 'zzz', '0123456789abcdef0123456', '0123456789abcdef012345678']) {
      expectNotFound(await patchUser(ctx, id, { profile: { first_name: 'x' } }));
    }
    const beta = await newUser(ctx, {}, ctx.keyB);
    expectNotFound(await patchUser(ctx, beta.end_user_id, { profile: { first_name: 'x' } }));
    expect((await getUser(ctx, beta.end_user_id, ctx.keyB)).body).toStrictEqual(beta);
  });

  it('finds an id sent in upper-case hex', async () => {
    const user = await newUser(ctx);
    const res = await patchUser(ctx, user.end_user_id.toUpperCase(), { profile: { first_name: 'Up' } });
    expect(res.status).toBe(200);
    expect(res.body.end_user_id).toBe(user.end_user_id);
  });

  it('gives one external_id to exactly one of 20 concurrent PATCHes', async () => {
    const users = await Promise.all(Array.from({ length: 20 }, () => newUser(ctx)));
    tick();
    const responses = await Promise.all(
      users.map((u, i) =>
        patchUser(ctx, u.end_user_id, { external_id: mixCase('race-patch', i * 13), profile: { first_name: `r${i}` } }),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    const losers = responses.filter((r) => r.status !== 200);
    expect(losers).toHaveLength(19);
    for (const r of losers) expectError(r, 409, 'conflict');
    const winner = responses.findIndex((r) => r.status === 200);
    const found = await lookup('RACE-PATCH');
    expect(found.body.end_user_id).toBe(users[winner]!.end_user_id);
    for (const [i, u] of users.entries()) {
      if (i !== winner) expect((await getUser(ctx, u.end_user_id)).body).toStrictEqual(u);
    }
  });
});
