import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_NO_ANSWER, loadConfig, parseRateWindows } from './config.js';

const KEY = Buffer.alloc(32, 9).toString('base64');
const PG = 'postgres://postgres@127.0.0.1:5432/roster';

/** Runs loadConfig and returns the ConfigError it throws (failing when it does not throw one). */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig defaults', () => {
  const config = loadConfig({});

  it('listens on 127.0.0.1:8080 with SQLite in ./data', () => {
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBeNull();
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.sqlitePath).toBe(path.join(path.resolve('./data'), 'roster.db'));
  });

  it("has Ada's rate limits on, no Redis, no bootstrap key", () => {
    expect(config.rateLimits.enabled).toBe(true);
    expect(config.rateLimits.overrides).toEqual({});
    expect(config.redisUrl).toBeNull();
    expect(config.bootstrapApiKey).toBeNull();
  });

  it('has the documented time limits', () => {
    expect(config.unattachedEndUserTtlMs).toBe(86_400_000);
    expect(config.sensitiveMetadataTtlMs).toBe(86_400_000);
    expect(config.sweepIntervalMs).toBe(60_000);
    expect(config.shutdownTimeoutMs).toBe(10_000);
  });

  it('has the remaining defaults', () => {
    expect(config.encryptionKey).toBeNull();
    expect(config.previousEncryptionKeys).toEqual([]);
    expect(config.logLevel).toBe('info');
    expect(config.trustProxy).toBe(false);
    expect(config.databasePoolSize).toBe(10);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats empty and blank variables as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '   ', DATABASE_URL: '' }).port).toBe(8080);
  });
});

describe('loadConfig reads', () => {
  it('every variable when valid', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: PG,
      ROSTER_DATA_DIR: '/tmp/roster-x',
      ROSTER_DATABASE_POOL_SIZE: '3',
      ROSTER_SQLITE_READERS: '0',
      ROSTER_API_KEY: 'a-very-long-bootstrap-key-123',
      ROSTER_RATE_LIMITS: 'off',
      ROSTER_RATE_LIMIT_END_USERS: '5/s,100/1d',
      REDIS_URL: 'redis://127.0.0.1:6379',
      ROSTER_UNATTACHED_END_USER_TTL: '2s',
      ROSTER_SENSITIVE_METADATA_TTL: '1h30m',
      ROSTER_SWEEP_INTERVAL: '500ms',
      ROSTER_ENCRYPTION_KEY: KEY,
      ROSTER_ENCRYPTION_PREVIOUS_KEYS: `${Buffer.alloc(32, 1).toString('base64')}, ${Buffer.alloc(32, 2).toString('base64')}`,
      LOG_LEVEL: 'DEBUG',
      ROSTER_TRUST_PROXY: 'yes',
      ROSTER_SHUTDOWN_TIMEOUT: '30s',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      databaseUrl: PG,
      dataDir: '/tmp/roster-x',
      databasePoolSize: 3,
      sqliteReaders: 0,
      bootstrapApiKey: 'a-very-long-bootstrap-key-123',
      redisUrl: 'redis://127.0.0.1:6379',
      unattachedEndUserTtlMs: 2_000,
      sensitiveMetadataTtlMs: 5_400_000,
      sweepIntervalMs: 500,
      logLevel: 'debug',
      trustProxy: true,
      shutdownTimeoutMs: 30_000,
    });
    expect(config.rateLimits.enabled).toBe(false);
    expect(config.rateLimits.overrides).toEqual({
      end_users: [
        { points: 5, durationMs: 1_000 },
        { points: 100, durationMs: 86_400_000 },
      ],
    });
    expect(config.encryptionKey).toEqual(Buffer.alloc(32, 9));
    expect(config.previousEncryptionKeys).toEqual([Buffer.alloc(32, 1), Buffer.alloc(32, 2)]);
  });

  it('SQLite reader threads: one per core, at most four, by default', () => {
    expect(loadConfig({}).sqliteReaders).toBe(Math.min(4, os.availableParallelism()));
  });

  it('postgresql:// as well as postgres://', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/roster', ROSTER_ENCRYPTION_KEY: KEY }).databaseUrl).toBe(
      'postgresql://db/roster',
    );
  });

  it('base64url encryption keys', () => {
    const material = Buffer.alloc(32, 0xfb);
    expect(loadConfig({ ROSTER_ENCRYPTION_KEY: material.toString('base64url') }).encryptionKey).toEqual(material);
  });
});

