// The OAuth 2.0 endpoints, outside /api/v2 and without API-key authentication, at Ada's token
// URL /api/platform_integrations/oauth/token and beside it the authorization (consent) page:
//   GET  /authorize  the consent page for an authorization request (RFC 6749 §4.1.1)
//   POST /authorize  the admin's decision: redirects to the integration with a code or an error
//   POST /token      the authorization_code and refresh_token grants (RFC 6749 §4.1.3, §6)
// Forms are read with URLSearchParams; a parameter sent twice is an invalid request (§3.1).
// Errors of the token endpoint have the RFC's shape, {error, error_description}, since OAuth
// clients read that one.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { hashApiKey } from '../../lib/crypto.js';
import { runAs } from '../../platform/actor.js';
import type { AgentsStore } from '../agents/agents.store.js';
import { consentPage, consentPolicy, errorPage } from './oauth.consent.js';
import {
  ConsentError,
  OAuthError,
  redirectWith,
  type AuthorizationRequest,
  type OAuthService,
} from './oauth.service.js';

export const OAUTH_PREFIX = '/api/platform_integrations/oauth';
const FORM_MAX = 256 * 1024;
const REQUEST_FIELDS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
] as const;

/** The form's parameters, each once; the name of a repeated one as `repeated`. */
function readForm(text: string): { params: Map<string, string>; repeated: string | null } {
  const params = new Map<string, string>();
  let repeated: string | null = null;
  for (const [key, value] of new URLSearchParams(text)) {
    if (params.has(key)) repeated ??= key;
    params.set(key, value);
  }
  return { params, repeated };
}

function authorizationRequest(params: Map<string, string>): AuthorizationRequest {
  const request: AuthorizationRequest = {};
  for (const field of REQUEST_FIELDS) {
    const value = params.get(field);
    if (value !== undefined) request[field] = value;
  }
  return request;
}

function page(
  reply: FastifyReply,
  status: number,
  html: string,
  policy = "default-src 'none'; style-src 'unsafe-inline'",
) {
  return reply
    .code(status)
    .headers({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': policy,
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    })
    .send(html);
}

function tokenError(reply: FastifyReply, error: OAuthError, basic: boolean) {
  reply.code(error.status).headers({ 'cache-control': 'no-store', pragma: 'no-cache' });
  if (error.status === 401) reply.header('www-authenticate', basic ? 'Basic realm="roster"' : 'Bearer');
  return reply.send({ error: error.error, error_description: error.message });
}

/** client_secret_basic (RFC 6749 §2.3.1): the id and secret are form-encoded, then Base64. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return null;
  }
}

export function oauthRoutes(deps: {
  oauth: OAuthService;
  keys: Pick<AgentsStore, 'findActiveKeyByHash'>;
}): FastifyPluginAsyncTypebox {
  const { oauth, keys } = deps;
  const FormBody = Type.String({ maxLength: FORM_MAX });

  return async (app) => {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_MAX },
      (_req, body, done) => done(null, body),
    );

    app.get('/authorize', { schema: { hide: true } }, async (request, reply) => {
      const { params, repeated } = readForm(request.url.split('?')[1] ?? '');
      const asked = authorizationRequest(params);
      try {
        const authorization = await oauth.checkAuthorization(asked);
        if (repeated !== null)
          throw new OAuthError(
            'invalid_request',
            `The parameter ${repeated} was sent more than once.`,
            400,
            authorization.redirectUri,
          );
        return page(reply, 200, consentPage(authorization, asked), consentPolicy(authorization.redirectUri));
      } catch (error) {
        if (error instanceof ConsentError) return page(reply, error.status, errorPage(error.message));
        if (error instanceof OAuthError && error.redirectUri !== null) {
          const params = { error: error.error, error_description: error.message, state: asked.state ?? null };
          return reply.redirect(redirectWith(error.redirectUri, params), 302);
        }
        throw error;
      }
    });

    app.post('/authorize', { schema: { body: FormBody, hide: true } }, async (request, reply) => {
      const { params } = readForm(request.body);
      const asked = authorizationRequest(params);
      let authorization;
      try {
        authorization = await oauth.checkAuthorization(asked);
      } catch (error) {
        if (error instanceof ConsentError) return page(reply, error.status, errorPage(error.message));
        if (error instanceof OAuthError) return page(reply, 400, errorPage(error.message));
        throw error;
      }
      const policy = consentPolicy(authorization.redirectUri);
      const back = (extra: Record<string, string>) =>
        reply.redirect(redirectWith(authorization.redirectUri, { ...extra, state: authorization.state }), 303);
      if (params.get('decision') !== 'approve') {
        return back({ error: 'access_denied', error_description: 'The admin declined to install the integration.' });
      }
      const configurationText = params.get('configuration') ?? '{}';
      const again = (status: number, problem: string) =>
        page(reply, status, consentPage(authorization, asked, { problem, configuration: configurationText }), policy);
      const key = params.get('api_key') ?? '';
      const found = key === '' ? null : await keys.findActiveKeyByHash(hashApiKey(key));
      if (!found) return again(401, 'The API key is not valid, or it was revoked.');
      let configuration: unknown;
      try {
        configuration = JSON.parse(configurationText);
      } catch {
        return again(400, 'The settings are not valid JSON.');
      }
      const userAgent = request.headers['user-agent'];
      const actor = {
        type: 'api_key' as const,
        id: found.keyId,
        via: 'api' as const,
        ip: request.ip,
        ...(typeof userAgent === 'string' ? { userAgent } : {}),
      };
      const outcome = await runAs(actor, () => oauth.approve(authorization, found.agentId, configuration));
      if ('problem' in outcome) return again(outcome.status, outcome.problem);
      return reply.redirect(outcome.redirect, 303);
    });

    app.post('/token', { schema: { body: FormBody, hide: true } }, async (request, reply) => {
      const basic = basicCredentials(request.headers.authorization);
      try {
        const { params, repeated } = readForm(request.body);
        if (repeated !== null)
          throw new OAuthError('invalid_request', `The parameter ${repeated} was sent more than once.`);
        const bodyId = params.get('client_id');
        const bodySecret = params.get('client_secret');
        if (basic && bodySecret !== undefined)
          throw new OAuthError(
            'invalid_request',
            'Authenticate the client one way: the Authorization header or the body.',
          );
        if (basic && bodyId !== undefined && bodyId !== basic.id)
          throw new OAuthError(
            'invalid_request',
            'The client_id in the body differs from the one in the Authorization header.',
          );
        const id = basic?.id ?? bodyId;
        const secret = basic?.secret ?? bodySecret;
        if (id === undefined || secret === undefined)
          throw new OAuthError('invalid_client', 'Authenticate the client with its client_id and client_secret.', 401);
        const client = await oauth.client(id, secret);
        const grant = params.get('grant_type');
        const tokens =
          grant === 'authorization_code'
            ? await oauth.exchangeCode(client, {
                code: params.get('code'),
                redirect_uri: params.get('redirect_uri'),
                code_verifier: params.get('code_verifier'),
              })
            : grant === 'refresh_token'
              ? await oauth.refresh(client, { refresh_token: params.get('refresh_token'), scope: params.get('scope') })
              : null;
        if (tokens === null) {
          throw grant === undefined
            ? new OAuthError('invalid_request', 'The grant_type parameter is required.')
            : new OAuthError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token.');
        }
        return reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache' }).send(tokens);
      } catch (error) {
        if (error instanceof OAuthError) return tokenError(reply, error, basic !== null);
        throw error;
      }
    });
  };
}
