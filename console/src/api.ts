// The console's client for its own routes (/console/api/...). The session lives in an HttpOnly
// cookie the page cannot read; the CSRF token comes from GET /console/api/session and goes in a
// header on every request that changes something. Nothing secret is stored in the page.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export async function call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`/console/api${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) {
    const first = (parsed as { errors?: Array<{ type: string; message: string }> } | undefined)?.errors?.[0];
    throw new ApiError(response.status, first?.type ?? 'error', first?.message ?? `HTTP ${response.status}`);
  }
  return parsed as T;
}

/** A path of the public API, run as this AI Agent. */
export function v2(agentId: string, path: string): string {
  return `/agents/${encodeURIComponent(agentId)}/v2/${path}`;
}

/** The cursor of a list's next page, from its meta.next_page_url. */
export function nextCursor(meta: { next_page_url: string | null } | undefined): string | null {
  if (!meta?.next_page_url) return null;
  return new URL(meta.next_page_url, location.origin).searchParams.get('cursor');
}
