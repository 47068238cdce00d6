// Webhooks: the management API (Ada's) with Roster's delivery log and replay, the outbox every
// unit of work records its events through, the delivery jobs and the retention purge.
import { defineModule } from '../../platform/manifest.js';
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
  build({ db, clock, keyring, units, config, log, metrics, eventTypes }) {
    const store = createWebhooksStore(db);
    const optIn = new Set(eventTypes().flatMap((e) => (e.optIn ? [e.name] : [])));
    const service = createWebhooksService({ store, keyring, clock, config: config.webhooks, units, eventTypes });
    const sender = createSender({
      timeoutMs: config.webhooks.timeoutMs,
      allowPrivate: config.webhooks.allowPrivate,
      maxSockets: config.webhooks.concurrency,
    });
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
      async close() {
        sender.close();
      },
    };
  },
});
