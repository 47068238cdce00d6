// Security hardening through the real HTTP layer, on both engines: what one tenant's key can learn
// about others or make the server do to them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';

const counterOf = (id: string) => Number.parseInt(id.slice(18), 16);

describe.each(ENGINES)('security on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
  });
  afterAll(async () => ctx?.close());

  it("does not let the gap between one agent's ids count other agents' activity", async () => {
    const create = async (key: string) => {
      const res = await ctx.request('POST', '/api/v2/end-users/', { key, body: {} });
      expect(res.status).toBe(201);
      return res.body.end_user_id as string;
    };
    const first = await create(ctx.keyA);
    for (let i = 0; i < 12; i++) await create(ctx.keyB);
    const second = await create(ctx.keyA);
    // Creating an end user records an event; no other id is minted for agent A in between.
    expect(counterOf(second) - counterOf(first)).toBeLessThanOrEqual(2);
    expect(second).toMatch(/^[0-9a-f]{24}$/);
    expect(second.slice(8, 18)).toBe(first.slice(8, 18));
  });
});
