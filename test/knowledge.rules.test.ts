// Variables and availability rules: what GET /variables/ lists (profile fields, then the metadata
// keys the agent's end users have; reserved names and sensitive metadata never), how rules are
// checked on upsert (shape, two levels, values of unary and binary operators, 1,000 conditions,
// variables that exist) and stored, and how they decide which end users an article is for
// (through the search extension's end_user_id), on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variableId } from '../src/modules/knowledge/variables.js';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import {
  SEARCH,
  VARIABLES,
  article,
  getArticle,
  newSource,
  onlyDetail,
  upsert,
  upserted,
} from './helpers/knowledge.js';

const PROFILE = ['first_name', 'last_name', 'display_name', 'avatar', 'email', 'language'];
const profileVar = (name: string) => ({ id: variableId('profile', name) });
const metaVar = (name: string) => ({ id: variableId('metadata', name) });

describe.each(ENGINES)('variables and availability rules on %s', (engine) => {
  let ctx: TestContext;
  const users: Record<string, string> = {};
  beforeAll(async () => {
    ctx = await createTestContext(engine);
    await newSource(ctx, 'help');
    const people: Record<string, unknown> = {
      gold: { first_name: 'Ana', email: 'ana@acme.com', language: 'en-US', metadata: { plan: 'gold', seats: 3 } },
      free: { first_name: 'Ben', email: 'ben@mail.example', metadata: { plan: 'Free', seats: 12, email: 'x' } },
      french: { language: 'fr-CA', metadata: { beta: true }, sensitive_metadata: { fields: { ssn: '123-45-6789' } } },
      blank: {},
    };
    for (const [name, profile] of Object.entries(people)) {
      const res = await ctx.request('POST', '/api/v2/end-users/', { body: { profile } });
      users[name] = res.body.end_user_id;
    }
  });
  afterAll(async () => ctx?.close());

  it('lists the profile fields, then the metadata keys end users have, by name; never a reserved or sensitive one', async () => {
    const res = await ctx.request('GET', VARIABLES);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [
        ...PROFILE.map((name) => ({ id: variableId('profile', name), name })),
        ...['beta', 'plan', 'seats'].map((name) => ({ id: variableId('metadata', name), name })),
      ],
    });
    for (const variable of res.body.data)
      expect((await ctx.request('GET', `${VARIABLES}${variable.id}`)).body).toEqual(variable);
    for (const id of [metaVar('email').id, metaVar('ssn').id, 'ffffffffffffffffffffffff', 'not-an-id']) {
      expectError(await ctx.request('GET', `${VARIABLES}${id}`), 404, 'not_found');
    }
    // Another agent's end users are not this agent's variables.
    expect((await ctx.request('GET', VARIABLES, { key: ctx.keyB })).body.data.map((v: any) => v.name)).toEqual(PROFILE);
    expectError(await ctx.request('GET', `${VARIABLES}${metaVar('plan').id}`, { key: ctx.keyB }), 404, 'not_found');
  });

  it('stores a valid rule with only its known fields, case_sensitive only when true', async () => {
    const rule = {
      match: 'all',
      note: 'dropped',
      conditions: [
        { variable: profileVar('email'), operator: 'ends_with', value: '@acme.com', case_sensitive: false, extra: 1 },
        {
          match: 'any',
          conditions: [
            { variable: metaVar('plan'), operator: 'equals', value: 'gold', case_sensitive: true },
            { variable: metaVar('seats'), operator: 'greater_than', value: 10 },
          ],
        },
      ],
    };
    await upserted(ctx, [article('rule', { availability_rules: rule })]);
    expect((await getArticle(ctx, 'rule')).availability_rules).toEqual({
      match: 'all',
      conditions: [
        { variable: profileVar('email'), operator: 'ends_with', value: '@acme.com' },
        {
          match: 'any',
          conditions: [
            { variable: metaVar('plan'), operator: 'equals', value: 'gold', case_sensitive: true },
            { variable: metaVar('seats'), operator: 'greater_than', value: 10 },
          ],
        },
      ],
    });
  });

  it('refuses a rule that breaks a rule of rules, naming the place', async () => {
    const cond = (fields: Record<string, unknown> = {}) => ({
      variable: profileVar('email'),
      operator: 'equals',
      value: 'a',
      ...fields,
    });
    const at = '$[0].availability_rules';
    const cases: Array<[unknown, string, string]> = [
      [{ match: 'most', conditions: [cond()] }, `${at}.match`, 'must be one of "all" or "any"'],
      [{ match: 'all', conditions: [] }, `${at}.conditions`, 'must have at least 1 item'],
      [{ match: 'all' }, `${at}.conditions`, 'is required'],
      [{ match: 'all', conditions: [cond({ operator: 'near' })] }, `${at}.conditions[0].operator`, 'must be one of "equals", "does_not_equal", "greater_than", "less_than", "starts_with", "ends_with", "contains", "does_not_contain", "is_set" or "is_not_set"'],
      [{ match: 'all', conditions: [cond({ value: { a: 1 } })] }, `${at}.conditions[0].value`, 'must be a string, a number or a boolean'],
      [{ match: 'all', conditions: [{ match: 'any', conditions: [{ match: 'all', conditions: [cond()] }] }] }, `${at}.conditions[0].conditions[0].variable`, 'is required'],
      [{ match: 'all', conditions: [cond({ operator: 'is_set' })] }, `${at}.conditions[0].value`, 'must be left out: is_set takes no value'],
      [{ match: 'all', conditions: [{ variable: profileVar('email'), operator: 'contains' }] }, `${at}.conditions[0].value`, 'is required with contains'],
      [{ match: 'all', conditions: [cond({ variable: { id: 'ffffffffffffffffffffffff' } })] }, `${at}.conditions[0].variable.id`, 'names no variable of this AI Agent ("ffffffffffffffffffffffff"); GET /api/v2/variables/ lists them'],
      [{ match: 'any', conditions: [cond(), { match: 'all', conditions: [cond({ variable: metaVar('email') })] }] }, `${at}.conditions[1].conditions[0].variable.id`, `names no variable of this AI Agent ("${metaVar('email').id}"); GET /api/v2/variables/ lists them`],
    ]; // prettier-ignore
    for (const [rule, parameter, message] of cases) {
      expect(onlyDetail(await upsert(ctx, [article('bad', { availability_rules: rule })])), parameter).toEqual({
        parameter,
        location: 'body',
        message,
      });
    }
    const many = (n: number) => Array.from({ length: n }, () => cond());
    expect((await upsert(ctx, [article('big', { availability_rules: { match: 'all', conditions: [...many(500), { match: 'any', conditions: many(500) }] } })])).status).toBe(200); // prettier-ignore
    const over = await upsert(ctx, [
      article('bad', { availability_rules: { match: 'all', conditions: [...many(500), { match: 'any', conditions: many(501) }] } }),
    ]); // prettier-ignore
    expect(onlyDetail(over)).toEqual({
      parameter: at,
      location: 'body',
      message: 'has 1,001 conditions; a rule may have at most 1,000, counting those inside groups',
    });
    expectError(await ctx.request('GET', '/api/v2/knowledge/articles/bad'), 404, 'not_found');
  });

  it('accepts a metadata variable as soon as an end user has the key', async () => {
    const rule = { match: 'all', conditions: [{ variable: metaVar('tier'), operator: 'is_set' }] };
    expect(onlyDetail(await upsert(ctx, [article('tiered', { availability_rules: rule })])).parameter).toBe(
      '$[0].availability_rules.conditions[0].variable.id',
    );
    await ctx.request('PATCH', `/api/v2/end-users/${users.blank}`, { body: { profile: { metadata: { tier: 2 } } } });
    expect((await upsert(ctx, [article('tiered', { availability_rules: rule })])).status).toBe(200);
  });

  it('gives each end user only the articles whose rules admit them', async () => {
    const rules: Record<string, unknown> = {
      'for-gold': { match: 'all', conditions: [{ variable: metaVar('plan'), operator: 'equals', value: 'GOLD' }] },
      'for-gold-exact': {
        match: 'all',
        conditions: [{ variable: metaVar('plan'), operator: 'equals', value: 'GOLD', case_sensitive: true }],
      },
      'for-big': { match: 'all', conditions: [{ variable: metaVar('seats'), operator: 'greater_than', value: 10 }] },
      'for-french': { match: 'all', conditions: [{ variable: profileVar('language'), operator: 'starts_with', value: 'fr' }] },
      'for-staff-or-beta': {
        match: 'any',
        conditions: [
          { variable: metaVar('beta'), operator: 'equals', value: true },
          {
            match: 'all',
            conditions: [
              { variable: profileVar('email'), operator: 'ends_with', value: '@ACME.com' },
              { variable: profileVar('first_name'), operator: 'is_set' },
            ],
          },
        ],
      },
      'for-unnamed': { match: 'all', conditions: [{ variable: profileVar('first_name'), operator: 'is_not_set' }] },
      'not-free': { match: 'all', conditions: [{ variable: metaVar('plan'), operator: 'does_not_equal', value: 'free' }] },
      everyone: null,
    }; // prettier-ignore
    await upserted(
      ctx,
      Object.entries(rules).map(([id, rule]) =>
        article(id, { name: 'Shipping times', content: 'Parcels ship in two days.', availability_rules: rule }),
      ),
    );
    const seen = async (user: string) => {
      const res = await ctx.request('GET', `${SEARCH}?query=shipping&limit=20&end_user_id=${users[user]}`);
      expect(res.status).toBe(200);
      return res.body.data.map((hit: any) => hit.article.id).sort();
    };
    expect(await seen('gold')).toEqual(['everyone', 'for-gold', 'for-staff-or-beta', 'not-free']);
    expect(await seen('free')).toEqual(['everyone', 'for-big']);
    expect(await seen('french')).toEqual(['everyone', 'for-french', 'for-staff-or-beta', 'for-unnamed', 'not-free']);
    expect(await seen('blank')).toEqual(['everyone', 'for-unnamed', 'not-free']);
    // Without an end user, every enabled article.
    const all = await ctx.request('GET', `${SEARCH}?query=shipping&limit=20`);
    expect(all.body.data).toHaveLength(Object.keys(rules).length);
  });
});
