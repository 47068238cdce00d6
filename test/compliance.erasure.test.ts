// Erasure leaves nothing behind: after a deletion job, and after the unattached-user sweep, no
// table on either engine (every row of every table; on SQLite the database file and its WAL once
// checkpointed) holds any value of the person, nor any recorded event or pending delivery about
// them, while another person's data is all still there.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { manualClock } from '../src/lib/clock.js';
import { sweepOnce } from '../src/modules/end-users/end-users.jobs.js';
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';
import { endUserText, newChannel, newConversation, postMessage, subscribe } from './helpers/conversations.js';
import { newUser } from './helpers/end-users.js';
import { dumpTables } from './helpers/table-dump.js';

/** Everything the database holds, as text: every row of every table, or the SQLite files. */
async function everything(ctx: TestContext): Promise<string> {
  if (ctx.engine === 'postgres') return dumpTables(ctx.database.location);
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(ctx.container.db.kysely);
  const dir = ctx.container.config.dataDir;
  const files = ['roster.db', 'roster.db-wal'].map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f));
  const rows: string[] = [];
  for (const table of [
    'end_users',
    'sensitive_values',
    'conversations',
    'messages',
    'events',
    'jobs',
    'webhook_attempts',
    'erasure_jobs',
    'erasure_targets',
    'erasure_references',
    'erasure_cooldowns',
  ]) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      ctx.container.db.kysely,
    );
    rows.push(`-- ${table}`, ...result.rows.map((r) => JSON.stringify(r)));
  }
  return [...files.map((f) => fs.readFileSync(f).toString('latin1')), ...rows].join('\n');
}

/** A person with a value in every place Roster keeps one, marked with `mark`. */
async function plantPerson(ctx: TestContext, mark: string, channelId: string) {
  const user = await newUser(ctx, {
    external_id: `ext-${mark}`,
    profile: {
      first_name: `First${mark}`,
      email: `${mark}@example.com`,
      metadata: { note: `meta-${mark}` },
      sensitive_metadata: { fields: { ssn: `sens-${mark}` } },
    },
  });
  await ctx.request('PATCH', `/api/v2/end-users/${user.end_user_id}`, {
    body: { profile: { last_name: `Last${mark}` } },
  });
  const conversation = await newConversation(ctx, {
    channel_id: channelId,
    end_user_id: user.end_user_id,
    metadata: { topic: `topic-${mark}` },
  });
  const posted = await postMessage(ctx, conversation.id, endUserText(user.end_user_id, `message-${mark}`));
  expect(posted.status, posted.raw).toBe(201);
  return { id: user.end_user_id as string, conversationId: conversation.id as string };
}

