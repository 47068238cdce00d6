// Webhooks: the management API (Ada's) with Roster's delivery log and replay, the outbox every
// unit of work records its events through, the delivery jobs and the retention purge.
import { defineModule } from '../../platform/manifest.js';
import * as m0016 from './migrations/0016_webhook_channels.js';
import { deliveryJob } from './webhooks.delivery.js';
import { webhooksDocs } from './webhooks.docs.js';
import { createOutbox } from './webhooks.outbox.js';
import { purgeJob } from './webhooks.purge.js';
import { webhooksRoutes } from './webhooks.routes.js';
import { createSender } from './webhooks.sender.js';
import { createWebhooksService, type WebhooksService } from './webhooks.service.js';
import { createWebhooksStore, type WebhooksStore } from './webhooks.store.js';

declare module '../../platform/manifest.js' {
  interface ModuleRegistry {
    webhooks: { store: WebhooksStore; service: WebhooksService };
  }
}

export const webhooksModule = defineModule({
  name: 'webhooks',
  // The module's tables came with the platform's 0002_webhooks; later changes are its own.
  migrations: { '0016_webhook_channels': m0016 },
  testDouble: {
    tables: ['webhook_attempts', 'events', 'webhooks'],
    fixtures: { webhooks: (item, api) => api.post('/api/v2/webhooks/', item) },
  },
  build({ db, clock, keyring, units, config, log, metrics, eventTypes, testDouble }) {
    const store = createWebhooksStore(db);
    // Sent only to endpoints that name them: Roster's extension types and Ada's opt-in ones (the audit log).
    const optIn = new Set(eventTypes().flatMap((e) => (e.optIn || e.extension ? [e.name] : [])));
    const service = createWebhooksService({
      store,
      keyring,
      clock,
      config: config.webhooks,
      units,
      eventTypes,
      acceptsUrl: testDouble?.acceptsUrl,
    });
    const network = createSender({
      timeoutMs: config.webhooks.timeoutMs,
      allowPrivate: config.webhooks.allowPrivate,
      maxSockets: config.webhooks.concurrency,
    });
    // In the test-double mode the emulator answers deliveries to its inboxes and injected faults.
    const sender: typeof network = testDouble
      ? { ...network, send: async (request) => (await testDouble.interceptWebhook(request)) ?? network.send(request) }
      : network;
    return {
      exports: { store, service },
      routes: webhooksRoutes(service),
      docs: webhooksDocs(eventTypes()),
      sinks: [
        createOutbox({
          store,
          firstAttemptDelayMs: config.webhooks.retryScheduleMs[0] ?? 0,
          optIn: () => optIn,
        }),
      ],
      jobs: [
        deliveryJob({ store, sender, keyring, clock, config: config.webhooks, log, metrics }),
        purgeJob({ store, clock, retentionMs: config.webhooks.retentionMs }),
      ],
      async forget(unit, agentId, endUserIds) {
        await store.forgetEndUsers(agentId, endUserIds, unit.ex);
      },
      async close() {
        sender.close();
      },
    };
  },
});