describe('loadConfig rejects, naming the variable', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '-1'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'mysql://db/roster'],
    ['DATABASE_URL', '/var/lib/roster.db'],
    ['ROSTER_DATABASE_POOL_SIZE', '0'],
    ['ROSTER_SQLITE_READERS', '-1'],
    ['ROSTER_SQLITE_READERS', '65'],
    ['ROSTER_SQLITE_READERS', 'many'],
    ['ROSTER_API_KEY', 'short'],
    ['ROSTER_API_KEY', 'has spaces in the middle of it'],
    ['ROSTER_API_KEY', 'x'.repeat(257)],
    ['ROSTER_RATE_LIMITS', 'maybe'],
    ['ROSTER_RATE_LIMIT_END_USERS', 'abc'],
    ['ROSTER_RATE_LIMIT_END_USERS', '30/1s,'],
    ['ROSTER_RATE_LIMIT_CONVERSATIONS', '0/1s'],
    ['ROSTER_RATE_LIMIT_DEFAULT', '10/0s'],
    ['ROSTER_RATE_LIMIT_DEFAULT', '10/fortnight'],
    ['REDIS_URL', 'localhost:6379'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['ROSTER_UNATTACHED_END_USER_TTL', 'tomorrow'],
    ['ROSTER_UNATTACHED_END_USER_TTL', '0'],
    ['ROSTER_SENSITIVE_METADATA_TTL', '24'],
    ['ROSTER_SWEEP_INTERVAL', 'soon'],
    ['ROSTER_SWEEP_INTERVAL', '5ms'],
    ['ROSTER_SHUTDOWN_TIMEOUT', '-1s'],
    ['ROSTER_ENCRYPTION_KEY', Buffer.alloc(16).toString('base64')],
    ['ROSTER_ENCRYPTION_KEY', Buffer.alloc(33).toString('base64')],
    ['ROSTER_ENCRYPTION_KEY', 'not base64 at all!!'],
    ['ROSTER_ENCRYPTION_PREVIOUS_KEYS', `${KEY},short`],
    ['LOG_LEVEL', 'verbose'],
    ['ROSTER_TRUST_PROXY', 'sometimes'],
  ])('%s=%j', (variable, value) => {
    const error = configError({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
  });

  it('quotes the bad value where it is not a secret', () => {
    expect(configError({ PORT: 'abc' }).message).toContain('"abc"');
    expect(configError({ ROSTER_SWEEP_INTERVAL: 'soon' }).message).toContain('"soon"');
    expect(configError({ ROSTER_RATE_LIMITS: 'maybe' }).message).toContain('"maybe"');
  });

  it('never echoes a rejected ROSTER_API_KEY or encryption key', () => {
    const apiKey = 'has spaces in the middle of it';
    expect(configError({ ROSTER_API_KEY: apiKey }).message).not.toContain(apiKey);
    const short = Buffer.alloc(16, 5).toString('base64');
    expect(configError({ ROSTER_ENCRYPTION_KEY: short }).message).not.toContain(short);
  });

  it('requires ROSTER_ENCRYPTION_KEY with PostgreSQL', () => {
    const error = configError({ DATABASE_URL: PG });
    expect(error.variable).toBe('ROSTER_ENCRYPTION_KEY');
    expect(error.message).toMatch(/PostgreSQL/);
    expect(loadConfig({ DATABASE_URL: PG, ROSTER_ENCRYPTION_KEY: KEY }).databaseUrl).toBe(PG);
  });
});

describe('parseRateWindows', () => {
  it('sorts windows from shortest to longest', () => {
    expect(parseRateWindows('X', '60000/1d, 30/1s ,300/1m')).toEqual([
      { points: 30, durationMs: 1_000 },
      { points: 300, durationMs: 60_000 },
      { points: 60_000, durationMs: 86_400_000 },
    ]);
  });

  it('reads "30/s" as "30/1s" and accepts compound durations', () => {
    expect(parseRateWindows('X', '30/s')).toEqual([{ points: 30, durationMs: 1_000 }]);
    expect(parseRateWindows('X', '7/1h30m')).toEqual([{ points: 7, durationMs: 5_400_000 }]);
  });

  it.each(['', 'abc', '30', '/1s', '30/', '30/1x', '0/1s', '30/0', '-5/1s', '30/1s;300/1m'])('rejects %j', (raw) => {
    expect(() => parseRateWindows('ROSTER_RATE_LIMIT_DEFAULT', raw)).toThrow(ConfigError);
    expect(() => parseRateWindows('ROSTER_RATE_LIMIT_DEFAULT', raw)).toThrow(/^ROSTER_RATE_LIMIT_DEFAULT: /);
  });
});

