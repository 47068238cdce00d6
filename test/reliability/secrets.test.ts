// No secret leaves the place it belongs. Sensitive values, API keys and the encryption key are
// pushed through valid, refused, foreign and malformed requests, then searched for in every
// response (headers too), every log line at trace level, every file of the SQLite data directory
// (database, WAL, shared memory, before and after a checkpoint) and every row of every PostgreSQL
// table (what a pg_dump holds). A control value
// stored in clear proves each search sees the data. The authenticator hashes the whole key: a
// near-miss costs what a far miss costs. test/sensitive-metadata.test.ts and test/auth.test.ts
// cover the per-row checks; this suite sweeps whole media, webhook deliveries (bodies and headers)
// included, and treats webhook signing secrets as secrets too: they may only leave through
// GET .../secret/, which is therefore left out of the searched responses.
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACT_PATHS } from '../../src/app.js';
import { createAuthenticator } from '../../src/http/auth.js';
import { ENGINES, createTestContext, type ApiResponse, type TestContext } from '../helpers/harness.js';
import { USERS } from '../helpers/end-users.js';
import { dumpTables } from '../helpers/table-dump.js';
import { startReceiver, startWorker } from '../helpers/webhooks.js';
import { signingKeyOf } from '../../src/modules/webhooks/webhooks.signing.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const marker = (tag: string) => `sv-${tag}-${randomBytes(6).toString('hex')}`;

/** The forms a secret could take at rest or on the wire. */
function formsOf(secret: string | Buffer): Buffer[] {
  if (Buffer.isBuffer(secret))
    return [
      secret,
      Buffer.from(secret.toString('base64')),
      Buffer.from(secret.toString('base64url')),
      Buffer.from(secret.toString('hex')),
    ];
  return [Buffer.from(secret), Buffer.from(JSON.stringify(secret).slice(1, -1))];
}

/** API keys: the key, the part after the 13-character display prefix, its halves and its raw bytes. */
function keyForms(key: string): Array<string | Buffer> {
  const hidden = key.slice(13);
  const out: Array<string | Buffer> = [key, hidden, hidden.slice(0, 18), hidden.slice(18)];
  if (key.startsWith('roster_')) out.push(Buffer.from(key.slice(7), 'base64url'));
  return out;
}

const found = (haystack: Buffer, needles: Array<string | Buffer>) =>
  needles
    .flatMap((n) => formsOf(n))
    .filter((form) => haystack.includes(form))
    .map((form) => form.toString('utf8').slice(0, 24));

