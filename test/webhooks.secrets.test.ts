// Webhook signing secrets: reading the current one, rotating to a generated or a given key, and
// the replaced secret kept (sealed) for the configured grace period, on both engines.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'svix';
import { secretAad, signatureHeaders, signingKeyOf } from '../src/modules/webhooks/webhooks.signing.js';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import { expectInvalid, expectNotFound } from './helpers/end-users.js';
import { HOOKS, SECRET_RE, keyed, newHook, webhookRow } from './helpers/webhook-api.js';

const GRACE_MS = 90 * 60_000;

describe.each(ENGINES)('webhook secrets on %s', (engine) => {
  let ctx: TestContext;
  let clock: { advance(ms: number): void };
  beforeAll(async () => {
    // A grace period other than the 24 h default proves the configured one is used.
    ctx = await createTestContext(engine, { manualClock: true, env: { ROSTER_WEBHOOK_SECRET_GRACE: '90m' } });
    clock = ctx.clock as typeof clock;
  });
  afterAll(async () => ctx?.close());

  const secretOf = async (id: string, key?: string) => {
    const res = await ctx.request('GET', `${HOOKS}${id}/secret/`, keyed(key));
    expect(res.status, res.raw).toBe(200);
    expect(Object.keys(res.body)).toEqual(['key']);
    return res.body.key as string;
  };
  const rotate = (
    id: string,
    options: { body?: unknown; payload?: string; headers?: Record<string, string>; key?: string } = {},
  ) => ctx.request('POST', `${HOOKS}${id}/secret/rotate/`, options);
  const open = (envelope: string, id: string) => ctx.container.keyring.open(envelope, secretAad(ctx.agentA, id));
  const customKey = (bytes: number) => `whsec_${randomBytes(bytes).toString('base64')}`;

  it('gives each endpoint its own generated secret, the same on every read, sealed at rest', async () => {
    const a = await newHook(ctx);
    const b = await newHook(ctx);
    const secretA = await secretOf(a.id);
    expect(secretA).toMatch(SECRET_RE);
    expect(signingKeyOf(secretA)?.length).toBe(24);
    expect(await secretOf(a.id)).toBe(secretA);
    expect(await secretOf(`${a.id.toUpperCase()}`)).toBe(secretA);
    expect(await secretOf(b.id)).not.toBe(secretA);

    const row = await webhookRow(ctx, a.id);
    expect(row.secret).not.toContain(secretA.slice(6));
    expect(open(row.secret, a.id)).toBe(secretA);
    // Sealed to its endpoint: the envelope does not open as another endpoint's secret.
    expect(() => open(row.secret, b.id)).toThrow();
  });

  it('never shows the secret in create, get, list or patch answers', async () => {
    const created = await ctx.request('POST', HOOKS, { body: { url: 'https://hooks.example.com/s' } });
    const secret = await secretOf(created.body.id);
    const bare = secret.slice('whsec_'.length);
    const answers = [
      created,
      await ctx.request('GET', `${HOOKS}${created.body.id}`),
      await ctx.request('GET', HOOKS),
      await ctx.request('PATCH', `${HOOKS}${created.body.id}`, { body: { description: 'plain text' } }),
    ];
    for (const res of answers) {
      expect(res.status).toBeLessThan(300);
      expect(res.raw).not.toContain(bare);
      expect(res.raw).not.toMatch(/whsec_|secret/);
    }
  });

  it('rotates to a generated secret with no body; the replaced one is kept for the grace period', async () => {
    const hook = await newHook(ctx);
    const old = await secretOf(hook.id);
    clock.advance(5_000);
    const res = await rotate(hook.id);
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({});
    const current = await secretOf(hook.id);
    expect(current).toMatch(SECRET_RE);
    expect(current).not.toBe(old);

    const row = await webhookRow(ctx, hook.id);
    expect(open(row.previous_secret!, hook.id)).toBe(old);
    expect(row.previous_secret).not.toContain(old.slice(6));
    expect(Number(row.previous_secret_expires_at)).toBe(ctx.clock.now() + GRACE_MS);
    // The endpoint object has not changed.
    expect((await ctx.request('GET', `${HOOKS}${hook.id}`)).body).toStrictEqual(hook);
  });

  it('accepts {}, an empty JSON body and a trailing-slash-free path', async () => {
    const hook = await newHook(ctx);
    const seen = [await secretOf(hook.id)];
    const calls = [
      () => rotate(hook.id, { body: {} }),
      () => rotate(hook.id, { payload: '', headers: { 'content-type': 'application/json' } }),
      () => rotate(hook.id, { payload: '', headers: { 'content-type': 'application/json; charset=utf-8' } }),
      () => ctx.request('POST', `${HOOKS}${hook.id}/secret/rotate`),
      () => rotate(hook.id, { body: { unrelated: true } }),
    ];
    for (const call of calls) {
      const res = await call();
      expect(res.status, res.raw).toBe(200);
      expect(res.body).toStrictEqual({});
      const now = await secretOf(hook.id);
      expect(seen).not.toContain(now);
      seen.push(now);
    }
  });

  it('keeps only the secret replaced last, with a fresh grace period', async () => {
    const hook = await newHook(ctx);
    await rotate(hook.id);
    const second = await secretOf(hook.id);
    clock.advance(60_000);
    await rotate(hook.id);
    const row = await webhookRow(ctx, hook.id);
    expect(open(row.previous_secret!, hook.id)).toBe(second);
    expect(Number(row.previous_secret_expires_at)).toBe(ctx.clock.now() + GRACE_MS);
  });

  it.each([24, 32, 64])('rotates to a given key of %i bytes', async (bytes) => {
    const hook = await newHook(ctx);
    const key = customKey(bytes);
    const res = await rotate(hook.id, { body: { key } });
    expect(res.status).toBe(200);
    expect(await secretOf(hook.id)).toBe(key);
  });

  it('takes a given key without its whsec_ prefix, as Svix does, and keeps it with the prefix', async () => {
    const hook = await newHook(ctx);
    const bare = randomBytes(32).toString('base64');
    expect((await rotate(hook.id, { body: { key: bare } })).status).toBe(200);
    const secret = await secretOf(hook.id);
    expect(secret).toBe(`whsec_${bare}`);
    // A stock verifier takes the stored secret and checks a signature made with that key.
    const body = '{"type":"v1.end_user.created"}';
    const headers = signatureHeaders([Buffer.from(bare, 'base64')], 'msg_1', Math.floor(Date.now() / 1000), body);
    expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
  });

  it.each([
    ['with another prefix', `sk_${randomBytes(32).toString('base64')}`],
    ['of 23 bytes', `whsec_${randomBytes(23).toString('base64')}`],
    ['of 65 bytes', `whsec_${randomBytes(65).toString('base64')}`],
    ['in base64url', `whsec_${Buffer.alloc(32, 0xfb).toString('base64url')}`],
    ['not padded', `whsec_${randomBytes(32).toString('base64').replace(/=+$/, '')}`],
    ['empty', ''],
    ['a number', 12345],
    ['null', null],
  ])('refuses a key %s at $.key without quoting it, keeping the secret', async (_name, key) => {
    const hook = await newHook(ctx);
    const before = await secretOf(hook.id);
    const error = expectInvalid(await rotate(hook.id, { body: { key } }), '$.key');
    if (typeof key === 'string' && key.length > 8) expect(JSON.stringify(error)).not.toContain(key.slice(6, 20));
    if (typeof key === 'string') expect(error.details[0].message).toMatch(/base64.*24 to 64 bytes.*whsec_/);
    expect(await secretOf(hook.id)).toBe(before);
    expect((await webhookRow(ctx, hook.id)).previous_secret).toBeNull();
  });

  it.each([
    ['of 32 zero bytes', Buffer.alloc(32)],
    ['of one byte repeated', Buffer.alloc(24, 0x41)],
    ['of a short repeated pattern', Buffer.from('0123456789abcd'.repeat(3))],
  ])('refuses a well-formed key %s as too weak, without quoting it', async (_name, bytes) => {
    const hook = await newHook(ctx);
    const before = await secretOf(hook.id);
    const key = `whsec_${bytes.toString('base64')}`;
    const error = expectInvalid(await rotate(hook.id, { body: { key } }), '$.key');
    expect(error.details[0].message).toMatch(/128 bits/);
    expect(JSON.stringify(error)).not.toContain(key.slice(6, 20));
    expect(await secretOf(hook.id)).toBe(before);
  });

  it('answers 400 bad_request for a body that is not JSON', async () => {
    const hook = await newHook(ctx);
    expectError(
      await rotate(hook.id, { payload: '{"key":', headers: { 'content-type': 'application/json' } }),
      400,
      'bad_request',
    );
    expectError(
      await rotate(hook.id, { payload: 'key=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      400,
      'bad_request',
    );
  });

  it.each(['ffffffffffffffffffffffff', 'zzz'])('answers 404 for %s on both secret routes', async (id) => {
    expectNotFound(await ctx.request('GET', `${HOOKS}${id}/secret/`));
    expectNotFound(await rotate(id));
    expectNotFound(await rotate(id, { body: { key: customKey(32) } }));
  });

  it('keeps another agent away from the secret', async () => {
    const hook = await newHook(ctx);
    const secret = await secretOf(hook.id);
    const read = await ctx.request('GET', `${HOOKS}${hook.id}/secret/`, { key: ctx.keyB });
    expectNotFound(read);
    expect(read.raw).not.toContain(secret);
    expectNotFound(await rotate(hook.id, { key: ctx.keyB }));
    expectNotFound(await rotate(hook.id, { key: ctx.keyB, body: { key: customKey(32) } }));
    expect(await secretOf(hook.id)).toBe(secret);
    expect((await webhookRow(ctx, hook.id)).previous_secret).toBeNull();
  });
});
