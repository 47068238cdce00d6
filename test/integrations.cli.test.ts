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
    const log = await ctx.request(
      'GET',
      `/api/v2/analytics/audit-log/events/?start_date=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`,
    );
    const reviews = (log.body.data as any[]).filter((e) => e.entity_id === id && e.interface === 'cli');
    expect(reviews.map((e) => [e.activity, e.actor_type, e.changes])).toEqual([
      ['deactivated', 'system', [{ field: 'status', before: 'approved', after: 'archived' }]],
      ['activated', 'system', [{ field: 'status', before: 'development', after: 'approved' }]],
    ]);
    const missing = await roster(['integrations', 'archive', 'ffffffffffffffffffffffff'], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('no platform integration with id "ffffffffffffffffffffffff"');
  }, 60_000);

  it('records API keys created and revoked from the CLI in the audit log, with no secret', async () => {
    const env = { ...ctx.database.env, LOG_LEVEL: 'silent' };
    const start = new Date(Date.now() - 1_000).toISOString();
    const created = await roster(['keys', 'create', '--agent', 'alpha', '--name', 'ci'], env);
    expect(created.code).toBe(0);
    const secret = created.stdout.trimEnd().split('\n').at(-1) as string;
    const keyId = (await ctx.container.modules.agents.service.listKeys('alpha')).find((k) => k.name === 'ci')!.id;
    expect((await roster(['keys', 'revoke', keyId], env)).code).toBe(0);
    const res = await ctx.request('GET', `/api/v2/analytics/audit-log/events/?start_date=${encodeURIComponent(start)}`);
    expect(res.raw).not.toContain(secret);
    const records = (res.body.data as any[]).filter((e) => e.entity_type === 'api_key' && e.entity_id === keyId);
    expect(records.map((e) => [e.activity, e.actor_type, e.interface, e.entity_name])).toEqual([
      ['deactivated', 'system', 'cli', ''],
      ['created', 'system', 'cli', 'ci'],
    ]);
    expect(records[1].changes).toEqual([
      { field: 'name', before: null, after: 'ci' },
      { field: 'prefix', before: null, after: expect.stringMatching(/^roster_/) },
    ]);
  }, 60_000);
});
