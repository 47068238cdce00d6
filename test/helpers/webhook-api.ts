// Builders, fixtures and assertions for the Webhook management API suites.
import { expect } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import type { ApiResponse, TestContext } from './harness.js';

export const HOOKS = '/api/v2/webhooks/';
export const WEBHOOK_KEYS = [
  'channels',
  'created_at',
  'description',
  'enabled',
  'event_filters',
  'id',
  'updated_at',
  'url',
];
export const ATTEMPT_KEYS = [
  'attempt',
  'created_at',
  'duration_ms',
  'error',
  'event_type',
  'id',
  'message_id',
  'response_body',
  'status',
  'status_code',
  'trigger',
  'webhook_id',
];
export const SECRET_RE = /^whsec_[A-Za-z0-9+/]{32}$/;
export const CREATED = 'v1.end_user.created';
export const UPDATED = 'v1.end_user.updated';

/** Only loopback receivers are reachable from the tests; they need the private-address allowance. */
export const ALLOW_PRIVATE = { ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true' };

export function keyed(key?: string) {
  return key ? { key } : {};
}

export function createHook(ctx: TestContext, body: unknown, key?: string): Promise<ApiResponse> {
  return ctx.request('POST', HOOKS, { body, ...keyed(key) });
}

/** Creates an endpoint and returns its wire form, failing unless the answer is 201. */
export async function newHook(ctx: TestContext, body: Record<string, unknown> = {}, key?: string): Promise<any> {
  const res = await createHook(ctx, { url: 'https://hooks.example.com/roster', ...body }, key);
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${res.raw}`);
  return res.body;
}

/** Asserts the exact wire shape of a webhook endpoint: documented keys only, typed as documented. */
export function expectWebhookShape(hook: any): void {
  expect(Object.keys(hook).sort()).toEqual(WEBHOOK_KEYS);
  expect(hook.id).toMatch(/^[0-9a-f]{24}$/);
  expect(typeof hook.url).toBe('string');
  expect(typeof hook.description).toBe('string');
  expect(Array.isArray(hook.event_filters)).toBe(true);
  expect(Array.isArray(hook.channels)).toBe(true);
  expect(typeof hook.enabled).toBe('boolean');
  expect(hook.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/);
  expect(hook.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/);
}

/** The stored row of an endpoint, straight from the database. */
export async function webhookRow(ctx: TestContext, id: string) {
  return ctx.container.db.kysely.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Inserts an event of `agentId` created at `at`, with these delivery tags if any, and returns its id. */
export async function insertEvent(
  ctx: TestContext,
  agentId: string,
  type: string,
  at: number,
  tags?: string[],
): Promise<string> {
  const id = newId(at);
  const payload = JSON.stringify({ type, timestamp: new Date(at).toISOString(), data: {} });
  await ctx.container.db.kysely
    .insertInto('events')
    .values({ id, agent_id: agentId, type, payload, created_at: at, ...(tags ? { tags: JSON.stringify(tags) } : {}) })
    .execute();
  return id;
}

export interface DeliveryFixture {
  /** pending: queued (or running, with a live lease); failed: dead, every attempt used. */
  state?: 'pending' | 'failed' | 'paused';
  trigger?: 'event' | 'replay';
  attempts?: number;
  nextAttemptAt?: number;
  leaseUntil?: number | null;
  leaseToken?: string | null;
  at?: number;
}

const JOB_STATE = { pending: 'queued', failed: 'dead', paused: 'paused' } as const;

/** Queues a delivery job of `eventId` to `webhookId` and returns its id. */
export async function insertDelivery(
  ctx: TestContext,
  agentId: string,
  webhookId: string,
  eventId: string,
  f: DeliveryFixture = {},
): Promise<string> {
  const at = f.at ?? 1_000;
  const id = newId(at);
  await ctx.container.db.kysely
    .insertInto('jobs')
    .values({
      id,
      kind: 'webhook.delivery',
      agent_id: agentId,
      group_key: webhookId,
      dedupe_key: `${webhookId}:${eventId}`,
      ref_id: eventId,
      payload: JSON.stringify({ webhook_id: webhookId, event_id: eventId, trigger: f.trigger ?? 'event' }),
      state: JOB_STATE[f.state ?? 'pending'],
      attempts: f.attempts ?? 1,
      run_at: f.nextAttemptAt ?? at,
      lease_until: f.leaseUntil ?? null,
      lease_token: f.leaseToken ?? null,
      last_error: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

export interface AttemptFixture {
  attempt?: number;
  trigger?: 'event' | 'replay';
  succeeded?: boolean;
  statusCode?: number | null;
  durationMs?: number;
  error?: string | null;
  responseBody?: string | null;
  at: number;
}

/** Inserts an attempt record and returns its id (ids ascend with `at`). */
export async function insertAttempt(
  ctx: TestContext,
  agentId: string,
  webhookId: string,
  deliveryId: string,
  eventId: string,
  eventType: string,
  f: AttemptFixture,
): Promise<string> {
  const id = newId(f.at);
  await ctx.container.db.kysely
    .insertInto('webhook_attempts')
    .values({
      id,
      agent_id: agentId,
      webhook_id: webhookId,
      delivery_id: deliveryId,
      event_id: eventId,
      event_type: eventType,
      attempt: f.attempt ?? 1,
      trigger: f.trigger ?? 'event',
      succeeded: f.succeeded === false ? 0 : 1,
      status_code: f.statusCode === undefined ? 200 : f.statusCode,
      duration_ms: f.durationMs ?? 12,
      error: f.error ?? null,
      response_body: f.responseBody ?? null,
      created_at: f.at,
    })
    .execute();
  return id;
}

/**
 * Every delivery job of an endpoint still in the queue (a delivery that succeeded leaves it),
 * keyed by event id, in the words of the delivery log: pending, paused or failed.
 */
export async function deliveriesOf(ctx: TestContext, webhookId: string) {
  const rows = await ctx.container.db.kysely
    .selectFrom('jobs')
    .selectAll()
    .where('kind', '=', 'webhook.delivery')
    .where('group_key', '=', webhookId)
    .execute();
  const state = { queued: 'pending', dead: 'failed', paused: 'paused' } as const;
  return new Map(
    rows.map((r) => [
      r.ref_id as string,
      {
        id: r.id,
        agent_id: r.agent_id,
        webhook_id: r.group_key,
        state: state[r.state],
        trigger: (JSON.parse(r.payload) as { trigger: string }).trigger,
        attempts: Number(r.attempts),
        next_attempt_at: Number(r.run_at),
        lease_until: r.lease_until === null ? null : Number(r.lease_until),
        lease_token: r.lease_token,
        created_at: Number(r.created_at),
        updated_at: Number(r.updated_at),
      },
    ]),
  );
}
