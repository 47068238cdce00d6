// Admin console helpers: an admin with a token, a signed-in session (its cookie and CSRF token)
// and requests to the console's routes through the app, as a browser would send them.
import type { TestContext } from './harness.js';

export interface ConsoleSession {
  cookie: string;
  csrf: string;
}

export async function createAdmin(ctx: TestContext, name = 'ops'): Promise<string> {
  return (await ctx.container.modules.console.service.createAdmin(name)).token;
}

export async function consoleRequest(
  ctx: TestContext,
  method: string,
  url: string,
  options: {
    session?: ConsoleSession | null;
    body?: unknown;
    csrf?: string | null;
    headers?: Record<string, string>;
  } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.session) headers.cookie = options.session.cookie;
  const csrf = options.csrf === undefined ? options.session?.csrf : options.csrf;
  if (csrf !== null && csrf !== undefined && method !== 'GET') headers['x-csrf-token'] = csrf;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await ctx.app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
  });
  let body: any;
  try {
    body = res.body === '' ? undefined : JSON.parse(res.body);
  } catch {
    body = res.body;
  }
  return { status: res.statusCode, headers: res.headers, body, raw: res.body };
}

export async function signIn(ctx: TestContext, token: string): Promise<ConsoleSession> {
  const res = await consoleRequest(ctx, 'POST', '/console/api/session', { body: { token } });
  if (res.status !== 204) throw new Error(`sign-in answered ${res.status}: ${res.raw}`);
  const setCookie = String(res.headers['set-cookie']);
  const cookie = setCookie.split(';')[0] as string;
  const session = await consoleRequest(ctx, 'GET', '/console/api/session', { session: { cookie, csrf: '' } });
  return { cookie, csrf: session.body.csrf_token };
}
