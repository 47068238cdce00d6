// Configuration: the only reader of the environment. loadConfig() validates every variable and
// throws a ConfigError naming the variable when a value is unusable, so a bad setting stops
// start-up with a clear message instead of surfacing later as a strange failure.
import path from 'node:path';
import { defaultReaders } from './db/sqlite-readers.js';
import { parseDuration } from './lib/durations.js';
import { isWeakSigningKey, signingKeyOf } from './modules/webhooks/webhooks.signing.js';

export interface RateWindow {
  points: number;
  durationMs: number;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  sqlitePath: string;
  databasePoolSize: number;
  /** SQLite: reader threads for long reads (0: none, every statement on the main thread). */
  sqliteReaders: number;
  bootstrapApiKey: string | null;
  /**
   * Rate limits are on by default with the windows each module declares for its family;
   * `overrides` holds ROSTER_RATE_LIMIT_<FAMILY> settings by family name (lower case).
   */
  rateLimits: { enabled: boolean; overrides: Record<string, RateWindow[]> };
  redisUrl: string | null;
  unattachedEndUserTtlMs: number;
  sensitiveMetadataTtlMs: number;
  sweepIntervalMs: number;
  /** An erasure identifier submitted again within this period fails its job (Ada's cooldown). */
  erasureCooldownMs: number;
  encryptionKey: Buffer | null;
  previousEncryptionKeys: Buffer[];
  logLevel: string;
  trustProxy: boolean;
  /** The origin (and optional path prefix) links such as next_page_url are built on; null: from the request. */
  publicUrl: string | null;
  /** /metrics: on (open), off (404) or token (needs ROSTER_METRICS_TOKEN as a bearer token). */
  metrics: { mode: 'on' | 'off' | 'token'; token: string | null };
  /** Failed authentications allowed per client address (ROSTER_AUTH_FAILURE_LIMIT). */
  authFailureLimit: RateWindow[];
  /** Sensitive metadata keys stored per end user (ROSTER_SENSITIVE_MAX_KEYS). */
  sensitiveMaxKeys: number;
  shutdownTimeoutMs: number;
  /** Slow or idle clients (slowloris): the whole request head must arrive within this. */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Run the jobs runner inside `roster serve` (ROSTER_WORKER). */
  worker: boolean;
  jobs: JobsConfig;
  webhooks: WebhookConfig;
  /** Custom channels an agent may create per rolling 24 hours; 0 lifts the limit. */
  channelDailyLimit: number;
  /** Addresses besides its own an AI Agent may answer emails from (ROSTER_EMAIL_ADDRESSES), lower case. */
  emailAddresses: readonly string[];
  responder: ResponderConfig;
  knowledge: KnowledgeConfig;
  /** Where conversation attachments are kept (ROSTER_BLOB_URL): the data directory by default. */
  blobs: BlobConfig;
  /** Serve the admin console at /console (ROSTER_CONSOLE, or `roster serve --console`). */
  console: boolean;
  emulator: EmulatorConfig;
}

/** The test-double mode (src/emulator): off unless ROSTER_EMULATOR=on. */
export interface EmulatorConfig {
  enabled: boolean;
  /** The control API's own bearer token (ROSTER_EMULATOR_TOKEN); generated at start when unset. */
  token: string | null;
  /** A fixture file loaded at start (ROSTER_EMULATOR_SEED, or roster serve --seed). */
  seedFile: string | null;
}