describe('channel limit and responder settings', () => {
  it('defaults to 100 channels a day and no responder', () => {
    const config = loadConfig({});
    expect(config.channelDailyLimit).toBe(100);
    expect(config.responder).toEqual({
      kind: 'none',
      scriptPath: null,
      url: null,
      timeoutMs: 10_000,
      secret: null,
      includeSensitive: false,
      noAnswer: DEFAULT_NO_ANSWER,
    });
    expect(loadConfig({ ROSTER_CHANNEL_DAILY_LIMIT: '0' }).channelDailyLimit).toBe(0);
  });

  it('reads the script and http responders', () => {
    expect(
      loadConfig({ ROSTER_RESPONDER: 'script', ROSTER_RESPONDER_SCRIPT: 'examples/responder-script.json' }).responder,
    ).toMatchObject({
      kind: 'script',
      scriptPath: path.resolve('examples/responder-script.json'),
    });
    const secret = `whsec_${Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 1)).toString('base64')}`;
    const http = loadConfig({
      ROSTER_RESPONDER: 'HTTP',
      ROSTER_RESPONDER_URL: 'https://agent.example.com/turn',
      ROSTER_RESPONDER_TIMEOUT: '3s',
      ROSTER_RESPONDER_SECRET: secret,
      ROSTER_RESPONDER_SENSITIVE: 'on',
    }).responder;
    expect(http).toEqual({
      kind: 'http',
      scriptPath: null,
      url: 'https://agent.example.com/turn',
      timeoutMs: 3_000,
      secret,
      includeSensitive: true,
      noAnswer: DEFAULT_NO_ANSWER,
    });
  });

  it('reads the knowledge responder, its no-answer sentence and the article cap', () => {
    expect(loadConfig({}).knowledge).toEqual({ articleCap: 50_000 });
    const config = loadConfig({
      ROSTER_RESPONDER: 'Knowledge',
      ROSTER_KNOWLEDGE_NO_ANSWER: '  Nothing on that, sorry.  ',
      ROSTER_KNOWLEDGE_ARTICLE_CAP: '120',
    });
    expect(config.responder).toMatchObject({ kind: 'knowledge', noAnswer: 'Nothing on that, sorry.' });
    expect(config.knowledge.articleCap).toBe(120);
    expect(() => loadConfig({ ROSTER_KNOWLEDGE_ARTICLE_CAP: '0' })).toThrow(/^ROSTER_KNOWLEDGE_ARTICLE_CAP: /);
    expect(() => loadConfig({ ROSTER_KNOWLEDGE_ARTICLE_CAP: 'many' })).toThrow(/^ROSTER_KNOWLEDGE_ARTICLE_CAP: /);
    expect(() => loadConfig({ ROSTER_KNOWLEDGE_NO_ANSWER: 'x'.repeat(1_001) })).toThrow(
      /^ROSTER_KNOWLEDGE_NO_ANSWER: /,
    );
  });

  it.each([
    [{ ROSTER_RESPONDER: 'gpt' }, 'ROSTER_RESPONDER'],
    [{ ROSTER_RESPONDER: 'script' }, 'ROSTER_RESPONDER_SCRIPT'],
    [{ ROSTER_RESPONDER: 'http' }, 'ROSTER_RESPONDER_URL'],
    [{ ROSTER_RESPONDER: 'http', ROSTER_RESPONDER_URL: 'ftp://x.example.com' }, 'ROSTER_RESPONDER_URL'],
    [{ ROSTER_RESPONDER: 'http', ROSTER_RESPONDER_URL: 'not a url' }, 'ROSTER_RESPONDER_URL'],
    [{ ROSTER_RESPONDER_SECRET: 'whsec_short' }, 'ROSTER_RESPONDER_SECRET'],
    [{ ROSTER_RESPONDER_SECRET: `whsec_${Buffer.alloc(32).toString('base64')}` }, 'ROSTER_RESPONDER_SECRET'],
    [{ ROSTER_METRICS: 'sometimes' }, 'ROSTER_METRICS'],
    [{ ROSTER_METRICS: 'token' }, 'ROSTER_METRICS_TOKEN'],
    [{ ROSTER_PUBLIC_URL: 'roster.example.com' }, 'ROSTER_PUBLIC_URL'],
    [{ ROSTER_PUBLIC_URL: 'https://roster.example.com/?x=1' }, 'ROSTER_PUBLIC_URL'],
    [{ ROSTER_WEBHOOK_MAX_ENDPOINTS: '0' }, 'ROSTER_WEBHOOK_MAX_ENDPOINTS'],
    [{ ROSTER_SENSITIVE_MAX_KEYS: 'many' }, 'ROSTER_SENSITIVE_MAX_KEYS'],
    [{ ROSTER_AUTH_FAILURE_LIMIT: '10' }, 'ROSTER_AUTH_FAILURE_LIMIT'],
    [{ ROSTER_RESPONDER_SECRET: `whsec_${Buffer.alloc(65, 1).toString('base64')}` }, 'ROSTER_RESPONDER_SECRET'],
    [{ ROSTER_CHANNEL_DAILY_LIMIT: '-1' }, 'ROSTER_CHANNEL_DAILY_LIMIT'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(configError(env as Record<string, string>).variable).toBe(variable);
  });
});
