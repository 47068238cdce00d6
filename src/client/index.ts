// roster/client: a typed client for Ada's REST API v2 as Roster serves it (and Ada itself, by
// base URL). The types are generated from Roster's OpenAPI document (schema.ts); requests go
// through openapi-fetch, so every path, parameter, body and answer is checked by TypeScript.
// A 429 is retried after its Retry-After, a bounded number of times.
import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };

export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  /** How long the client waits before it, in milliseconds. */
  waitMs: number;
  /** The 429 answer that caused it. */
  response: Response;
}

export interface RosterClientOptions {
  /** Roster's or Ada's address, such as http://127.0.0.1:8080 or https://example.ada.support. */
  baseUrl: string;
  /** The API key, sent as a Bearer token. */
  apiKey: string;
  /** How many times a 429 is retried (default 3); 0 turns retries off. */
  retries?: number;
  /** A Retry-After longer than this is not waited for: the 429 is returned (default 60 s). */
  maxRetryAfterMs?: number;
  /** Called before each retry (logging, tests). */
  onRetry?: (info: RetryInfo) => void;
  /** The fetch to use (default globalThis.fetch). */
  fetch?: (request: Request) => Promise<Response>;
}

export type RosterClient = Client<paths>;

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date); 1 s when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header === null) return 1_000;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? 1_000 : Math.max(0, date - now);
}

/** A fetch that retries 429 answers after their Retry-After. */
export function retryingFetch(
  options: Pick<RosterClientOptions, 'retries' | 'maxRetryAfterMs' | 'onRetry' | 'fetch'> = {},
) {
  const retries = options.retries ?? 3;
  const maxWait = options.maxRetryAfterMs ?? 60_000;
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  return async (request: Request): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      // A body can be read once: each attempt sends a copy.
      const response = await send(request.clone());
      if (response.status !== 429 || attempt > retries) return response;
      const waitMs = retryAfterMs(response.headers.get('retry-after'));
      if (waitMs > maxWait) return response;
      options.onRetry?.({ attempt, waitMs, response });
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  };
}

/**
 * A client for one API key. Calls look like the API:
 * `await client.POST('/api/v2/end-users/', { body: { external_id: 'crm-1' } })` resolves to
 * `{ data, error, response }`, typed by the operation.
 */
export function createRosterClient(options: RosterClientOptions): RosterClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { authorization: `Bearer ${options.apiKey}` },
    fetch: retryingFetch(options),
  });
}