describe.each(ENGINES)('erasure leaves nothing behind on %s', (engine) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
  });
  afterEach(async () => ctx?.close());

  it('erases every value of the person, their events and pending deliveries; another person keeps all', async () => {
    const mark = `zq${randomBytes(6).toString('hex')}`;
    const control = `ctl${randomBytes(6).toString('hex')}`;
    await subscribe(ctx);
    const named = (
      await ctx.request('POST', '/api/v2/webhooks/', {
        body: { url: 'https://hooks.example.com/erased', event_filters: ['roster.end_user.erased'] },
      })
    ).body.id;
    const channel = await newChannel(ctx);
    const person = await plantPerson(ctx, mark, channel.id);
    const other = await plantPerson(ctx, control, channel.id);

    const before = await everything(ctx);
    expect(before).toContain(`message-${mark}`);
    expect(before).toContain(`meta-${mark}`);
    const pending = async (id: string) =>
      (
        await ctx.container.db.kysely
          .selectFrom('events')
          .innerJoin('jobs', 'jobs.ref_id', 'events.id')
          .select('events.id')
          .where('events.end_user_id', '=', id)
          .where('events.type', '!=', 'roster.end_user.erased')
          .execute()
      ).length;
    expect(await pending(person.id)).toBeGreaterThanOrEqual(4);

    const res = await ctx.request('POST', '/api/v2/end-users/delete', {
      body: {
        identifiers: [{ type: 'email', value: `${mark.toUpperCase()}@EXAMPLE.COM` }],
        client_reference: 'ticket-1',
      },
    });
    expect(res.status).toBe(202);
    await ctx.container.jobs.drain('compliance.erasure');
    const job = await ctx.request('GET', `/api/v2/jobs/${res.body.job_id}`);
    expect(job.body.status).toBe('completed');
    expect(job.body.identifiers[0]).toMatchObject({ disposition: 'accepted', matched_chatters: 1 });

    expect((await ctx.request('GET', `/api/v2/end-users/${person.id}`)).status).toBe(404);
    expect((await ctx.request('GET', `/api/v2/conversations/${person.conversationId}`)).status).toBe(404);
    expect(await pending(person.id)).toBe(0);
    expect(await pending(other.id)).toBeGreaterThanOrEqual(4);

    // An endpoint naming the extension event gets one per erased end user, with ids only; the
    // endpoint with an empty filter list (Ada's events) gets none.
    const erased = await ctx.container.db.kysely
      .selectFrom('events')
      .innerJoin('jobs', 'jobs.ref_id', 'events.id')
      .select(['events.payload', 'jobs.payload as delivery'])
      .where('events.type', '=', 'roster.end_user.erased')
      .execute();
    expect(erased).toHaveLength(1);
    expect(JSON.parse(erased[0]!.payload).data).toEqual({ end_user_id: person.id, job_id: res.body.job_id });
    expect(JSON.parse(erased[0]!.delivery).webhook_id).toBe(named);

    const after = await everything(ctx);
    // The submitted identifier is kept sealed on the job: the API still shows it, the database does not.
    expect(job.body.identifiers[0].value).toBe(`${mark.toUpperCase()}@EXAMPLE.COM`);
    const at = after.toLowerCase().indexOf(mark);
    expect(at, after.slice(Math.max(0, at - 300), at + 100)).toBe(-1);
    for (const value of [
      `message-${control}`,
      `meta-${control}`,
      `topic-${control}`,
      `First${control}`,
      `${control}@example.com`,
    ]) {
      expect(after).toContain(value);
    }
    expect((await ctx.request('GET', `/api/v2/end-users/${other.id}`)).status).toBe(200);
  });

  it('the unattached-user sweep deletes the end user with their events and pending deliveries', async () => {
    const mark = `zq${randomBytes(6).toString('hex')}`;
    const control = `ctl${randomBytes(6).toString('hex')}`;
    await subscribe(ctx);
    const body = (m: string) => ({
      external_id: `ext-${m}`,
      profile: { first_name: `First${m}`, metadata: { note: `meta-${m}` } },
    });
    const old = await newUser(ctx, body(mark));
    await ctx.request('PATCH', `/api/v2/end-users/${old.end_user_id}`, {
      body: { profile: { last_name: `L${mark}` } },
    });
    (ctx.clock as ReturnType<typeof manualClock>).advance(ctx.container.config.unattachedEndUserTtlMs + 1_000);
    const young = await newUser(ctx, body(control));
    expect((await everything(ctx)).toLowerCase()).toContain(mark);

    const swept = await sweepOnce({
      store: ctx.container.modules.endUsers.store,
      units: ctx.container.units,
      forget: ctx.container.forget,
      clock: ctx.clock,
      unattachedTtlMs: ctx.container.config.unattachedEndUserTtlMs,
    });
    expect(swept.endUsersDeleted).toBe(1);
    const after = await everything(ctx);
    expect(after.toLowerCase()).not.toContain(mark);
    expect(after).not.toContain(old.end_user_id);
    expect(after).toContain(`meta-${control}`);
    expect(after).toContain(young.end_user_id);
    const deliveries = await ctx.container.db.kysely
      .selectFrom('jobs')
      .select('ref_id')
      .where('kind', '=', 'webhook.delivery')
      .execute();
    expect(deliveries).toHaveLength(1);
  });
});
