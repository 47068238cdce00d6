// The daily limit of custom channels: a rolling 24 hours per AI Agent (ROSTER_CHANNEL_DAILY_LIMIT,
// 100 by default), refused with 429 rate_limited and a Retry-After saying when one more fits;
// native channels never count; racing creations cannot overshoot it; 0 lifts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import { CHANNELS, CHANNEL_BODY } from './helpers/conversations.js';

const HOUR = 60 * 60 * 1_000;
const DAY = 24 * HOUR;

type Moving = { advance(ms: number): void };

describe.each(ENGINES)('the daily limit of custom channels on %s', (engine) => {
  let limited: TestContext;
  let moving: Moving;
  beforeAll(async () => {
    limited = await createTestContext(engine, { manualClock: true, env: { ROSTER_CHANNEL_DAILY_LIMIT: '3' } });
    moving = limited.clock as unknown as Moving;
  });
  afterAll(async () => limited?.close());

  const createOn = (key: string) => limited.request('POST', CHANNELS, { key, body: CHANNEL_BODY });
  const countCustom = async (agentId: string) =>
    (
      await limited.container.db.kysely
        .selectFrom('channels')
        .select('id')
        .where('agent_id', '=', agentId)
        .where('type', '=', 'custom')
        .execute()
    ).length;

  it('counts custom channels of the last rolling 24 hours, not native ones, and says when to retry', async () => {
    const key = limited.keyA;
    const start = limited.clock.now();
    for (let i = 0; i < 3; i++) {
      expect((await createOn(key)).status).toBe(201);
      moving.advance(HOUR);
    }
    // Now start + 3 h: the first channel leaves the window at start + 24 h.
    const refused = await createOn(key);
    const error = expectError(refused, 429, 'rate_limited');
    expect(error.details).toBeNull();
    expect(error.message).toContain('at most 3');
    expect(refused.headers['retry-after']).toBe(String(21 * 3_600));
    expect(await countCustom(limited.agentA)).toBe(3);

    moving.advance(start + DAY - 1 - limited.clock.now());
    const stillRefused = await createOn(key);
    expectError(stillRefused, 429, 'rate_limited');
    expect(stillRefused.headers['retry-after']).toBe('1');

    moving.advance(1);
    expect((await createOn(key)).status).toBe(201);
    const next = await createOn(key);
    expectError(next, 429, 'rate_limited');
    expect(next.headers['retry-after']).toBe(String(3_600));
    expect((await createOn(limited.keyB)).status).toBe(201);
  });

  it('waits for enough channels to age out when more than the limit are counted', async () => {
    const created = await limited.container.modules.agents.service.createKey('crowded');
    const now = limited.clock.now();
    // Five recent channels (say, created under a higher limit): two must age out before one fits.
    await limited.container.db.kysely
      .insertInto('channels')
      .values(
        [10, 8, 6, 4, 2].map((hoursAgo, i) => ({
          id: `${'a'.repeat(22)}0${i}`,
          agent_id: created.agent.id,
          type: 'custom' as const,
          name: `old ${i}`,
          description: '',
          modality: 'voice' as const,
          markdown: 0,
          metadata: '{}',
          created_at: now - hoursAgo * HOUR,
        })),
      )
      .execute();
    const refused = await createOn(created.secret);
    expectError(refused, 429, 'rate_limited');
    expect(refused.headers['retry-after']).toBe(String(18 * 3_600));
  });

  it('lets exactly the limit through when creations race', async () => {
    const created = await limited.container.modules.agents.service.createKey('racer');
    const results = await Promise.all(Array.from({ length: 10 }, () => createOn(created.secret)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    for (const r of results.filter((r) => r.status !== 201)) expectError(r, 429, 'rate_limited');
    expect(await countCustom(created.agent.id)).toBe(3);
  });

  it('has no limit when set to 0', async () => {
    const unlimited = await createTestContext(engine, { env: { ROSTER_CHANNEL_DAILY_LIMIT: '0' } });
    try {
      for (let i = 0; i < 105; i++) {
        const res = await unlimited.request('POST', CHANNELS, { body: CHANNEL_BODY });
        expect(res.status).toBe(201);
      }
    } finally {
      await unlimited.close();
    }
  });
});
