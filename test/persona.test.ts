// Persona and custom instructions, on both engines: the persona's defaults, partial PATCH and
// the refusal of unknown fields; custom instructions' CRUD, unique titles and the enabled limit
// (409), availability rules that must parse and name known variables (400), pagination by id,
// and tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENABLED_INSTRUCTIONS_MAX } from '../src/modules/persona/persona.schemas.js';
import { DEFAULT_PERSONA } from '../src/modules/persona/persona.service.js';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';

const PERSONA = '/api/v2/persona/';
const INSTRUCTIONS = '/api/v2/custom-instructions/';
const MISSING = 'ffffffffffffffffffffffff';

describe.each(ENGINES)('persona and custom instructions on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
    await ctx.request('POST', '/api/v2/end-users/', { body: { profile: { metadata: { plan: 'gold' } } } });
  });
  afterAll(async () => ctx?.close());

  const create = (body: Record<string, unknown>, key?: string) =>
    ctx.request('POST', INSTRUCTIONS, { body, ...(key ? { key } : {}) });

  it('answers the defaults until the persona changes, then only the fields sent change', async () => {
    const first = await ctx.request('GET', PERSONA);
    expect(first.status).toBe(200);
    expect(first.body).toEqual(DEFAULT_PERSONA);
    const res = await ctx.request('PATCH', PERSONA, {
      body: { personality: ['warm', 'brief'], message_length: 'concise', default_timezone: 'Europe/Paris' },
    });
    expect(res.status).toBe(200);
    const changed = {
      ...DEFAULT_PERSONA,
      personality: ['warm', 'brief'],
      message_length: 'concise',
      default_timezone: 'Europe/Paris',
    };
    expect(res.body).toEqual(changed);
    expect((await ctx.request('GET', PERSONA)).body).toEqual(changed);
    const cleared = await ctx.request('PATCH', PERSONA, {
      body: { company_description: 'Garden tools', community_guidelines_url: null },
    });
    expect(cleared.body).toEqual({ ...changed, company_description: 'Garden tools' });
    expect((await ctx.request('PATCH', PERSONA, { body: {} })).body).toEqual(cleared.body);
    // Another AI Agent's persona is its own.
    expect((await ctx.request('GET', PERSONA, { key: ctx.keyB })).body).toEqual(DEFAULT_PERSONA);
  });

  it('refuses unknown fields and values that break a rule, naming the field', async () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ tone: 'fun' }, '$.tone'],
      [{ message_length: 'long' }, '$.message_length'],
      [{ emoji_usage: 'yes' }, '$.emoji_usage'],
      [{ personality: 'warm' }, '$.personality'],
      [{ personality: Array.from({ length: 21 }, (_, i) => `t${i}`) }, '$.personality'],
      [{ personality: [''] }, '$.personality[0]'],
      [{ default_timezone: 'Mars/Olympus' }, '$.default_timezone'],
      [{ default_timezone: '' }, '$.default_timezone'],
      [{ community_guidelines_url: 'not a url' }, '$.community_guidelines_url'],
      [{ company_description: 'x'.repeat(5_001) }, '$.company_description'],
      [{ no_competitors: null }, '$.no_competitors'],
    ];
    for (const [body, parameter] of bad) {
      const error = expectError(await ctx.request('PATCH', PERSONA, { body }), 400, 'validation_error');
      expect(error.details[0].parameter, JSON.stringify(body)).toBe(parameter);
    }
    expect((await ctx.request('GET', PERSONA)).body.message_length).toBe('concise');
  });

  it('creates an inactive instruction by default and reads it back', async () => {
    const res = await create({ title: 'Tone', text: 'Be kind.' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      title: 'Tone',
      text: 'Be kind.',
      enabled: false,
      notes: null,
      availability_rules: null,
    });
    expect((await ctx.request('GET', `${INSTRUCTIONS}${res.body.id}`)).body).toEqual(res.body);
    const full = await create({
      title: 'Gold refunds',
      text: 'Refund gold customers.',
      enabled: true,
      notes: 'from support',
      availability_rules: 'v("plan") == "gold" and v("language") starts_with "en"',
    });
    expect(full.status).toBe(201);
    expect(full.body).toMatchObject({
      enabled: true,
      notes: 'from support',
      availability_rules: 'v("plan") == "gold" and v("language") starts_with "en"',
    });
  });

  it('answers 409 for a title the AI Agent already uses, in any case, on create and PATCH', async () => {
    const error = expectError(await create({ title: 'tone', text: 'Other' }), 409, 'conflict');
    expect(error.details).toEqual([
      { parameter: '$.title', location: 'body', message: 'is already the title of a custom instruction' },
    ]);
    expect((await create({ title: 'Tone', text: 'Mine' }, ctx.keyB)).status).toBe(201);
    const other = await create({ title: 'Other', text: 'x' });
    expectError(
      await ctx.request('PATCH', `${INSTRUCTIONS}${other.body.id}`, { body: { title: 'TONE' } }),
      409,
      'conflict',
    );
  });

  it('refuses availability rules that do not parse or name unknown variables, and writes nothing', async () => {
    const bad: Array<[string, RegExp]> = [
      ['v("plan") = "gold"', /does not parse: unexpected "=" at character 11/],
      ['plan == "gold"', /does not parse: expected v\("name"\)/],
      ['v("shoe_size") > 40', /names the variable "shoe_size", which this AI Agent does not have/],
    ];
    for (const [rule, message] of bad) {
      const error = expectError(
        await create({ title: `Rule ${rule}`, text: 'x', availability_rules: rule }),
        400,
        'validation_error',
      );
      expect(error.details[0].parameter).toBe('$.availability_rules');
      expect(error.message).toMatch(message);
    }
    for (const body of [
      { text: 'x' },
      { title: 'x' },
      { title: '', text: 'x' },
      { title: 'x', text: 'x', enabled: 'yes' },
      { title: 'x', text: 'x', availability_rules: '' },
    ]) {
      expectError(await create(body), 400, 'validation_error');
    }
    const titles = (await ctx.request('GET', INSTRUCTIONS)).body.data.map((i: any) => i.title);
    expect(titles.some((t: string) => t.startsWith('Rule '))).toBe(false);
  });

  it('changes only the fields sent; null clears the rule and the notes', async () => {
    const made = await create({ title: 'Patchable', text: 'a', notes: 'n', availability_rules: 'v("email") is set' });
    const id = made.body.id;
    const res = await ctx.request('PATCH', `${INSTRUCTIONS}${id}`, { body: { text: 'b' } });
    expect(res.body).toEqual({ ...made.body, text: 'b' });
    const cleared = await ctx.request('PATCH', `${INSTRUCTIONS}${id}`, {
      body: { availability_rules: null, notes: null },
    });
    expect(cleared.body).toEqual({ ...made.body, text: 'b', availability_rules: null, notes: null });
    expectError(
      await ctx.request('PATCH', `${INSTRUCTIONS}${id}`, { body: { availability_rules: 'v(' } }),
      400,
      'validation_error',
    );
  });

  it(`allows ${ENABLED_INSTRUCTIONS_MAX} enabled instructions and answers 409 past them, on create and PATCH`, async () => {
    const enabledNow = (await ctx.request('GET', INSTRUCTIONS)).body.data.filter((i: any) => i.enabled).length;
    for (let i = enabledNow; i < ENABLED_INSTRUCTIONS_MAX; i++) {
      expect((await create({ title: `On ${i}`, text: 'x', enabled: true })).status).toBe(201);
    }
    const over = expectError(await create({ title: 'One too many', text: 'x', enabled: true }), 409, 'conflict');
    expect(over.message).toMatch(`already has ${ENABLED_INSTRUCTIONS_MAX} enabled custom instructions`);
    const off = await create({ title: 'Off', text: 'x' });
    expect(off.status).toBe(201);
    expectError(
      await ctx.request('PATCH', `${INSTRUCTIONS}${off.body.id}`, { body: { enabled: true } }),
      409,
      'conflict',
    );
    // An enabled one stays PATCHable, and disabling one makes room.
    const list = (await ctx.request('GET', INSTRUCTIONS)).body.data;
    const on = list.find((i: any) => i.enabled);
    expect((await ctx.request('PATCH', `${INSTRUCTIONS}${on.id}`, { body: { enabled: true, text: 'y' } })).status).toBe(
      200,
    );
    expect((await ctx.request('PATCH', `${INSTRUCTIONS}${on.id}`, { body: { enabled: false } })).body.enabled).toBe(
      false,
    );
    expect((await ctx.request('PATCH', `${INSTRUCTIONS}${off.body.id}`, { body: { enabled: true } })).status).toBe(200);
    // Another AI Agent has its own limit.
    expect((await create({ title: 'B on', text: 'x', enabled: true }, ctx.keyB)).status).toBe(201);
  });

  it('lists by id in pages and deletes with 204', async () => {
    const all = (await ctx.request('GET', INSTRUCTIONS)).body.data as any[];
    const ids = all.map((i) => i.id);
    expect([...ids].sort()).toEqual(ids);
    const first = await ctx.request('GET', `${INSTRUCTIONS}?limit=2`);
    expect(first.body.data.map((i: any) => i.id)).toEqual(ids.slice(0, 2));
    const next = new URL(first.body.meta.next_page_url);
    expect(next.searchParams.get('limit')).toBe('2');
    const second = await ctx.request('GET', `${next.pathname}${next.search}`);
    expect(second.body.data.map((i: any) => i.id)).toEqual(ids.slice(2, 4));
    const gone = await ctx.request('DELETE', `${INSTRUCTIONS}${ids[0]}`);
    expect([gone.status, gone.raw]).toEqual([204, '']);
    expectError(await ctx.request('GET', `${INSTRUCTIONS}${ids[0]}`), 404, 'not_found');
    expectError(await ctx.request('DELETE', `${INSTRUCTIONS}${ids[0]}`), 404, 'not_found');
    for (const query of ['limit=0', 'limit=101', 'cursor=zz']) {
      expectError(await ctx.request('GET', `${INSTRUCTIONS}?${query}`), 400, 'validation_error');
    }
  });

  it("answers another agent's instruction exactly as a missing one, on every route", async () => {
    const mine = (await ctx.request('GET', INSTRUCTIONS)).body.data[0].id as string;
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { text: 'stolen' }],
      ['DELETE', undefined],
    ] as const) {
      const theirs = await ctx.request(method, `${INSTRUCTIONS}${mine}`, { key: ctx.keyB, body });
      const missing = await ctx.request(method, `${INSTRUCTIONS}${MISSING}`, { key: ctx.keyB, body });
      expectError(theirs, 404, 'not_found');
      expect(theirs.raw.replace(mine, '<id>')).toBe(missing.raw.replace(MISSING, '<id>'));
    }
    expect((await ctx.request('GET', `${INSTRUCTIONS}${mine}`)).status).toBe(200);
    expect(
      (await ctx.request('GET', INSTRUCTIONS, { key: ctx.keyB })).body.data.map((i: any) => i.title).sort(),
    ).toEqual(['B on', 'Tone']);
  });
});
