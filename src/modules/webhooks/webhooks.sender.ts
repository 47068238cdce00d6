// One HTTP POST of a signed payload to an endpoint, with a hard deadline, no redirects, and
// address checks on the connection itself (webhooks.url.ts). The outcome is data, never an
// exception: status code, duration, error text and the first 4 KiB of the answer.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { BlockedAddressError, guardedLookup, isPublicAddress } from './webhooks.url.js';

export const RESPONSE_BODY_MAX_BYTES = 4_096;

/** How one attempt went. */
export interface AttemptOutcome {
  succeeded: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
  /** For a refused target: the name and the address it resolved to, for the operator only. */
  blocked?: { host: string; address: string };
}
const USER_AGENT = 'Roster-Webhooks/1';

export interface SendRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  signal?: AbortSignal;
}

export interface SenderOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  maxSockets: number;
  lookup?: Parameters<typeof guardedLookup>[0];
}

/** Text safe to store on both engines: PostgreSQL text cannot hold U+0000. */
function storable(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

function describe(error: unknown, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `no answer within ${timeoutMs} ms`;
  if (error instanceof BlockedAddressError) return error.message;
  const err = error as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' ? `${err.code}: ` : '';
  return storable(`${code}${err?.message ?? String(error)}`).slice(0, 500);
}

export function createSender(options: SenderOptions) {
  const { timeoutMs, allowPrivate } = options;
  // Keep-alive pools per scheme. The agents close sockets idle for 4 s, before a receiver's own
  // keep-alive timeout (often 5 s) could close one under a new request.
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: options.maxSockets, timeout: 4_000 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: options.maxSockets, timeout: 4_000 }),
  };
  const lookup = allowPrivate ? undefined : guardedLookup(options.lookup);

  async function send(request: SendRequest): Promise<AttemptOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return {
        succeeded: false,
        statusCode: null,
        durationMs: 0,
        error: 'the endpoint URL is not valid',
        responseBody: null,
      };
    }
    const protocol = url.protocol as 'http:' | 'https:';
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!allowPrivate) {
      // IP literals never reach the lookup hook, so they are checked here.
      const refusal =
        protocol !== 'https:'
          ? 'refused: only https endpoints are allowed'
          : net.isIP(host) !== 0 && !isPublicAddress(host)
            ? new BlockedAddressError(host, host).message
            : null;
      if (refusal) return { succeeded: false, statusCode: null, durationMs: 0, error: refusal, responseBody: null };
    }
    const transport = protocol === 'https:' ? https : http;

    return new Promise<AttemptOutcome>((resolve) => {
      let settled = false;
      let timedOut = false;
      const finish = (outcome: Omit<AttemptOutcome, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        request.signal?.removeEventListener('abort', onAbort);
        resolve({ ...outcome, durationMs: elapsed() });
      };
      const fail = (error: unknown) =>
        finish({
          succeeded: false,
          statusCode: null,
          error: describe(error, timeoutMs, timedOut),
          responseBody: null,
          ...(error instanceof BlockedAddressError ? { blocked: { host: error.host, address: error.address } } : {}),
        });

      const req = transport.request(url, {
        method: 'POST',
        agent: agents[protocol],
        ...(lookup ? { lookup } : {}),
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(request.body),
          'user-agent': USER_AGENT,
        },
      });
      const deadline = setTimeout(() => {
        timedOut = true;
        req.destroy(new Error('timed out'));
      }, timeoutMs);
      const onAbort = () => req.destroy(new Error('delivery aborted: the worker is stopping'));
      request.signal?.addEventListener('abort', onAbort, { once: true });

      req.on('error', fail);
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const decoder = new StringDecoder('utf8');
        let text = '';
        let bytes = 0;
        const done = (truncated: boolean) => {
          text += truncated ? '' : decoder.end();
          const succeeded = status >= 200 && status < 300;
          const error = succeeded
            ? null
            : status >= 300 && status < 400
              ? `answered ${status}; redirects are not followed`
              : `answered ${status}; only 2xx counts as delivered`;
          finish({ succeeded, statusCode: status, error, responseBody: storable(text) });
          if (truncated) res.destroy();
        };
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          const room = RESPONSE_BODY_MAX_BYTES - bytes;
          bytes += chunk.length;
          text += decoder.write(chunk.length > room ? chunk.subarray(0, room) : chunk);
          // Enough kept: settle now rather than wait for a receiver that streams a large answer.
          if (bytes >= RESPONSE_BODY_MAX_BYTES) done(true);
        });
        res.on('end', () => done(false));
        res.on('error', fail);
      });
      req.end(request.body);
    });
  }

  return {
    send,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

export type Sender = ReturnType<typeof createSender>;
