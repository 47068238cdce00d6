// Background work survives SIGKILL. One `roster serve` is killed while each kind of job is under
// way at once: webhook deliveries waiting on a receiver that has not answered, an AI Agent's turn
// waiting on the http responder, and the sweep deleting a large backlog of expired end users. It
// is restarted on the same data, and from the user's side every piece of work is done exactly
// once: every event arrives, each under one message id however often it was sent; the turn's
// reply is posted once; every expired end user is gone and every other one is still there.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type EngineName, type TestDatabase } from '../helpers/harness.js';
import {
  build,
  call,
  executeSql,
  figures,
  kill,
  killAllRoster,
  newApiKey,
  queryRows,
  rosterEnv,
  sleep,
  startRoster,
  within,
  type RosterProcess,
  until,
} from './helpers/processes.js';

const EXPIRED = 30_000;
/** End users created through the API, recently: the sweep must keep them, and each has its event. */
const RECENT = 10;

/**
 * A server that records every request and, while `holding`, never answers the requests `held`
 * picks (the caller waits until its own timeout or its death); it answers the rest at once.
 */
async function startHolder(
  answer: (body: any) => { status: number; body?: unknown },
  held: (body: any) => boolean = () => true,
) {
  const seen: Array<{ headers: http.IncomingHttpHeaders; body: any; at: number }> = [];
  let holding = true;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : null;
      seen.push({ headers: req.headers, body, at: Date.now() });
      if (holding && held(body)) return;
      const { status, body: reply } = answer(body);
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(reply === undefined ? '' : JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    seen,
    release() {
      holding = false;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

beforeAll(async () => {
  await build();
}, 180_000);
afterAll(killAllRoster);

describe.each(ENGINES)('jobs across a SIGKILL on %s', (engine: EngineName) => {
  let database: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startHolder>>;
  let responder: Awaited<ReturnType<typeof startHolder>>;
  const procs: RosterProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    receiver = await startHolder(() => ({ status: 204 }));
    responder = await startHolder(
      (body) =>
        body?.type === 'conversation.message'
          ? { status: 200, body: { replies: [{ content: { type: 'text', body: `answer to ${body.message.id}` } }] } }
          : { status: 204 },
      (body) => body?.type === 'conversation.message',
    );
  });
  afterAll(async () => {
    await Promise.allSettled(procs.map((p) => kill(p, 'SIGKILL')));
    await receiver?.close();
    await responder?.close();
    await database?.drop();
  });

  it('finishes every delivery, turn and sweep after a restart, each once from the user side', async () => {
    const key = newApiKey();
    const env = rosterEnv(engine, database, {
      ROSTER_API_KEY: key,
      ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true',
      ROSTER_WEBHOOK_TIMEOUT: '3s',
      ROSTER_WEBHOOK_RETRY_SCHEDULE: '0s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s',
      // Every delivery to the one endpoint in flight at once when the server is killed (by default
      // one runner sends at most 2 at a time to an endpoint).
      ROSTER_WEBHOOK_AGENT_CONCURRENCY: '16',
      ROSTER_WEBHOOK_ENDPOINT_CONCURRENCY: '16',
      ROSTER_RESPONDER: 'http',
      ROSTER_RESPONDER_URL: responder.url,
      ROSTER_RESPONDER_TIMEOUT: '2s',
      ROSTER_UNATTACHED_END_USER_TTL: '1h',
      ROSTER_SWEEP_INTERVAL: '3s',
      ROSTER_JOBS_POLL_INTERVAL: '200ms',
    });
    let proc = await startRoster(env);
    procs.push(proc);
    const api = (method: string, url: string, body?: unknown) => call(proc.url, method, url, key, body);

    expect(
      (await api('POST', '/api/v2/webhooks/', { url: receiver.url, event_filters: ['v1.end_user.created'] })).status,
    ).toBe(201);
    const channel = await api('POST', '/api/v2/channels/', { name: 'App', description: '', modality: 'messaging' });
    const conversation = await api('POST', '/api/v2/conversations/', { channel_id: channel.body.id });
    expect(conversation.status).toBe(201);
    // Every end user created through the API from here on has its v1.end_user.created event.
    const created: string[] = [conversation.body.end_user_id];
    for (let i = 0; i < RECENT; i++) {
      const res = await api('POST', '/api/v2/end-users/', { external_id: `recent-${i}` });
      expect(res.status).toBe(201);
      created.push(res.body.end_user_id);
    }
    const posted = await api('POST', `/api/v2/conversations/${conversation.body.id}/messages/`, {
      author: { role: 'end_user', id: conversation.body.end_user_id },
      content: { type: 'text', body: 'are you there?' },
    });
    expect(posted.status).toBe(201);

    // A backlog of end users created two days ago and never attached, for the sweep to delete.
    const agent = (
      await queryRows<{ id: string }>(engine, database, "SELECT id FROM agents WHERE handle = 'default'")
    )[0]!.id;
    const old = Date.now() - 2 * 86_400_000;
    const ids = Array.from(
      { length: EXPIRED },
      (_, i) => `${(0xe000000 + i).toString(16).padStart(8, '0')}${'0'.repeat(16)}`,
    );
    for (let i = 0; i < ids.length; i += 1_000) {
      const chunk = ids.slice(i, i + 1_000);
      await executeSql(
        engine,
        database,
        `INSERT INTO end_users (id, agent_id, metadata, created_at, updated_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((id) => [id, agent, '{}', old, old]),
      );
    }
    const countExpired = async () =>
      Number(
        (
          await queryRows<{ n: number | string }>(
            engine,
            database,
            'SELECT count(*) AS n FROM end_users WHERE created_at = ?',
            [old],
          )
        )[0]!.n,
      );

    // Kill once deliveries and the turn are waiting on their receivers and the sweep has begun.
    await until('deliveries, the turn and the sweep to be under way', 30_000, async () => {
      const waitingDeliveries = receiver.seen.length >= created.length;
      const waitingTurn = responder.seen.some((s) => s.body?.type === 'conversation.message');
      const left = await countExpired();
      return waitingDeliveries && waitingTurn && left < EXPIRED && left > 0;
    });
    const leftAtKill = await countExpired();
    await kill(proc, 'SIGKILL');
    const sentBeforeKill = receiver.seen.length;
    const turnsBeforeKill = responder.seen.filter((s) => s.body?.type === 'conversation.message').length;
    receiver.release();
    responder.release();

    const restartedAt = Date.now();
    proc = await startRoster(env);
    procs.push(proc);

    // The deliveries' and the turn's leases run out, then the restarted runner takes them over.
    const log = await until('the reply to be posted', 60_000, async () => {
      const res = await api('GET', `/api/v2/conversations/${conversation.body.id}/messages/`);
      return res.body.data.some((m: any) => m.author.role === 'ai_agent') ? res.body.data : false;
    });
    await until('every event to arrive', 60_000, async () => {
      const ids = new Set(receiver.seen.map((s) => s.body.data.end_user_id));
      return created.every((id) => ids.has(id));
    });
    await until('the sweep to finish', 90_000, async () => (await countExpired()) === 0);
    const recoveredMs = Date.now() - restartedAt;
    await sleep(1_000);

    // Deliveries: every event under one message id, whatever was sent before the kill.
    const idsByEvent = new Map<string, Set<string>>();
    for (const s of receiver.seen) {
      const event = s.body.data.end_user_id as string;
      idsByEvent.set(event, (idsByEvent.get(event) ?? new Set()).add(String(s.headers['svix-id'])));
    }
    expect([...idsByEvent.keys()].sort()).toEqual([...created].sort());
    for (const [event, messageIds] of idsByEvent) expect(messageIds.size, event).toBe(1);

    // The turn: asked again with the same Idempotency-Key, answered once in the log.
    const asked = responder.seen.filter((s) => s.body?.type === 'conversation.message');
    expect(new Set(asked.map((s) => s.headers['idempotency-key']))).toEqual(new Set([posted.body.id]));
    expect(asked.length).toBeGreaterThan(turnsBeforeKill);
    const replies = log.filter((m: any) => m.author.role === 'ai_agent');
    expect(replies.map((m: any) => m.content.body)).toEqual([`answer to ${posted.body.id}`]);

    // The sweep: every expired end user gone, every other one kept.
    expect(await countExpired()).toBe(0);
    for (const id of created) {
      expect((await api('GET', `/api/v2/end-users/${id}`)).status, id).toBe(200);
    }
    const jobs = await queryRows<{ kind: string; state: string }>(
      engine,
      database,
      "SELECT kind, state FROM jobs WHERE kind IN ('webhook.delivery', 'responder.turn')",
    );
    expect(jobs).toEqual([]);

    figures('jobs-crash', {
      engine,
      deliveries_sent_before_kill: sentBeforeKill,
      deliveries_sent_in_all: receiver.seen.length,
      turn_asked: asked.length,
      expired_left_at_kill: leftAtKill,
      expired_in_all: EXPIRED,
      recovered_ms: recoveredMs,
    });
    await within(kill(proc, 'SIGTERM'), 20_000, 'the restarted server to stop');
  });
});
