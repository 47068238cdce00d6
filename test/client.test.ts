// roster/client against startRoster(): typed calls by base URL, and 429 answers retried after
// their Retry-After, a bounded number of times.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRosterClient, retryAfterMs, type RetryInfo } from '../src/client/index.js';
import { startRoster, type RosterTestServer } from '../src/testing/index.js';

describe('roster/client', () => {
  let roster: RosterTestServer;
  beforeAll(async () => {
    roster = await startRoster();
  });
  afterAll(() => roster?.close());
  beforeEach(() => roster.reset());

  it('creates and reads an end user with typed calls', async () => {
    const client = createRosterClient({ baseUrl: `${roster.baseUrl}/`, apiKey: roster.apiKey });
    const created = await client.POST('/api/v2/end-users/', {
      body: { external_id: 'typed-1', profile: { first_name: 'Ty' } },
    });
    expect(created.response.status).toBe(201);
    const id = created.data!.end_user_id;
    const read = await client.GET('/api/v2/end-users/{end_user_id}', { params: { path: { end_user_id: id } } });
    expect(read.data?.profile.first_name).toBe('Ty');
    const missing = await client.GET('/api/v2/end-users/{end_user_id}', {
      params: { path: { end_user_id: '0'.repeat(24) } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.errors[0]?.type).toBe('not_found');
  });

  it('retries a 429 after its Retry-After, then succeeds', async () => {
    const retried: RetryInfo[] = [];
    const client = createRosterClient({
      baseUrl: roster.baseUrl,
      apiKey: roster.apiKey,
      onRetry: (info) => retried.push(info),
    });
    roster.faults.add({ method: 'POST', path: '/api/v2/end-users/*', status: 429, retry_after: 0, times: 2 });
    const created = await client.POST('/api/v2/end-users/', { body: { external_id: 'retried' } });
    expect(created.response.status).toBe(201);
    expect(retried.map((r) => [r.attempt, r.waitMs, r.response.status])).toEqual([
      [1, 0, 429],
      [2, 0, 429],
    ]);
    // The body was sent again each time: the end user exists once, as sent.
    // The list answers a page, or one end user when asked by external_id: the types say both.
    const list = (await client.GET('/api/v2/end-users/')).data;
    expect(list && 'data' in list ? list.data.map((u) => u.external_id) : list).toEqual(['retried']);
  });

  it('gives up after its retries, or at once when Retry-After is too long', async () => {
    const client = createRosterClient({ baseUrl: roster.baseUrl, apiKey: roster.apiKey, retries: 1 });
    roster.faults.add({ path: '/api/v2/end-users/*', status: 429, retry_after: 0, times: 3 });
    const limited = await client.GET('/api/v2/end-users/');
    expect(limited.response.status).toBe(429);
    expect(limited.error?.errors[0]?.type).toBe('rate_limited');
    expect(roster.faults.list()[0]?.remaining).toBe(1);
    roster.faults.clear();

    const patient = createRosterClient({ baseUrl: roster.baseUrl, apiKey: roster.apiKey, maxRetryAfterMs: 5_000 });
    roster.faults.add({ path: '/api/v2/end-users/*', status: 429, retry_after: 120 });
    const started = Date.now();
    expect((await patient.GET('/api/v2/end-users/')).response.status).toBe(429);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not retry other errors', async () => {
    const retried: RetryInfo[] = [];
    const client = createRosterClient({
      baseUrl: roster.baseUrl,
      apiKey: roster.apiKey,
      onRetry: (i) => retried.push(i),
    });
    roster.faults.add({ path: '/api/v2/end-users/*', status: 503 });
    expect((await client.GET('/api/v2/end-users/')).response.status).toBe(503);
    expect(retried).toEqual([]);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and falls back to 1 s', () => {
    expect(retryAfterMs('3')).toBe(3_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('2015-10-21T07:28:00Z'))).toBe(10_000);
    expect(retryAfterMs(null)).toBe(1_000);
    expect(retryAfterMs('soon')).toBe(1_000);
  });
});
