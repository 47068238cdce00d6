// Testing an integration against Roster with vitest: seed, act, move the clock, read the
// webhook inbox, and make Roster answer 429 to check that the client retries.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createRosterClient, type RetryInfo } from 'roster/client';
import { startRoster, type RosterTestServer } from 'roster/testing';

let roster: RosterTestServer;
beforeAll(async () => {
  roster = await startRoster();
});
afterAll(() => roster.close());
beforeEach(() => roster.reset());

it('deletes an end user nobody talked to after 24 hours, and tells the webhook', async () => {
  // Seed: an endpoint that delivers into the inbox "crm", and an existing end user.
  await roster.seed({
    webhooks: [{ url: roster.inbox.url('crm'), event_filters: ['v1.end_user.created'] }],
    end_users: [{ external_id: 'crm-41', profile: { first_name: 'Grace' } }],
  });

  // Act: the code under test creates an end user; Roster answers 429 once first.
  const retries: RetryInfo[] = [];
  const ada = createRosterClient({
    baseUrl: roster.baseUrl,
    apiKey: roster.apiKey,
    onRetry: (retry) => retries.push(retry),
  });
  roster.faults.add({ method: 'POST', path: '/api/v2/end-users/*', status: 429, retry_after: 1 });
  const created = await ada.POST('/api/v2/end-users/', { body: { external_id: 'crm-42' } });
  expect(created.response.status).toBe(201);
  expect(retries.map((r) => r.response.status)).toEqual([429]);

  // The webhook arrived, signed, with no receiver process.
  const delivery = await roster.inbox.wait('crm', (d) => JSON.stringify(d.body).includes('crm-42'));
  expect(delivery.type).toBe('v1.end_user.created');

  // A day later the unattached end user is gone: advance() ran the sweep before it resolved.
  await roster.clock.advance('24h');
  const id = created.data!.end_user_id;
  const gone = await ada.GET('/api/v2/end-users/{end_user_id}', { params: { path: { end_user_id: id } } });
  expect(gone.response.status).toBe(404);
});
