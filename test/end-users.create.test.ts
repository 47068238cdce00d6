// POST /api/v2/end-users/: blank creation, the exact wire shape, idempotency by external_id and
// every field rule the README lists, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';
import {
  ID_RE,
  TIME_RE,
  createUser,
  expectEndUserShape,
  expectInvalid,
  getUser,
  listAll,
  metadataOfBytes,
  mixCase,
  newUser,
  utf8Bytes,
} from './helpers/end-users.js';

const withPrefix = (prefix: string, n: number, value: unknown = 'v') =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}_${i}`, value]));
const fields = (n: number, value: unknown = 'v') => withPrefix('key', n, value);

// [name, profile or body, JSON path of the rejected field]
const REJECTED: Array<[string, Record<string, unknown>, string]> = [
  ['external_id of 37 characters', { external_id: 'x'.repeat(37) }, '$.external_id'],
  ['external_id of 37 emoji (code points)', { external_id: '😀'.repeat(37) }, '$.external_id'],
  ['empty external_id', { external_id: '' }, '$.external_id'],
  ['external_id with <', { external_id: 'a<b' }, '$.external_id'],
  ['external_id with >', { external_id: 'a>b' }, '$.external_id'],
  ['numeric external_id', { external_id: 12 }, '$.external_id'],
  ['boolean external_id', { external_id: true }, '$.external_id'],
  ['first_name of 1001', { profile: { first_name: 'f'.repeat(1001) } }, '$.profile.first_name'],
  ['last_name of 1001', { profile: { last_name: 'l'.repeat(1001) } }, '$.profile.last_name'],
  ['display_name of 1001', { profile: { display_name: 'd'.repeat(1001) } }, '$.profile.display_name'],
  ['email of 321', { profile: { email: 'e'.repeat(321) } }, '$.profile.email'],
  ['avatar of 2049', { profile: { avatar: 'a'.repeat(2049) } }, '$.profile.avatar'],
  ['numeric first_name', { profile: { first_name: 5 } }, '$.profile.first_name'],
  ['language en_US', { profile: { language: 'en_US' } }, '$.profile.language'],
  ['empty language', { profile: { language: '' } }, '$.profile.language'],
  ['language 123', { profile: { language: '123' } }, '$.profile.language'],
  ['language en-', { profile: { language: 'en-' } }, '$.profile.language'],
  ['metadata float', { profile: { metadata: { score: 1.5 } } }, '$.profile.metadata.score'],
  ['metadata array', { profile: { metadata: { tags: ['a'] } } }, '$.profile.metadata.tags'],
  ['metadata object', { profile: { metadata: { nested: { a: 1 } } } }, '$.profile.metadata.nested'],
  ['metadata null value on create', { profile: { metadata: { gone: null } } }, '$.profile.metadata.gone'],
  [
    'metadata integer above the safe range',
    { profile: { metadata: { big: 9007199254740992 } } },
    '$.profile.metadata.big',
  ],
  [
    'metadata integer below the safe range',
    { profile: { metadata: { small: -9007199254740992 } } },
    '$.profile.metadata.small',
  ],
  ['metadata empty key', { profile: { metadata: { '': 'x' } } }, '$.profile.metadata[""]'],
  ['metadata as an array', { profile: { metadata: ['a'] } }, '$.profile.metadata'],
  ['sensitive_metadata without fields', { profile: { sensitive_metadata: {} } }, '$.profile.sensitive_metadata.fields'],
  [
    'sensitive key of 129',
    { profile: { sensitive_metadata: { fields: { ['k'.repeat(129)]: 'v' } } } },
    `$.profile.sensitive_metadata.fields.${'k'.repeat(129)}`,
  ],
  [
    'sensitive key with a space',
    { profile: { sensitive_metadata: { fields: { 'bad key': 'v' } } } },
    '$.profile.sensitive_metadata.fields["bad key"]',
  ],
  [
    'sensitive empty string',
    { profile: { sensitive_metadata: { fields: { tok: '' } } } },
    '$.profile.sensitive_metadata.fields.tok',
  ],
  [
    'sensitive string of 4097',
    { profile: { sensitive_metadata: { fields: { tok: 's'.repeat(4097) } } } },
    '$.profile.sensitive_metadata.fields.tok',
  ],
  [
    'sensitive float',
    { profile: { sensitive_metadata: { fields: { tok: 2.5 } } } },
    '$.profile.sensitive_metadata.fields.tok',
  ],
  [
    'sensitive object',
    { profile: { sensitive_metadata: { fields: { tok: { a: 'b' } } } } },
    '$.profile.sensitive_metadata.fields.tok',
  ],
  [
    '21 sensitive keys',
    { profile: { sensitive_metadata: { fields: fields(21) } } },
    '$.profile.sensitive_metadata.fields',
  ],
  [
    '21 sensitive keys of which 11 null',
    { profile: { sensitive_metadata: { fields: { ...fields(11, null), ...withPrefix('more', 10) } } } },
    '$.profile.sensitive_metadata.fields',
  ],
  [
    'a key in metadata and sensitive_metadata',
    { profile: { metadata: { plan: 'gold' }, sensitive_metadata: { fields: { plan: 'secret' } } } },
    '$.profile.sensitive_metadata.fields.plan',
  ],
];

// [name, profile; every field is echoed as sent]
const ACCEPTED: Array<[string, Record<string, unknown>]> = [
  [
    'first/last/display names of 1000',
    { first_name: 'f'.repeat(1000), last_name: 'l'.repeat(1000), display_name: 'd'.repeat(1000) },
  ],
  ['email of 320 without format checks', { email: 'e'.repeat(320) }],
  ['avatar of 2048 without format checks', { avatar: 'a'.repeat(2048) }],
  ['language en', { language: 'en' }],
  ['language en-US', { language: 'en-US' }],
  ['language pt-BR', { language: 'pt-BR' }],
  ['language zh-Hant-TW', { language: 'zh-Hant-TW' }],
  [
    'metadata of string, boolean and integer values',
    { metadata: { plan: 'gold', vip: false, visits: 3, neg: -7, zero: 0 } },
  ],
  ['metadata integers at the safe bounds', { metadata: { max: 9007199254740991, min: -9007199254740991 } }],
  ['metadata of exactly 10,240 bytes', { metadata: metadataOfBytes(10_240) }],
];

describe.each(ENGINES)('POST /api/v2/end-users/ on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
  });
  afterAll(async () => ctx?.close());

  it('makes a blank end user from {} with exactly the documented fields', async () => {
    const before = ctx.clock.now();
    const res = await createUser(ctx, {});
    expect(res.status).toBe(201);
    expect(res.body).toStrictEqual({
      end_user_id: expect.stringMatching(ID_RE),
      external_id: null,
      profile: {
        first_name: null,
        last_name: null,
        display_name: null,
        avatar: null,
        email: null,
        language: null,
        metadata: {},
        system_properties: { sunshine_user_id: null },
      },
      created_at: expect.stringMatching(TIME_RE),
      updated_at: expect.stringMatching(TIME_RE),
    });
    expectEndUserShape(res.body);
    expect(res.body.created_at).toBe(new Date(before).toISOString().replace('Z', '+00:00'));
    expect(res.body.updated_at).toBe(res.body.created_at);
    expect(res.raw).not.toMatch(/sensitive/);
    expect((await getUser(ctx, res.body.end_user_id)).body).toStrictEqual(res.body);
  });

  it('echoes every field, never returns sensitive_metadata and stores it encrypted', async () => {
    const profile = {
      first_name: 'Ada',
      last_name: 'Lovelace',
      display_name: 'A. L.',
      avatar: 'not a url',
      email: 'not-an-email',
      language: 'en-GB',
      metadata: { plan: 'gold' },
    };
    const res = await createUser(ctx, {
      external_id: 'full-1',
      profile: { ...profile, sensitive_metadata: { fields: { card_last4: '4242', ok: true, n: 3, gone: null } } },
    });
    expect(res.status).toBe(201);
    expect(res.body.external_id).toBe('full-1');
    expect(res.body.profile).toStrictEqual({ ...profile, system_properties: { sunshine_user_id: null } });
    expectEndUserShape(res.body);
    expect(res.raw).not.toMatch(/sensitive|4242|card_last4/);
    expect(await ctx.container.modules.endUsers.service.readSensitive(ctx.agentA, res.body.end_user_id)).toStrictEqual({
      card_last4: '4242',
      ok: true,
      n: 3,
    });
  });

  it('returns the existing end user unchanged (200) when the external_id is already mapped', async () => {
    const first = await createUser(ctx, {
      external_id: 'upsert-1',
      profile: { first_name: 'Ann', metadata: { a: 1 }, sensitive_metadata: { fields: { token: 'one' } } },
    });
    expect(first.status).toBe(201);
    ctx.clock.advance!(5_000);
    const second = await createUser(ctx, {
      external_id: 'upsert-1',
      profile: {
        first_name: 'Bob',
        email: 'bob@example.test',
        language: 'fr',
        metadata: { b: 2 },
        sensitive_metadata: { fields: { token: 'two', other: 'x' } },
      },
    });
    expect(second.status).toBe(200);
    expect(second.body).toStrictEqual(first.body);
    expect((await getUser(ctx, first.body.end_user_id)).body).toStrictEqual(first.body);
    expect(
      await ctx.container.modules.endUsers.service.readSensitive(ctx.agentA, first.body.end_user_id),
    ).toStrictEqual({
      token: 'one',
    });
  });

  it('matches external_id case-insensitively (Unicode) and echoes the first casing', async () => {
    const first = await createUser(ctx, { external_id: 'ÀBC-Ünï' });
    expect(first.status).toBe(201);
    const second = await createUser(ctx, { external_id: 'àbc-ünÏ', profile: { first_name: 'ignored' } });
    expect(second.status).toBe(200);
    expect(second.body.end_user_id).toBe(first.body.end_user_id);
    expect(second.body.external_id).toBe('ÀBC-Ünï');
    expect(second.body.profile.first_name).toBeNull();
  });

  it('does not trim external_id', async () => {
    const plain = await createUser(ctx, { external_id: 'trim-me' });
    const spaced = await createUser(ctx, { external_id: ' trim-me' });
    const trailing = await createUser(ctx, { external_id: 'trim-me ' });
    expect([plain.status, spaced.status, trailing.status]).toEqual([201, 201, 201]);
    expect(new Set([plain.body.end_user_id, spaced.body.end_user_id, trailing.body.end_user_id]).size).toBe(3);
    expect(spaced.body.external_id).toBe(' trim-me');
    expect(trailing.body.external_id).toBe('trim-me ');
  });

  it('treats external_id null as absent: each create makes a new user', async () => {
    const a = await createUser(ctx, { external_id: null });
    const b = await createUser(ctx, { external_id: null });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.external_id).toBeNull();
    expect(b.body.end_user_id).not.toBe(a.body.end_user_id);
  });

  it('accepts external_id of 36 characters, counting code points', async () => {
    for (const value of ['x'.repeat(36), '😀'.repeat(36), `${'é'.repeat(35)}1`]) {
      const res = await createUser(ctx, { external_id: value });
      expect(res.status, res.raw).toBe(201);
      expect(res.body.external_id).toBe(value);
    }
  });

  it('ignores unknown properties and system_properties in the request', async () => {
    const res = await createUser(ctx, {
      unknown: 1,
      system_properties: { sunshine_user_id: 'x' },
      profile: { first_name: 'Kim', nickname: 'k', system_properties: { sunshine_user_id: 'abc' } },
    });
    expect(res.status).toBe(201);
    expect(res.body.profile.first_name).toBe('Kim');
    expect(res.body.profile.system_properties).toStrictEqual({ sunshine_user_id: null });
    expectEndUserShape(res.body);
  });

  it.each(ACCEPTED)('accepts %s', async (_name, profile) => {
    const res = await createUser(ctx, { profile });
    expect(res.status, res.raw).toBe(201);
    for (const [field, value] of Object.entries(profile)) expect(res.body.profile[field]).toStrictEqual(value);
    expect((await getUser(ctx, res.body.end_user_id)).body).toStrictEqual(res.body);
  });

  it('rejects metadata of 10,241 bytes with a message naming the limit', async () => {
    const metadata = metadataOfBytes(10_241);
    expect(utf8Bytes(metadata)).toBe(10_241);
    // Counted in characters it would be far under the limit: the server must count bytes.
    expect(JSON.stringify(metadata).length).toBeLessThan(10_240);
    const error = expectInvalid(await createUser(ctx, { profile: { metadata } }), '$.profile.metadata');
    expect(`${error.message} ${error.details[0].message}`).toMatch(/10,240|10240/);
  });

  it('accepts sensitive_metadata null and every allowed value kind at the bounds', async () => {
    expect((await createUser(ctx, { profile: { sensitive_metadata: null } })).status).toBe(201);
    const ok = {
      ['k'.repeat(128)]: 's'.repeat(4096),
      'A-z_0-9': true,
      count: -12,
      cleared: null,
    };
    expect((await createUser(ctx, { profile: { sensitive_metadata: { fields: ok } } })).status).toBe(201);
    expect((await createUser(ctx, { profile: { sensitive_metadata: { fields: fields(20) } } })).status).toBe(201);
    expect(
      (
        await createUser(ctx, {
          profile: { sensitive_metadata: { fields: { ...fields(10), ...withPrefix('n', 10, null) } } },
        })
      ).status,
    ).toBe(201);
  });

  it.each(REJECTED)('rejects %s', async (_name, body, parameter) => {
    const before = (await listAll(ctx)).length;
    expectInvalid(await createUser(ctx, body), parameter, 'body');
    expect((await listAll(ctx)).length).toBe(before);
  });

  it('gives exactly one user to 50 concurrent creates of one external_id in mixed casing', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        createUser(ctx, { external_id: mixCase('race-Ëxternal', i * 37), profile: { first_name: `n${i}` } }),
      ),
    );
    expect(responses.filter((r) => r.status >= 500)).toEqual([]);
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(49);
    const winner = responses.find((r) => r.status === 201)!.body;
    for (const r of responses) expect(r.body).toStrictEqual(winner);
    const rows = (await listAll(ctx)).filter((u) => u.external_id?.toLowerCase() === 'race-ëxternal');
    expect(rows.map((u) => u.end_user_id)).toEqual([winner.end_user_id]);
  });

  it('scopes external_id to the agent', async () => {
    const a = await newUser(ctx, { external_id: 'shared-between-agents' });
    const b = await createUser(ctx, { external_id: 'shared-between-agents' }, ctx.keyB);
    expect(b.status).toBe(201);
    expect(b.body.end_user_id).not.toBe(a.end_user_id);
  });
});