describe.each(ENGINES)('secrets on %s', (engine) => {
  const lines: string[] = [];
  const responses: ApiResponse[] = [];
  const encryptionKey = randomBytes(32);
  const control = `control-${randomBytes(6).toString('hex')}`; // stored in clear on purpose
  const sensitive: string[] = [];
  const keys: string[] = [];
  let ctx: TestContext;
  beforeAll(async () => {
    const stream = { write: (line: string) => void lines.push(line) };
    ctx = await createTestContext(engine, {
      env: { ROSTER_ENCRYPTION_KEY: encryptionKey.toString('base64'), ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true' },
      app: { logger: { level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, stream } },
    });
    const agents = ctx.container.modules.agents.service;
    const revoked = await agents.createKey('alpha', 'to revoke');
    await agents.revokeKey(revoked.key.id);
    const bootstrap = `boot-${randomBytes(24).toString('base64url')}`;
    await agents.ensureKey('alpha', bootstrap, 'bootstrap');
    keys.push(ctx.keyA, ctx.keyB, revoked.secret, bootstrap, (await agents.createKey('gamma')).secret);
  });
  afterAll(async () => ctx?.close());

  const send = async (method: string, url: string, options: Parameters<TestContext['request']>[2] = {}) => {
    const res = await ctx.request(method, url, options);
    responses.push(res);
    return res;
  };
  const s = (tag: string) => {
    const value = marker(tag);
    sensitive.push(value);
    return value;
  };

  it('keeps sensitive values, API keys and the encryption key out of responses, logs and the database', async () => {
    const [keyA, keyB, revokedKey, bootstrapKey] = keys as [string, string, string, string];
    const fields = (...tags: string[]) => ({ fields: Object.fromEntries(tags.map((t) => [`k_${t}`, s(t)])) });
    // An endpoint receives every event below; its first secret is then replaced by a custom one,
    // so deliveries are signed with both while the grace period lasts.
    const receiver = await startReceiver();
    const hook = (await send('POST', '/api/v2/webhooks/', { body: { url: receiver.url } })).body.id as string;
    const firstSecret = (await ctx.request('GET', `/api/v2/webhooks/${hook}/secret/`)).body.key as string;
    const customSecret = `whsec_${randomBytes(32).toString('base64')}`;
    expect(
      (await send('POST', `/api/v2/webhooks/${hook}/secret/rotate/`, { body: { key: customSecret } })).status,
    ).toBe(200);
    const worker = startWorker(ctx.container);
    const created = await send('POST', USERS, {
      body: {
        external_id: 'vault-1',
        profile: { metadata: { note: control }, sensitive_metadata: fields('c1', 'c2') },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.end_user_id as string;
    const other = (await send('POST', USERS, { key: bootstrapKey, body: { external_id: 'vault-2', profile: {} } })).body
      .end_user_id as string;
    const json = { 'content-type': 'application/json' };
    const attempts: Array<[string, string, Parameters<TestContext['request']>[2]]> = [
      ['POST', USERS, { body: { external_id: 'VAULT-1', profile: { sensitive_metadata: fields('upsert') } } }], // 200: not applied
      ['PATCH', `${USERS}${id}`, { body: { profile: { sensitive_metadata: fields('p1', 'p2') } } }],
      [
        'PATCH',
        `${USERS}${id}`,
        { body: { profile: { sensitive_metadata: { fields: { k_p1: null, k_c1: s('rewrite') } } } } },
      ],
      ['PATCH', `${USERS}${id}`, { key: bootstrapKey, body: { profile: { sensitive_metadata: fields('other-key') } } }],
      [
        'PATCH',
        `${USERS}${id}`,
        { body: { external_id: 'vault-2', profile: { sensitive_metadata: fields('conflict') } } },
      ], // 409
      ['PATCH', `${USERS}${id}`, { key: keyB, body: { profile: { sensitive_metadata: fields('foreign') } } }], // 404
      ['PATCH', `${USERS}${other}`, { key: keyB, body: { profile: { sensitive_metadata: fields('foreign2') } } }], // 404
      ['PATCH', `${USERS}0123456789abcdef01234567`, { body: { profile: { sensitive_metadata: fields('missing') } } }],
      [
        'POST',
        USERS,
        { body: { profile: { metadata: { k_dup: 1 }, sensitive_metadata: { fields: { k_dup: s('overlap') } } } } },
      ],
      [
        'POST',
        USERS,
        { body: { profile: { sensitive_metadata: fields(...Array.from({ length: 21 }, (_, i) => `many${i}`)) } } },
      ],
      ['POST', USERS, { body: { profile: { sensitive_metadata: { fields: { k: s('long').repeat(300) } } } } }],
      ['POST', USERS, { body: { profile: { sensitive_metadata: { fields: { 'bad key': s('badkey'), k_n: 1.5 } } } } }],
      ['POST', USERS, { body: { profile: { first_name: 'a\u0000', sensitive_metadata: fields('nul') } } }],
      ['POST', USERS, { payload: `{"profile":{"sensitive_metadata":{"fields":{"k":"${s('broken')}"}`, headers: json }],
      [
        'POST',
        USERS,
        {
          payload: `{"profile":{"sensitive_metadata":{"fields":{"k":"${s('text')}"}}}}`,
          headers: { 'content-type': 'text/plain' },
        },
      ],
      [
        'POST',
        USERS,
        {
          payload: `{"profile":{"sensitive_metadata":{"fields":{"k":"${s('huge')}"}}},"pad":"${'x'.repeat(11 << 20)}"}`,
          headers: json,
        },
      ],
      ['POST', USERS, { key: null, body: { profile: { sensitive_metadata: fields('anon') } } }],
      ['POST', USERS, { key: revokedKey, body: { profile: { sensitive_metadata: fields('revoked') } } }],
      ['GET', `${USERS}${id}`, { key: null, headers: { authorization: `bearer ${keyA}` } }],
      ['GET', `${USERS}?external_id=vault-1`, { key: null, headers: { authorization: `Bearer ${keyA}x` } }],
      [
        'GET',
        USERS,
        { key: null, headers: { authorization: `Basic ${keyA}`, 'x-api-key': keyB, cookie: `key=${keyA}` } },
      ],
      ['GET', USERS, { key: null, headers: { authorization: `Bearer ${keyA} ${keyB}` } }],
      ['GET', USERS, { key: null, headers: { authorization: keyA } }],
      // The request id is logged: proves the log search sees requests.
      ['GET', '/api/v2/nothing-here/', { headers: { 'x-request-id': control } }],
      ['GET', '/metrics', { key: null }],
      ['GET', '/readyz', { key: null }],
      ['GET', '/api/openapi.json', { key: null }],
    ];
    const statuses = [];
    for (const [method, url, options] of attempts) statuses.push((await send(method, url, options)).status);
    expect(statuses).toEqual([
      200, 200, 200, 200, 409, 404, 404, 404, 400, 400, 400, 400, 400, 400, 400, 413, 401, 401, 200, 401, 401, 401, 401,
      404, 200, 200, 200,
    ]);
    // Only the accepted writes were kept: upsert hits, conflicts and refusals wrote nothing.
    const byTag = (tag: string) => sensitive.find((v) => v.startsWith(`sv-${tag}-`));
    expect(await ctx.container.modules.endUsers.service.readSensitive(ctx.agentA, id)).toEqual({
      k_c1: byTag('rewrite'),
      k_c2: byTag('c2'),
      k_p2: byTag('p2'),
      'k_other-key': byTag('other-key'),
    });

    await worker.drain();
    await worker.stop();
    await receiver.close();
    // The two creates; the PATCHes above change only sensitive values, which is no event.
    expect(receiver.deliveries.map((d) => d.body.type)).toEqual(['v1.end_user.created', 'v1.end_user.created']);
    const webhookSecrets = [firstSecret, customSecret].flatMap((w) => [w, signingKeyOf(w) as Buffer]);
    const secrets: Array<string | Buffer> = [...sensitive, encryptionKey, ...keys.flatMap(keyForms), ...webhookSecrets];
    const media: Record<string, Buffer> = {
      responses: Buffer.from(responses.map((r) => JSON.stringify(r.headers) + r.raw).join('\n')),
      logs: Buffer.from(lines.join('')),
      webhooks: Buffer.from(receiver.deliveries.map((d) => JSON.stringify(d.headers) + d.raw).join('\n')),
    };
    if (engine === 'sqlite') {
      const dir = ctx.container.config.dataDir;
      const files = () =>
        fs
          .readdirSync(dir)
          .map((f) => path.join(dir, f))
          .filter((f) => fs.statSync(f).isFile());
      media.sqlite_before_checkpoint = Buffer.concat(files().map((f) => fs.readFileSync(f)));
      expect(
        files()
          .map((f) => path.basename(f))
          .sort(),
      ).toEqual(['roster.db', 'roster.db-shm', 'roster.db-wal']);
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(ctx.container.db.kysely);
      media.sqlite_after_checkpoint = Buffer.concat(files().map((f) => fs.readFileSync(f)));
    } else {
      media.pg_tables = Buffer.from(await dumpTables(ctx.database.location));
    }
    for (const [name, haystack] of Object.entries(media)) {
      // Each search must see what is there: the control value, and at rest the stored key hashes.
      expect(haystack.includes(control), `${name} holds the control value`).toBe(true);
      if (!['responses', 'logs', 'webhooks'].includes(name))
        for (const key of keys) expect(haystack.includes(sha256(key)), `${name} holds key hashes`).toBe(true);
      expect(found(haystack, secrets), `secrets found in ${name}`).toEqual([]);
    }
    const sizes = Object.entries(media)
      .map(([k, v]) => `${k}=${v.length}B`)
      .join(' ');
    console.log(
      `[secrets] engine=${engine} sensitive_values=${sensitive.length} api_keys=${keys.length} webhook_secrets=2 deliveries=${receiver.deliveries.length} requests=${responses.length} log_lines=${lines.length} ${sizes} leaks=0`,
    );
  });

  it('hashes the whole presented key and rejects a near-miss as fast as a far miss', async () => {
    const store = ctx.container.modules.agents.store;
    const lookups: string[] = [];
    const authenticate = createAuthenticator(
      { findActiveKeyByHash: (hash: string) => (lookups.push(hash), store.findActiveKeyByHash(hash)) },
      ctx.container.clock,
    );
    const right = keys[0] as string;
    const attempt = async (key: string) => {
      const request = { headers: { authorization: `Bearer ${key}` }, principal: null } as any;
      try {
        await authenticate(request);
        return request.principal !== null;
      } catch {
        return false;
      }
    };
    // Changing any single character, first to last, is refused, and every refusal looked up the
    // hash of the entire presented key: no prefix is compared, so there is nothing to exit early on.
    for (let i = 0; i < right.length; i++) {
      const flipped = right.slice(0, i) + (right[i] === 'A' ? 'B' : 'A') + right.slice(i + 1);
      lookups.length = 0;
      expect(await attempt(flipped), `character ${i}`).toBe(false);
      expect(lookups).toEqual([sha256(flipped)]);
    }
    expect(await attempt(right)).toBe(true);

    const samples = engine === 'sqlite' ? 4_000 : 3_000;
    const near = right.slice(0, -1) + (right.endsWith('A') ? 'B' : 'A'); // shares all but the last character
    const far = `xx${randomBytes(right.length).toString('base64url')}`.slice(0, right.length); // shares nothing
    const times = { near: [] as number[], far: [] as number[] };
    for (let i = 0; i < 200; i++) await attempt(i % 2 ? near : far); // warm-up
    for (let i = 0; i < samples; i++) {
      for (const which of i % 2 ? (['near', 'far'] as const) : (['far', 'near'] as const)) {
        const started = process.hrtime.bigint();
        const ok = await attempt(which === 'near' ? near : far);
        times[which].push(Number(process.hrtime.bigint() - started) / 1_000);
        expect(ok).toBe(false);
      }
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
    const trimmed = (xs: number[]) => {
      const sorted = [...xs].sort((x, y) => x - y).slice(Math.floor(xs.length * 0.1), Math.ceil(xs.length * 0.9));
      return sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
    };
    const [mNear, mFar, tNear, tFar] = [median(times.near), median(times.far), trimmed(times.near), trimmed(times.far)];
    const bound = (m: number) => Math.max(20, 0.15 * m);
    console.log(
      `[secrets] engine=${engine} timing samples=${samples}x2 median near=${mNear.toFixed(1)}µs far=${mFar.toFixed(1)}µs diff=${(mNear - mFar).toFixed(1)}µs ` +
        `trimmed-mean near=${tNear.toFixed(1)}µs far=${tFar.toFixed(1)}µs diff=${(tNear - tFar).toFixed(1)}µs bound=${bound(Math.max(mNear, mFar)).toFixed(1)}µs`,
    );
    expect(Math.abs(mNear - mFar)).toBeLessThan(bound(Math.max(mNear, mFar)));
    expect(Math.abs(tNear - tFar)).toBeLessThan(bound(Math.max(tNear, tFar)));
  });
});
