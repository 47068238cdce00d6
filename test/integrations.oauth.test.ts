// OAuth 2.0 for platform integrations, on both engines: a stock client (openid-client) completes
// the authorization-code flow with PKCE and refreshes; the RFC 6749 and RFC 7636 cases of the
// token endpoint; rotation and the detection of a replayed refresh token; lifetimes on the
// injected clock; the consent page's answers; and what an access token may reach.
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setIntegrationStatus } from '../src/modules/integrations/integrations.service.js';
import { createIntegrationsStore } from '../src/modules/integrations/integrations.store.js';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import {
  CALLBACK,
  INTEGRATIONS,
  OAUTH,
  authorize,
  createIntegration,
  exchange,
  installed,
  pkce,
  post,
} from './helpers/integrations.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe.each(ENGINES)('platform integrations OAuth on %s', (engine) => {
  let ctx: TestContext;
  let base: string;
  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const address = ctx.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => ctx?.close());

  /** Moves past the authenticator's one-second cache, so a revocation is seen at once. */
  const pastCache = () => ctx.clock.advance(1_500);
  const self = (id: string, token: string) =>
    ctx.request('GET', `${INTEGRATIONS}${id}/installations/self`, { key: token });

  it('lets openid-client complete the authorization-code flow with PKCE and refresh the tokens', async () => {
    const integration = await createIntegration(ctx);
    const config = new client.Configuration(
      {
        issuer: base,
        authorization_endpoint: `${base}${OAUTH}/authorize`,
        token_endpoint: `${base}${OAUTH}/token`,
      },
      integration.id,
      integration.secret,
      client.ClientSecretBasic(integration.secret),
    );
    client.allowInsecureRequests(config);
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'articles:read',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    // The admin opens the consent page, then approves it with the AI Agent's API key.
    const consent = await fetch(url);
    expect(consent.status).toBe(200);
    expect(consent.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(consent.headers.get('content-security-policy')).toContain("form-action 'self' https://apps.example.com");
    const html = await consent.text();
    expect(html).toContain('Install Help centre sync');
    expect(html).toContain('<code>articles:read</code>');
    expect(html).not.toContain('<code>articles:write</code>');
    const approval = new URLSearchParams(url.search);
    approval.set('api_key', ctx.keyA);
    approval.set('configuration', JSON.stringify({ account: { subdomain: 'acme' } }));
    approval.set('decision', 'approve');
    const decided = await fetch(`${base}${OAUTH}/authorize`, {
      method: 'POST',
      body: approval,
      redirect: 'manual',
    });
    expect(decided.status).toBe(303);
    const callback = new URL(decided.headers.get('location') as string);
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);

    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.scope).toBe(
      'articles:read platform_integration_installations:read platform_integration_installations:write',
    );
    const installation = await self(integration.id, tokens.access_token);
    expect(installation.status).toBe(200);
    expect(installation.body).toMatchObject({
      platform_integration_id: integration.id,
      configuration: { account: { subdomain: 'acme' } },
      status: 'incomplete',
    });

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await self(integration.id, refreshed.access_token)).status).toBe(200);
    // The used refresh token is refused now (client_secret_post this time).
    const again = await post(ctx, '/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: integration.id,
      client_secret: integration.secret,
    });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
  });

  it('detects a replayed refresh token and revokes every token of its family', async () => {
    const { integration, tokens } = await installed(ctx);
    const refresh = (token: string) =>
      post(ctx, '/token', {
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: integration.id,
        client_secret: integration.secret,
      });
    const second = await refresh(tokens.refresh_token);
    expect(second.status).toBe(200);
    expect(second.headers['cache-control']).toBe('no-store');
    const third = await refresh(second.body.refresh_token);
    expect(third.status).toBe(200);
    // An attacker replays the first refresh token: refused, and the whole family dies.
    const replay = await refresh(tokens.refresh_token);
    expect(replay.status).toBe(400);
    expect(replay.body).toEqual({
      error: 'invalid_grant',
      error_description: 'The grant was already used; every token issued from it is now revoked.',
    });
    pastCache();
    expectError(await self(integration.id, third.body.access_token), 401, 'unauthorized');
    expect((await refresh(third.body.refresh_token)).body.error).toBe('invalid_grant');
    // Another installation's tokens are untouched.
    const other = await installed(ctx);
    expect((await self(other.integration.id, other.tokens.access_token)).status).toBe(200);
  });

  it('revokes the tokens issued from a code when the code is presented again (RFC 6749 §4.1.2)', async () => {
    const integration = await createIntegration(ctx);
    const { code } = await authorize(ctx, integration);
    const tokens = await exchange(ctx, integration, code);
    const replay = await post(ctx, '/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      client_id: integration.id,
      client_secret: integration.secret,
    });
    expect(replay.body.error).toBe('invalid_grant');
    pastCache();
    expectError(await self(integration.id, tokens.access_token), 401, 'unauthorized');
  });

  it('keeps codes 5 minutes, access tokens an hour and refresh tokens 30 days, on the clock', async () => {
    const integration = await createIntegration(ctx);
    const late = await authorize(ctx, integration);
    ctx.clock.advance(5 * MINUTE);
    const expired = await post(ctx, '/token', {
      grant_type: 'authorization_code',
      code: late.code,
      redirect_uri: CALLBACK,
      client_id: integration.id,
      client_secret: integration.secret,
    });
    expect(expired.body).toEqual({ error: 'invalid_grant', error_description: 'The code has expired.' });

    const { code } = await authorize(ctx, integration);
    ctx.clock.advance(5 * MINUTE - 1);
    const tokens = await exchange(ctx, integration, code);
    ctx.clock.advance(60 * MINUTE - 1);
    expect((await self(integration.id, tokens.access_token)).status).toBe(200);
    ctx.clock.advance(1_001);
    expectError(await self(integration.id, tokens.access_token), 401, 'unauthorized');
    ctx.clock.advance(30 * DAY - 60 * MINUTE);
    const stale = await post(ctx, '/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: integration.id,
      client_secret: integration.secret,
    });
    expect(stale.body).toEqual({ error: 'invalid_grant', error_description: 'The refresh token has expired.' });
  });

  it('answers the RFC 6749 token-endpoint errors', async () => {
    const integration = await createIntegration(ctx);
    const { code } = await authorize(ctx, integration);
    const good = { client_id: integration.id, client_secret: integration.secret };
    const cases: Array<[Record<string, string>, number, string]> = [
      [
        { grant_type: 'authorization_code', code, client_id: integration.id, client_secret: 'wrong' },
        401,
        'invalid_client',
      ],
      [{ grant_type: 'authorization_code', code }, 401, 'invalid_client'],
      [{ grant_type: 'password', username: 'a', password: 'b', ...good }, 400, 'unsupported_grant_type'],
      [{ code, ...good }, 400, 'invalid_request'],
      [{ grant_type: 'authorization_code', ...good }, 400, 'invalid_request'],
      [
        { grant_type: 'authorization_code', code: 'roster_ac_nope', redirect_uri: CALLBACK, ...good },
        400,
        'invalid_grant',
      ],
      [
        { grant_type: 'authorization_code', code, redirect_uri: 'https://evil.example.com/cb', ...good },
        400,
        'invalid_grant',
      ],
      [{ grant_type: 'authorization_code', code, ...good }, 400, 'invalid_grant'],
      [
        { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: 'a'.repeat(43), ...good },
        400,
        'invalid_grant',
      ],
      [{ grant_type: 'refresh_token', ...good }, 400, 'invalid_request'],
    ];
    for (const [params, status, error] of cases) {
      const res = await post(ctx, '/token', params);
      expect([res.status, res.body.error], JSON.stringify(params)).toEqual([status, error]);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(typeof res.body.error_description).toBe('string');
    }
    const basic = await post(
      ctx,
      '/token',
      { grant_type: 'authorization_code', code },
      {
        authorization: `Basic ${Buffer.from(`${integration.id}:nope`).toString('base64')}`,
      },
    );
    expect(basic.status).toBe(401);
    expect(basic.headers['www-authenticate']).toMatch(/^Basic/);
    const twice = await post(
      ctx,
      '/token',
      `grant_type=authorization_code&code=${code}&code=${code}&client_id=${integration.id}&client_secret=${integration.secret}`,
    );
    expect(twice.body.error).toBe('invalid_request');
    // Another integration's secret does not unlock this one's code.
    const other = await createIntegration(ctx);
    const stolen = await post(ctx, '/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      client_id: other.id,
      client_secret: other.secret,
    });
    expect(stolen.body.error).toBe('invalid_grant');
    // None of the failures used the code up.
    expect((await exchange(ctx, integration, code)).token_type).toBe('Bearer');
  });

  it('checks the PKCE verifier (RFC 7636 §4.6), S256 and plain', async () => {
    const integration = await createIntegration(ctx);
    const { verifier, challenge } = pkce();
    const tryCode = async (code: string, codeVerifier?: string) =>
      post(ctx, '/token', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: CALLBACK,
        client_id: integration.id,
        client_secret: integration.secret,
        code_verifier: codeVerifier,
      });
    const { code } = await authorize(ctx, integration, { challenge });
    expect((await tryCode(code)).body.error_description).toMatch(/send its code_verifier/);
    expect((await tryCode(code, pkce().verifier)).body.error_description).toMatch(/does not match/);
    expect((await tryCode(code, 'short')).body.error).toBe('invalid_grant');
    expect((await tryCode(code, verifier)).status).toBe(200);
    // plain: the challenge is the verifier itself.
    const plain = await post(ctx, '/authorize', {
      response_type: 'code',
      client_id: integration.id,
      code_challenge: verifier,
      api_key: ctx.keyA,
      configuration: '{"account":{"subdomain":"acme"}}',
      decision: 'approve',
    });
    const plainCode = new URL(String(plain.headers.location)).searchParams.get('code') as string;
    const exchanged = await post(ctx, '/token', {
      grant_type: 'authorization_code',
      code: plainCode,
      client_id: integration.id,
      client_secret: integration.secret,
      code_verifier: verifier,
    });
    expect(exchanged.status).toBe(200);
  });

  it('answers the consent page: unknown clients and redirect URIs on the page, the rest at the callback', async () => {
    const integration = await createIntegration(ctx);
    const page = (query: Record<string, string>) =>
      ctx.app.inject({ method: 'GET', url: `${OAUTH}/authorize?${new URLSearchParams(query)}` });
    const unknown = await page({ response_type: 'code', client_id: 'ffffffffffffffffffffffff' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('does not name a platform integration');
    const elsewhere = await page({
      response_type: 'code',
      client_id: integration.id,
      redirect_uri: 'https://evil.example.com/',
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.headers.location).toBeUndefined();
    const token = await page({ response_type: 'token', client_id: integration.id, state: 's1' });
    expect(token.statusCode).toBe(302);
    const back = new URL(String(token.headers.location));
    expect([back.searchParams.get('error'), back.searchParams.get('state')]).toEqual([
      'unsupported_response_type',
      's1',
    ]);
    const scope = await page({ response_type: 'code', client_id: integration.id, scope: 'knowledge_sources:write' });
    expect(new URL(String(scope.headers.location)).searchParams.get('error')).toBe('invalid_scope');
    const method = await page({
      response_type: 'code',
      client_id: integration.id,
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'S512',
    });
    expect(new URL(String(method.headers.location)).searchParams.get('error')).toBe('invalid_request');
    const escaped = await createIntegration(ctx, { name: '<script>alert(1)</script>' });
    const shown = await page({ response_type: 'code', client_id: escaped.id });
    expect(shown.body).not.toContain('<script>');
    expect(shown.body).toContain('&lt;script&gt;');

    const decide = (extra: Record<string, string>) =>
      post(ctx, '/authorize', { response_type: 'code', client_id: integration.id, state: 's2', ...extra });
    const denied = await decide({ decision: 'deny' });
    expect(denied.status).toBe(303);
    expect(new URL(String(denied.headers.location)).searchParams.get('error')).toBe('access_denied');
    const badKey = await decide({ decision: 'approve', api_key: 'roster_nope', configuration: '{}' });
    expect(badKey.status).toBe(401);
    expect(badKey.raw).toContain('The API key is not valid');
    const badJson = await decide({ decision: 'approve', api_key: ctx.keyA, configuration: '{' });
    expect([badJson.status, badJson.raw.includes('not valid JSON')]).toEqual([400, true]);
    const badSettings = await decide({ decision: 'approve', api_key: ctx.keyA, configuration: '{"account":{}}' });
    expect(badSettings.status).toBe(400);
    expect(badSettings.raw).toContain('does not match the integration');
    const noIdentifier = await createIntegration(ctx, { identifier_field_path: 'missing' });
    const blank = await post(ctx, '/authorize', {
      response_type: 'code',
      client_id: noIdentifier.id,
      decision: 'approve',
      api_key: ctx.keyA,
      configuration: '{"account":{"subdomain":"x"}}',
    });
    expect(blank.status).toBe(400);
    expect(blank.raw).toContain('no value at missing');
  });

  it('lets only its developer install an integration in development, anyone once approved, nobody once archived', async () => {
    const integration = await createIntegration(ctx);
    const approve = (key: string) =>
      post(ctx, '/authorize', {
        response_type: 'code',
        client_id: integration.id,
        decision: 'approve',
        api_key: key,
        configuration: '{"account":{"subdomain":"b"}}',
      });
    const early = await approve(ctx.keyB);
    expect(early.status).toBe(403);
    expect(early.raw).toContain('still in development');
    const store = createIntegrationsStore(ctx.container.db);
    await setIntegrationStatus({ store, units: ctx.container.units, clock: ctx.clock }, integration.id, 'approved');
    expect((await approve(ctx.keyB)).status).toBe(303);
    const { code } = await authorize(ctx, integration, { key: ctx.keyB });
    const tokens = await exchange(ctx, integration, code);
    const installation = await self(integration.id, tokens.access_token);
    expect(installation.body.configuration).toEqual({ account: { subdomain: 'acme' } });
    // The token acts for the AI Agent that installed it: agent B's knowledge.
    await ctx.request('POST', '/api/v2/knowledge/bulk/tags/', { key: ctx.keyB, body: [{ id: 'b-tag', name: 'B' }] });
    const tags = await ctx.request('GET', '/api/v2/knowledge/tags/', { key: tokens.access_token });
    expect(tags.body.data).toEqual([{ id: 'b-tag', name: 'B' }]);

    await setIntegrationStatus({ store, units: ctx.container.units, clock: ctx.clock }, integration.id, 'archived');
    pastCache();
    expectError(await self(integration.id, tokens.access_token), 401, 'unauthorized');
    const refused = await post(ctx, '/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: integration.id,
      client_secret: integration.secret,
    });
    expect([refused.status, refused.body.error]).toEqual([401, 'invalid_client']);
    expect((await approve(ctx.keyB)).status).toBe(400);
  });

  it('stores codes and tokens only as digests', async () => {
    const { tokens } = await installed(ctx);
    const rows = await ctx.container.db.kysely.selectFrom('oauth_tokens').selectAll().execute();
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(tokens.access_token);
    expect(dump).not.toContain(tokens.refresh_token);
    expect(dump).not.toContain(tokens.access_token.slice(10, 30));
  });
});