/** An S3-compatible bucket, addressed path-style: <endpoint>/<bucket>/<prefix><key>. */
export interface S3BlobConfig {
  kind: 's3';
  /** http(s)://host[:port] */
  endpoint: string;
  bucket: string;
  /** Empty, or a folder inside the bucket ending in "/". */
  prefix: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export type BlobConfig = { kind: 'disk'; dir: string } | S3BlobConfig;

const BLOB_URL_FORMAT =
  'must be s3://ACCESS_KEY:SECRET@host[:port]/bucket[/prefix][?region=us-east-1&tls=false] (ACCESS_KEY and SECRET percent-encoded)';

/** ROSTER_BLOB_URL: unset keeps attachments under the data directory; s3://... names a bucket. */
export function parseBlobUrl(raw: string | undefined, dataDir: string): BlobConfig {
  if (raw === undefined) return { kind: 'disk', dir: path.join(dataDir, 'attachments') };
  const parsed = URL.canParse(raw) ? new URL(raw) : null;
  if (!parsed || parsed.protocol !== 's3:' || !parsed.hostname || parsed.hash)
    throw new ConfigError('ROSTER_BLOB_URL', BLOB_URL_FORMAT);
  const [bucket = '', ...rest] = parsed.pathname.replace(/^\/+/, '').split('/');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    throw new ConfigError('ROSTER_BLOB_URL', `names no valid bucket; it ${BLOB_URL_FORMAT}`);
  if (!parsed.username || !parsed.password)
    throw new ConfigError('ROSTER_BLOB_URL', `carries no credentials; it ${BLOB_URL_FORMAT}`);
  for (const name of parsed.searchParams.keys()) {
    if (name !== 'region' && name !== 'tls')
      throw new ConfigError('ROSTER_BLOB_URL', `has an unknown parameter "${name}" (known: region, tls)`);
  }
  const tls = parsed.searchParams.get('tls') ?? 'true';
  if (tls !== 'true' && tls !== 'false') throw new ConfigError('ROSTER_BLOB_URL', 'tls must be true or false');
  const folder = rest.filter((part) => part !== '').join('/');
  return {
    kind: 's3',
    endpoint: `${tls === 'true' ? 'https' : 'http'}://${parsed.host}`,
    bucket,
    prefix: folder === '' ? '' : `${decodeURIComponent(folder)}/`,
    region: parsed.searchParams.get('region') ?? 'us-east-1',
    accessKeyId: decodeURIComponent(parsed.username),
    secretAccessKey: decodeURIComponent(parsed.password),
  };
}

export interface KnowledgeConfig {
  /** Articles an AI Agent may have (ROSTER_KNOWLEDGE_ARTICLE_CAP). */
  articleCap: number;
}

export type ResponderKind = 'none' | 'script' | 'http' | 'knowledge';
const RESPONDER_KINDS: readonly ResponderKind[] = ['none', 'script', 'http', 'knowledge'];

/** Where the AI Agent's replies come from (see src/modules/responder). */
export interface ResponderConfig {
  kind: ResponderKind;
  /** The script responder's JSON file (ROSTER_RESPONDER_SCRIPT), resolved to an absolute path. */
  scriptPath: string | null;
  /** The http responder's URL (ROSTER_RESPONDER_URL). */
  url: string | null;
  /** The http responder must answer within this. */
  timeoutMs: number;
  /** A whsec_ secret the http responder's requests are signed with, as webhooks are; null: unsigned. */
  secret: string | null;
  /** Send the end user's unexpired sensitive metadata to the http responder. */
  includeSensitive: boolean;
  /** What the knowledge responder says when no article answers (ROSTER_KNOWLEDGE_NO_ANSWER). */
  noAnswer: string;
}

export interface WebhookConfig {
  /** Delay before each attempt: [0] before the first, [i] after attempt i failed. */
  retryScheduleMs: number[];
  /** A receiver must answer 2xx within this. */
  timeoutMs: number;
  /** Allow http:// and private, loopback and link-local targets (local use and tests). */
  allowPrivate: boolean;
  /** Parallel deliveries per runner. */
  concurrency: number;
  /** An endpoint failing every attempt for this long is disabled. */
  disableAfterMs: number;
  /** After a rotation, the previous secret keeps signing for this long. */
  secretGraceMs: number;
  /** Events, deliveries and attempts older than this are deleted by the sweeper. */
  retentionMs: number;
  /** Endpoints one AI Agent may have (ROSTER_WEBHOOK_MAX_ENDPOINTS). */
  maxEndpoints: number;
  /** Deliveries of one AI Agent in flight at once, per runner (ROSTER_WEBHOOK_AGENT_CONCURRENCY). */
  agentConcurrency: number;
  /** Deliveries to one endpoint in flight at once, per runner (ROSTER_WEBHOOK_ENDPOINT_CONCURRENCY). */
  endpointConcurrency: number;
}

export interface JobsConfig {
  /** How often a runner looks for due jobs that no wake-up announced. */
  pollIntervalMs: number;
  /** Dead jobs are kept this long, for inspection and `roster jobs retry`. */
  deadRetentionMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function duration(env: Env, name: string, fallback: string, minMs = 1): number {
  const raw = read(env, name) ?? fallback;
  const ms = parseDuration(raw);
  if (ms === null) throw new ConfigError(name, `"${raw}" is not a duration; write it like 500ms, 2s, 5m or 24h`);
  if (ms < minMs) throw new ConfigError(name, `"${raw}" is too short; the minimum is ${minMs}ms`);
  return ms;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `"${raw}" is not a whole number`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `${value} is outside ${min}..${max}`);
  return value;
}

function flag(
  env: Env,
  name: string,
  fallback: boolean,
  on = ['on', 'true', '1', 'yes'],
  off = ['off', 'false', '0', 'no'],
): boolean {
  const raw = read(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (on.includes(raw)) return true;
  if (off.includes(raw)) return false;
  throw new ConfigError(name, `"${raw}" is not one of ${[...on, ...off].join(', ')}`);
}

export const DEFAULT_NO_ANSWER = "Sorry, I couldn't find an answer to that in our help articles.";

/** Failed authentications per client address: 30 a minute, 300 an hour. */
export const DEFAULT_AUTH_FAILURE_LIMIT = '30/1m,300/1h';

export const DEFAULT_RETRY_SCHEDULE = '0s,5s,5m,30m,2h,5h,10h,10h';

/** Parses "0s,5s,5m": the delay before the first attempt, then after each failed attempt. */
export function parseRetrySchedule(name: string, raw: string): number[] {
  const delays = raw.split(',').map((part) => {
    const ms = parseDuration(part);
    if (ms === null)
      throw new ConfigError(
        name,
        `"${part.trim()}" is not a duration; write the schedule like ${DEFAULT_RETRY_SCHEDULE}`,
      );
    return ms;
  });
  if (delays.length > 50) throw new ConfigError(name, `has ${delays.length} attempts; at most 50 are allowed`);
  return delays;
}

function key32(name: string, raw: string): Buffer {
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length !== 32 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) {
    throw new ConfigError(
      name,
      'must be the base64 encoding of exactly 32 bytes (generate one with: openssl rand -base64 32)',
    );
  }
  return bytes;
}

/** Parses "30/1s,300/1m,60000/1d" (the "1" may be left out: "30/s"). */
export function parseRateWindows(name: string, raw: string): RateWindow[] {
  const windows = raw.split(',').map((part) => {
    const match = /^\s*(\d+)\s*\/\s*(\S+)\s*$/.exec(part);
    const durationText = match?.[2] && /^[a-z]/.test(match[2]) ? `1${match[2]}` : match?.[2];
    const durationMs = durationText ? parseDuration(durationText) : null;
    if (!match || durationMs === null || durationMs <= 0 || Number(match[1]) < 1) {
      throw new ConfigError(name, `"${part.trim()}" is not a limit; write limits like 30/1s,300/1m,60000/1d`);
    }
    return { points: Number(match[1]), durationMs };
  });
  return windows.sort((a, b) => a.durationMs - b.durationMs);
}

export interface LoadOptions {
  /**
   * Refuse PostgreSQL without ROSTER_ENCRYPTION_KEY (default). The administration commands touch
   * only agents and key hashes, never encrypted values, so they do without it.
   */
  requireEncryptionKey?: boolean;
}

export function loadConfig(env: Env = process.env, options: LoadOptions = {}): Readonly<Config> {
  const databaseUrl = read(env, 'DATABASE_URL') ?? null;
  if (databaseUrl !== null) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      throw new ConfigError(
        'DATABASE_URL',
        'must start with postgres:// or postgresql:// (leave it unset for the embedded SQLite database)',
      );
    }
  }
  const dataDir = path.resolve(read(env, 'ROSTER_DATA_DIR') ?? './data');

  const bootstrapApiKey = read(env, 'ROSTER_API_KEY') ?? null;
  if (
    bootstrapApiKey !== null &&
    (bootstrapApiKey.length < 20 || bootstrapApiKey.length > 256 || /\s/.test(bootstrapApiKey))
  ) {
    throw new ConfigError('ROSTER_API_KEY', 'must be 20 to 256 characters without spaces');
  }

  const rawKey = read(env, 'ROSTER_ENCRYPTION_KEY');
  const encryptionKey = rawKey === undefined ? null : key32('ROSTER_ENCRYPTION_KEY', rawKey);
  if (databaseUrl !== null && encryptionKey === null && (options.requireEncryptionKey ?? true)) {
    throw new ConfigError(
      'ROSTER_ENCRYPTION_KEY',
      'is required with PostgreSQL, so that every instance encrypts sensitive metadata with the same key (generate one with: openssl rand -base64 32)',
    );
  }
  const previousEncryptionKeys = (read(env, 'ROSTER_ENCRYPTION_PREVIOUS_KEYS') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => key32('ROSTER_ENCRYPTION_PREVIOUS_KEYS', s));

  // ROSTER_RATE_LIMIT_<FAMILY> for any family; the app checks that each names a family it has.
  const overrides: Record<string, RateWindow[]> = {};
  for (const variable of Object.keys(env).sort()) {
    const match = /^ROSTER_RATE_LIMIT_([A-Z0-9_]+)$/.exec(variable);
    const raw = read(env, variable);
    if (match && raw !== undefined) overrides[(match[1] as string).toLowerCase()] = parseRateWindows(variable, raw);
  }

  const logLevel = (read(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.has(logLevel))
    throw new ConfigError('LOG_LEVEL', `"${logLevel}" is not one of ${[...LOG_LEVELS].join(', ')}`);

  const headersTimeoutMs = duration(env, 'ROSTER_HEADERS_TIMEOUT', '10s', 100);
  const requestTimeoutMs = duration(env, 'ROSTER_REQUEST_TIMEOUT', '30s', 100);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      'ROSTER_HEADERS_TIMEOUT',
      `must not be longer than ROSTER_REQUEST_TIMEOUT (${requestTimeoutMs}ms), which covers the headers too`,
    );
  }

  const rawPublicUrl = read(env, 'ROSTER_PUBLIC_URL');
  let publicUrl: string | null = null;
  if (rawPublicUrl !== undefined) {
    const parsed = URL.canParse(rawPublicUrl) ? new URL(rawPublicUrl) : null;
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash || parsed.username) {
      throw new ConfigError(
        'ROSTER_PUBLIC_URL',
        `"${rawPublicUrl}" is not an http:// or https:// URL without query, fragment or credentials, such as https://roster.example.com`,
      );
    }
    publicUrl = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  }
  const metricsMode = (read(env, 'ROSTER_METRICS') ?? 'on').toLowerCase();
  if (metricsMode !== 'on' && metricsMode !== 'off' && metricsMode !== 'token') {
    throw new ConfigError('ROSTER_METRICS', `"${metricsMode}" is not one of on, off, token`);
  }
  const metricsToken = read(env, 'ROSTER_METRICS_TOKEN') ?? null;
  if (metricsMode === 'token' && (metricsToken === null || metricsToken.length < 20 || /\s/.test(metricsToken))) {
    throw new ConfigError(
      'ROSTER_METRICS_TOKEN',
      'is required with ROSTER_METRICS=token: 20 to 256 characters without spaces (generate one with: openssl rand -hex 32)',
    );
  }
  if (metricsToken !== null && metricsToken.length > 256)
    throw new ConfigError('ROSTER_METRICS_TOKEN', 'must be at most 256 characters');

  const redisUrl = read(env, 'REDIS_URL') ?? null;
  if (redisUrl !== null && !/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError('REDIS_URL', 'must start with redis:// or rediss://');

  const rawResponder = (read(env, 'ROSTER_RESPONDER') ?? 'none').toLowerCase();
  const responderKind = RESPONDER_KINDS.find((kind) => kind === rawResponder);
  if (responderKind === undefined) {
    throw new ConfigError('ROSTER_RESPONDER', `"${rawResponder}" is not one of ${RESPONDER_KINDS.join(', ')}`);
  }
  const noAnswer = read(env, 'ROSTER_KNOWLEDGE_NO_ANSWER') ?? DEFAULT_NO_ANSWER;
  if (noAnswer.length > 1_000) throw new ConfigError('ROSTER_KNOWLEDGE_NO_ANSWER', 'must be at most 1,000 characters');
  const scriptPath = read(env, 'ROSTER_RESPONDER_SCRIPT');
  if (responderKind === 'script' && scriptPath === undefined) {
    throw new ConfigError(
      'ROSTER_RESPONDER_SCRIPT',
      'is required with ROSTER_RESPONDER=script: the path of the JSON file of replies',
    );
  }
  const responderUrl = read(env, 'ROSTER_RESPONDER_URL');
  if (responderKind === 'http') {
    if (responderUrl === undefined)
      throw new ConfigError('ROSTER_RESPONDER_URL', 'is required with ROSTER_RESPONDER=http');
    if (!URL.canParse(responderUrl) || !/^https?:$/.test(new URL(responderUrl).protocol)) {
      throw new ConfigError('ROSTER_RESPONDER_URL', `"${responderUrl}" is not an http:// or https:// URL`);
    }
  }
  const responderSecret = read(env, 'ROSTER_RESPONDER_SECRET') ?? null;
  const responderKey = responderSecret === null ? null : signingKeyOf(responderSecret);
  if (responderKey !== null && isWeakSigningKey(responderKey)) {
    throw new ConfigError(
      'ROSTER_RESPONDER_SECRET',
      'repeats too few byte values (all zeros or a pattern) to hold 128 bits of entropy; generate one with: echo whsec_$(openssl rand -base64 32)',
    );
  }
  if (responderSecret !== null && responderKey === null) {
    throw new ConfigError(
      'ROSTER_RESPONDER_SECRET',
      'must be whsec_ followed by base64 of 24 to 64 bytes (generate one with: echo whsec_$(openssl rand -base64 32))',
    );
  }

  const emulatorEnabled = flag(env, 'ROSTER_EMULATOR', false);
  const emulatorToken = read(env, 'ROSTER_EMULATOR_TOKEN') ?? null;
  if (emulatorToken !== null && (emulatorToken.length < 20 || emulatorToken.length > 256 || /\s/.test(emulatorToken)))
    throw new ConfigError('ROSTER_EMULATOR_TOKEN', 'must be 20 to 256 characters without spaces');
  const seedFile = read(env, 'ROSTER_EMULATOR_SEED') ?? null;
  if (seedFile !== null && !emulatorEnabled)
    throw new ConfigError(
      'ROSTER_EMULATOR_SEED',
      'loads a fixture only in the emulator mode: set ROSTER_EMULATOR=on too',
    );

  const config: Config = {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: read(env, 'HOST') ?? '127.0.0.1',
    databaseUrl,
    dataDir,
    sqlitePath: path.join(dataDir, 'roster.db'),
    databasePoolSize: integer(env, 'ROSTER_DATABASE_POOL_SIZE', 10, 1, 500),
    sqliteReaders: integer(env, 'ROSTER_SQLITE_READERS', defaultReaders(), 0, 64),
    bootstrapApiKey,
    rateLimits: { enabled: flag(env, 'ROSTER_RATE_LIMITS', true), overrides },
    redisUrl,
    unattachedEndUserTtlMs: duration(env, 'ROSTER_UNATTACHED_END_USER_TTL', '24h'),
    sensitiveMetadataTtlMs: duration(env, 'ROSTER_SENSITIVE_METADATA_TTL', '24h'),
    sweepIntervalMs: duration(env, 'ROSTER_SWEEP_INTERVAL', '1m', 10),
    erasureCooldownMs: duration(env, 'ROSTER_ERASURE_COOLDOWN', '7d', 0),
    encryptionKey,
    previousEncryptionKeys,
    logLevel,
    trustProxy: flag(env, 'ROSTER_TRUST_PROXY', false),
    publicUrl,
    metrics: { mode: metricsMode, token: metricsMode === 'token' ? metricsToken : null },
    authFailureLimit: parseRateWindows(
      'ROSTER_AUTH_FAILURE_LIMIT',
      read(env, 'ROSTER_AUTH_FAILURE_LIMIT') ?? DEFAULT_AUTH_FAILURE_LIMIT,
    ),
    sensitiveMaxKeys: integer(env, 'ROSTER_SENSITIVE_MAX_KEYS', 100, 1, 10_000),
    shutdownTimeoutMs: duration(env, 'ROSTER_SHUTDOWN_TIMEOUT', '10s'),
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: duration(env, 'ROSTER_KEEP_ALIVE_TIMEOUT', '5s', 100),
    // ROSTER_WEBHOOK_WORKER and ROSTER_WEBHOOK_POLL_INTERVAL are the names these had when the
    // runner delivered webhooks only; they still work.
    worker: flag(env, read(env, 'ROSTER_WORKER') === undefined ? 'ROSTER_WEBHOOK_WORKER' : 'ROSTER_WORKER', true),
    jobs: {
      pollIntervalMs: duration(
        env,
        read(env, 'ROSTER_JOBS_POLL_INTERVAL') === undefined
          ? 'ROSTER_WEBHOOK_POLL_INTERVAL'
          : 'ROSTER_JOBS_POLL_INTERVAL',
        '1s',
        10,
      ),
      deadRetentionMs: duration(env, 'ROSTER_JOBS_DEAD_RETENTION', '30d', 1_000),
    },
    webhooks: {
      retryScheduleMs: parseRetrySchedule(
        'ROSTER_WEBHOOK_RETRY_SCHEDULE',
        read(env, 'ROSTER_WEBHOOK_RETRY_SCHEDULE') ?? DEFAULT_RETRY_SCHEDULE,
      ),
      timeoutMs: duration(env, 'ROSTER_WEBHOOK_TIMEOUT', '15s', 10),
      allowPrivate: flag(env, 'ROSTER_WEBHOOK_ALLOW_PRIVATE', false),
      concurrency: integer(env, 'ROSTER_WEBHOOK_CONCURRENCY', 16, 1, 1000),
      disableAfterMs: duration(env, 'ROSTER_WEBHOOK_DISABLE_AFTER', '5d'),
      secretGraceMs: duration(env, 'ROSTER_WEBHOOK_SECRET_GRACE', '24h', 0),
      retentionMs: duration(env, 'ROSTER_WEBHOOK_RETENTION', '30d', 1_000),
      maxEndpoints: integer(env, 'ROSTER_WEBHOOK_MAX_ENDPOINTS', 50, 1, 100_000),
      agentConcurrency: integer(env, 'ROSTER_WEBHOOK_AGENT_CONCURRENCY', 4, 1, 1000),
      endpointConcurrency: integer(env, 'ROSTER_WEBHOOK_ENDPOINT_CONCURRENCY', 2, 1, 1000),
    },
    channelDailyLimit: integer(env, 'ROSTER_CHANNEL_DAILY_LIMIT', 100, 0, 1_000_000),
    emailAddresses: emailAddresses(env),
    responder: {
      kind: responderKind,
      scriptPath: scriptPath === undefined ? null : path.resolve(scriptPath),
      url: responderKind === 'http' ? (responderUrl as string) : null,
      timeoutMs: duration(env, 'ROSTER_RESPONDER_TIMEOUT', '10s', 10),
      secret: responderSecret,
      includeSensitive: flag(env, 'ROSTER_RESPONDER_SENSITIVE', false),
      noAnswer,
    },
    blobs: parseBlobUrl(read(env, 'ROSTER_BLOB_URL'), dataDir),
    knowledge: { articleCap: integer(env, 'ROSTER_KNOWLEDGE_ARTICLE_CAP', 50_000, 1, 100_000_000) },
    console: flag(env, 'ROSTER_CONSOLE', false),
    emulator: {
      enabled: emulatorEnabled,
      token: emulatorToken,
      seedFile: seedFile === null ? null : path.resolve(seedFile),
    },
  };
  return Object.freeze(config);
}

/** ROSTER_EMAIL_ADDRESSES: comma-separated addresses (your own domains), each name@domain. */
function emailAddresses(env: Record<string, string | undefined>): readonly string[] {
  const raw = read(env, 'ROSTER_EMAIL_ADDRESSES');
  if (raw === undefined) return Object.freeze([]);
  const list = raw
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter((a) => a !== '');
  for (const address of list) {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address) || address.length > 320)
      throw new ConfigError('ROSTER_EMAIL_ADDRESSES', `"${address}" is not an email address`);
  }
  return Object.freeze(list);
}
