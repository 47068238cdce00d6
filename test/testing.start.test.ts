// roster/testing's startRoster: a whole Roster in the test process on an in-memory SQLite
// database (the engine it always uses), reached over real HTTP; reset keeps the key working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRoster, type RosterTestServer } from '../src/testing/index.js';

describe('startRoster', () => {
  let roster: RosterTestServer;
  beforeAll(async () => {
    roster = await startRoster({ seed: { end_users: [{ external_id: 'seeded' }] } });
  });
  afterAll(() => roster?.close());

  const api = (path: string, init: RequestInit = {}, key = roster.apiKey) =>
    fetch(`${roster.baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
    });

  it('listens on an ephemeral port with an in-memory database and a key of the agent "default"', async () => {
    expect(roster.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(roster.internals.container.db.describe()).toBe('SQLite in memory');
    const res = await api('/api/v2/end-users/');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Array<{ external_id: string }> };
    expect(body.data.map((u) => u.external_id)).toEqual(['seeded']);
  });

  it('resets between tests, and the same key works after it', async () => {
    expect(
      (await api('/api/v2/end-users/', { method: 'POST', body: JSON.stringify({ external_id: 'x' }) })).status,
    ).toBe(201);
    await roster.reset();
    const res = await api('/api/v2/end-users/');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown[] }).data).toEqual([]);
  });

  it('seeds items of other agents, whose keys keyFor gives', async () => {
    await roster.seed({ end_users: [{ agent: 'other', external_id: 'theirs' }, { external_id: 'mine' }] });
    const other = await roster.keyFor('other');
    const theirs = (await (await api('/api/v2/end-users/', {}, other)).json()) as {
      data: Array<{ external_id: string }>;
    };
    expect(theirs.data.map((u) => u.external_id)).toEqual(['theirs']);
    const mine = (await (await api('/api/v2/end-users/')).json()) as { data: Array<{ external_id: string }> };
    expect(mine.data.map((u) => u.external_id)).toEqual(['mine']);
    await roster.reset('other');
    expect(((await (await api('/api/v2/end-users/', {}, other)).json()) as { data: unknown[] }).data).toEqual([]);
    expect(((await (await api('/api/v2/end-users/')).json()) as { data: unknown[] }).data).toHaveLength(1);
  });

  it('has a clock that, advanced 25 h, has deleted an unattached end user when it resolves', async () => {
    roster.clock.freeze();
    await roster.clock.set('2031-05-01T12:00:00Z');
    expect(roster.clock.now().toISOString()).toBe('2031-05-01T12:00:00.000Z');
    const res = await api('/api/v2/end-users/', {
      method: 'POST',
      body: JSON.stringify({ external_id: 'short-lived' }),
    });
    const { end_user_id: id } = (await res.json()) as { end_user_id: string };
    await roster.clock.advance('25h');
    expect(roster.clock.now().toISOString()).toBe('2031-05-02T13:00:00.000Z');
    expect((await api(`/api/v2/end-users/${id}`)).status).toBe(404);
    await roster.clock.advance(500);
    expect(roster.clock.now().getTime()).toBe(Date.parse('2031-05-02T13:00:00.500Z'));
    await expect(roster.clock.advance('soon')).rejects.toThrow(/not a duration/);
    roster.clock.resume();
  });

  it('delivers webhooks to an inbox that a test awaits, with no receiver process', async () => {
    const url = roster.inbox.url('hooks');
    expect(url).toBe('roster-inbox://hooks');
    expect((await api('/api/v2/webhooks/', { method: 'POST', body: JSON.stringify({ url }) })).status).toBe(201);
    const waiting = roster.inbox.wait(
      'hooks',
      (d) => (d.body as { data: { external_id: string } }).data.external_id === 'b',
    );
    for (const externalId of ['a', 'b']) {
      await api('/api/v2/end-users/', { method: 'POST', body: JSON.stringify({ external_id: externalId }) });
    }
    const delivery = await waiting;
    expect(delivery.type).toBe('v1.end_user.created');
    expect(
      roster.inbox.list('hooks').map((d) => (d.body as { data: { external_id: string } }).data.external_id),
    ).toEqual(['a', 'b']);
    await expect(roster.inbox.wait('hooks', (d) => d.type === 'nothing', 30)).rejects.toThrow(/within 30 ms/);
    await roster.reset();
    expect(roster.inbox.list('hooks')).toEqual([]);
  });

  it('injects faults: a 429 with Retry-After, then a dropped connection', async () => {
    const rule = roster.faults.add({ method: 'GET', path: '/api/v2/end-users/*', status: 429, retry_after: 3 });
    expect(roster.faults.list()).toEqual([rule]);
    const limited = await api('/api/v2/end-users/');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    roster.faults.add({ path: '/api/v2/end-users/*', drop: true });
    await expect(api('/api/v2/end-users/')).rejects.toThrow(/fetch failed/);
    expect((await api('/api/v2/end-users/')).status).toBe(200);
    expect(() => roster.faults.add({ path: '/x' })).toThrow(/status, delay or drop/);
    roster.faults.add({ path: '/x', status: 500 });
    await roster.reset();
    expect(roster.faults.list()).toEqual([]);
  });

  it('answers the control API over HTTP with its token only', async () => {
    const denied = await api('/_emulator/reset', { method: 'POST' });
    expect(denied.status).toBe(401);
    const done = await api('/_emulator/reset', { method: 'POST' }, roster.controlToken);
    expect(done.status).toBe(204);
  });

  it('takes a given API key, and starts separate servers side by side', async () => {
    const other = await startRoster({ apiKey: 'given-key-0123456789abcdef' });
    try {
      expect(other.apiKey).toBe('given-key-0123456789abcdef');
      expect(other.baseUrl).not.toBe(roster.baseUrl);
      const res = await fetch(`${other.baseUrl}/api/v2/end-users/`, {
        headers: { authorization: `Bearer ${other.apiKey}` },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: unknown[] }).data).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
