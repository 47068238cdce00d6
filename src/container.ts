// The one wiring place: opens the database, builds the keyring, stores and services from the
// configuration. The server, the CLI, the tests and the benchmarks all start here.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Config } from './config.js';
import { createDb, type Db } from './db/dialect.js';
import { ensureDataDir } from './db/data-dir.js';
import { migrateToLatest } from './db/migrate.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createKeyring, encryptionKeyFrom, type Keyring } from './lib/crypto.js';
import { createAgentsService } from './modules/agents/agents.service.js';
import { createAgentsStore } from './modules/agents/agents.store.js';
import { createEndUsersService } from './modules/end-users/end-users.service.js';
import { createEndUsersStore } from './modules/end-users/end-users.store.js';
import { createOutbox, type Outbox } from './modules/events/events.outbox.js';
import { createSignal, type Signal } from './lib/signal.js';
import { createChannelsService } from './modules/channels/channels.service.js';
import { createChannelsStore } from './modules/channels/channels.store.js';
import { createConversationsService } from './modules/conversations/conversations.service.js';
import { createMessagesService } from './modules/conversations/messages.service.js';
import { createConversationsStore } from './modules/conversations/conversations.store.js';
import { createResponderRunner, type ResponderRunner } from './modules/conversations/responder-runner.js';
import { createResponder } from './modules/responder/responder.js';
import { createWebhooksService } from './modules/webhooks/webhooks.service.js';
import { createWebhooksStore } from './modules/webhooks/webhooks.store.js';

export const KEY_FILE_NAME = 'encryption.key';

/**
 * With SQLite and no ROSTER_ENCRYPTION_KEY, the key is generated once into the data directory
 * (mode 0600) and read back on later starts, so a zero-setup start still encrypts at rest.
 */
export function resolveEncryptionKey(config: Pick<Config, 'encryptionKey' | 'dataDir' | 'engine'>): Buffer {
  if (config.encryptionKey) return config.encryptionKey;
  if (config.engine !== 'sqlite') throw new Error('ROSTER_ENCRYPTION_KEY is required with PostgreSQL');
  const file = path.join(config.dataDir, KEY_FILE_NAME);
  ensureDataDir(config.dataDir);
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32)
    throw new Error(`${file} does not hold a base64 32-byte key; restore it or remove it together with the database`);
  return key;
}

export interface Container {
  config: Readonly<Config>;
  db: Db;
  clock: Clock;
  keyring: Keyring;
  redis: Redis | null;
  /** Notified after events with deliveries commit; the delivery worker listens. */
  deliverySignal: Signal;
  outbox: Outbox;
  /** Asks the responder for the AI Agent's replies after conversation turns commit. */
  responderRunner: ResponderRunner;
  stores: {
    agents: ReturnType<typeof createAgentsStore>;
    endUsers: ReturnType<typeof createEndUsersStore>;
    webhooks: ReturnType<typeof createWebhooksStore>;
    channels: ReturnType<typeof createChannelsStore>;
    conversations: ReturnType<typeof createConversationsStore>;
  };
  services: {
    agents: ReturnType<typeof createAgentsService>;
    endUsers: ReturnType<typeof createEndUsersService>;
    webhooks: ReturnType<typeof createWebhooksService>;
    channels: ReturnType<typeof createChannelsService>;
    conversations: ReturnType<typeof createConversationsService>;
    messages: ReturnType<typeof createMessagesService>;
  };
  close(): Promise<void>;
}

export interface ContainerOptions {
  clock?: Clock;
  /** Run pending migrations before returning (default true). */
  migrate?: boolean;
  /** Connect to Redis when REDIS_URL is set (default true; the CLI does not need it). */
  redis?: boolean;
}

export async function createContainer(config: Readonly<Config>, options: ContainerOptions = {}): Promise<Container> {
  const clock = options.clock ?? systemClock;
  const keyring = createKeyring(
    encryptionKeyFrom(resolveEncryptionKey(config)),
    config.previousEncryptionKeys.map(encryptionKeyFrom),
  );
  const db = createDb(config);
  try {
    if (options.migrate ?? true) await migrateToLatest(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const redis =
    config.redisUrl && (options.redis ?? true)
      ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false })
      : null;
  redis?.on('error', () => {});

  const agentsStore = createAgentsStore(db);
  const endUsersStore = createEndUsersStore(db);
  const webhooksStore = createWebhooksStore(db);
  const deliverySignal = createSignal();
  const outbox = createOutbox({
    db,
    clock,
    signal: deliverySignal,
    firstAttemptDelayMs: config.webhooks.retryScheduleMs[0] ?? 0,
  });
  const channelsStore = createChannelsStore(db);
  const conversationsStore = createConversationsStore(db);
  const endUsers = createEndUsersService({
    store: endUsersStore,
    outbox,
    keyring,
    clock,
    sensitiveTtlMs: config.sensitiveMetadataTtlMs,
  });
  const messages = createMessagesService({ store: conversationsStore, channels: channelsStore, outbox, clock });
  const responderRunner = createResponderRunner({
    responder: createResponder(config.responder),
    conversations: conversationsStore,
    channels: channelsStore,
    endUsers: endUsersStore,
    readSensitive: endUsers.readSensitive,
    messages,
  });
  const conversations = createConversationsService({
    store: conversationsStore,
    channels: channelsStore,
    endUsers: endUsersStore,
    outbox,
    clock,
    runner: responderRunner,
  });
  messages.onEndUserMessage(responderRunner.enqueue);
  return {
    config,
    db,
    clock,
    keyring,
    redis,
    deliverySignal,
    outbox,
    responderRunner,
    stores: {
      agents: agentsStore,
      endUsers: endUsersStore,
      webhooks: webhooksStore,
      channels: channelsStore,
      conversations: conversationsStore,
    },
    services: {
      agents: createAgentsService({ store: agentsStore, clock }),
      endUsers,
      webhooks: createWebhooksService({
        store: webhooksStore,
        keyring,
        clock,
        config: config.webhooks,
        signal: deliverySignal,
      }),
      channels: createChannelsService({ store: channelsStore, clock, dailyLimit: config.channelDailyLimit }),
      conversations,
      messages,
    },
    async close() {
      await responderRunner.stop();
      redis?.disconnect();
      await db.close();
    },
  };
}
