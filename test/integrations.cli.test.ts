// The operator's review from the command line, on both engines: `roster integrations approve`
// and `archive` move an integration development → approved → archived, and refuse, with a
// message and a non-zero exit, what cannot move or does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';
import { build, roster } from './helpers/cli.js';
import { INTEGRATIONS, createIntegration } from './helpers/integrations.js';

beforeAll(build, 180_000);

describe.each(ENGINES)('roster integrations (%s)', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
  });
  afterAll(async () => ctx?.close());

  const statusOf = async (id: string) =>
    (await ctx.request('GET', INTEGRATIONS)).body.data.find((i: any) => i.id === id).status as string;

  it('approves, then archives, and refuses the moves that are not allowed', async () => {
    const env = { ...ctx.database.env, LOG_LEVEL: 'silent' };
    const { id } = await createIntegration(ctx);
    const approved = await roster(['integrations', 'approve', id], env);
    expect([approved.code, approved.stdout]).toEqual([0, `approved ${id}\n`]);
    expect(await statusOf(id)).toBe('approved');
    const again = await roster(['integrations', 'approve', id], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain(`platform integration ${id} is approved; it cannot become approved`);
    expect((await roster(['integrations', 'archive', id], env)).code).toBe(0);
    expect(await statusOf(id)).toBe('archived');
    const missing = await roster(['integrations', 'archive', 'ffffffffffffffffffffffff'], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('no platform integration with id "ffffffffffffffffffffffff"');
  }, 60_000);
});
