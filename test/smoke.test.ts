import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';

describe.each(ENGINES)('smoke on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
  });
  afterAll(async () => ctx?.close());

  it('creates and reads back an end user', async () => {
    const created = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'abc' } });
    expect(created.status).toBe(201);
    const got = await ctx.request('GET', `/api/v2/end-users/${created.body.end_user_id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);
  });
});
