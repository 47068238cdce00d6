// Attaching is race-free against the sweeper of unused end users: when a conversation is created
// at the last instant of an end user's 24 hours while the sweeper runs, either the conversation
// wins (201, and the end user is kept for good) or the sweeper does (404 naming end_user_id, and
// no conversation). Never a conversation whose end user is gone, never a 201 that loses its user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { manualClock } from '../src/lib/clock.js';
import { sweepOnce, type SweepDeps } from '../src/modules/end-users/end-users.jobs.js';

/** The sweeps the periodic jobs run, run once on demand. */
const createSweeper = (deps: SweepDeps) => ({ sweep: () => sweepOnce(deps) });
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';
import { createConversation, newChannel } from './helpers/conversations.js';

const TTL_MS = 60_000;

describe.each(ENGINES)('conversation attach against the sweeper (%s)', (engine) => {
  let ctx: TestContext;
  let channelId: string;

  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true, env: { ROSTER_UNATTACHED_END_USER_TTL: '1m' } });
    channelId = (await newChannel(ctx)).id;
  });
  afterAll(async () => ctx?.close());

  it('keeps every end user whose conversation was created, and creates none for a deleted one', async () => {
    const clock = ctx.clock as ReturnType<typeof manualClock>;
    const sweeper = createSweeper({
      store: ctx.container.modules.endUsers.store,
      units: ctx.container.units,
      forget: ctx.container.forget,
      clock,
      unattachedTtlMs: TTL_MS,
      batchSize: 4,
    });
    let wins = 0;
    let losses = 0;
    for (let round = 0; round < 4; round++) {
      const start = clock.now();
      const ids: string[] = [];
      for (let i = 0; i < 40; i++)
        ids.push((await ctx.container.modules.endUsers.service.create(ctx.agentA, {})).endUser.id);
      clock.set(start + TTL_MS); // every one of them is due this very millisecond

      const outcomes = new Map<string, number>();
      const work: Array<Promise<unknown>> = [];
      const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      ids.forEach((id, i) => {
        // Sweeps and creates are both spread over the same few milliseconds, so some creates
        // land before the sweep that would take their end user, and some after.
        if (i % 6 === 0) work.push(after((i * 3) % 11).then(() => sweeper.sweep()));
        if (i % 2 === 1) return; // half stay unattached: the sweeper must take them
        const delay = after((i * 5) % 11);
        work.push(
          delay
            .then(() => createConversation(ctx, { channel_id: channelId, end_user_id: id }))
            .then((res) => {
              if (res.status === 404) expect(res.body.errors[0].message).toContain('end_user_id');
              outcomes.set(id, res.status);
            }),
        );
      });
      await Promise.all(work);
      await sweeper.sweep();

      for (const [i, id] of ids.entries()) {
        const user = await ctx.container.modules.endUsers.store.findById(ctx.agentA, id);
        const conversations = await ctx.container.db.kysely
          .selectFrom('conversations')
          .select('id')
          .where('end_user_id', '=', id)
          .execute();
        if (i % 2 === 1) {
          expect(user, `round ${round}: unattached ${id} survived`).toBeNull();
          continue;
        }
        const status = outcomes.get(id);
        expect([201, 404], `round ${round}: ${id} got ${status}`).toContain(status);
        if (status === 201) {
          wins++;
          expect(user, `round ${round}: ${id} lost its end user after a 201`).not.toBeNull();
          expect(user!.attachedAt).toBe(start + TTL_MS);
          expect(conversations).toHaveLength(1);
        } else {
          losses++;
          expect(user).toBeNull();
          expect(conversations).toHaveLength(0);
        }
      }
    }
    console.log(
      `[attach] ${engine}: 80 conversations raced the sweeper at the deadline: ${wins} created (end user kept), ${losses} refused with 404 (end user already deleted), 0 inconsistent`,
    );
    expect(wins).toBeGreaterThan(0);
    expect(losses + wins).toBe(80);
  });

  it('never deletes an end user made by a conversation, however old', async () => {
    const clock = ctx.clock as ReturnType<typeof manualClock>;
    const res = await createConversation(ctx, { channel_id: channelId });
    expect(res.status).toBe(201);
    clock.set(clock.now() + 10 * TTL_MS);
    await createSweeper({
      store: ctx.container.modules.endUsers.store,
      units: ctx.container.units,
      forget: ctx.container.forget,
      clock,
      unattachedTtlMs: TTL_MS,
    }).sweep();
    expect((await ctx.request('GET', `/api/v2/end-users/${res.body.end_user_id}`)).status).toBe(200);
  });
});
