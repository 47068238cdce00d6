// The Webhook management rules: endpoint URLs and event filters are checked on every write,
// signing secrets are generated, sealed at rest and rotated with a grace period, and past events
// can be queued again (replay). No HTTP, no SQL.
import { presentWebhook } from './webhooks.presenter.js';
import type { WebhookConfig } from '../../config.js';
import type { Clock } from '../../lib/clock.js';
import type { Keyring } from '../../lib/crypto.js';
import { AppError, fieldError, notFound, validationError, type ValidationDetail } from '../../lib/errors.js';
import { newId, normalizeId } from '../../lib/ids.js';
import { pageOf, type Page } from '../../lib/page.js';
import type { EventDefinition } from '../../platform/events.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import { replayEvents, replayWindow } from './webhooks.replay.js';
import type { CreateWebhookBody, PatchWebhookBody, ReplayBody, RotateSecretBody } from './webhooks.schemas.js';
import {
  SECRET_PREFIX,
  SIGNING_KEY_MIN_DISTINCT_BYTES,
  generateSigningSecret,
  isWeakSigningKey,
  secretAad,
  signingKeyOf,
} from './webhooks.signing.js';
import {
  DELIVERY_KIND,
  type Webhook,
  type WebhookAttempt,
  type WebhookChanges,
  type WebhooksStore,
} from './webhooks.store.js';
import { endpointUrlProblem } from './webhooks.url.js';

export interface WebhooksServiceDeps {
  store: WebhooksStore;
  keyring: Keyring;
  clock: Clock;
  config: Pick<WebhookConfig, 'allowPrivate' | 'secretGraceMs' | 'maxEndpoints'>;
  units: UnitOfWork;
  /** Every event type the modules define. */
  eventTypes(): readonly EventDefinition[];
  /** URLs accepted whatever their scheme and address (the test-double mode's inboxes). */
  acceptsUrl?: ((url: string) => boolean) | undefined;
}

/** First occurrence of each name, in the order sent. */
function distinct(names: string[]): string[] {
  return [...new Set(names)];
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

export function createWebhooksService(deps: WebhooksServiceDeps) {
  const { store, keyring, clock, config, units } = deps;
  const known = () => new Set(deps.eventTypes().map((t) => t.name as string));

  /** Refuses, all at once, every problem the schema cannot see: the URL's target and unknown event types. */
  function checkFields(body: { url?: string; event_filters?: string[] }): void {
    const details: ValidationDetail[] = [];
    if (body.url !== undefined) {
      const problem = deps.acceptsUrl?.(body.url) ? null : endpointUrlProblem(body.url, config.allowPrivate);
      if (problem !== null) details.push({ parameter: '$.url', location: 'body', message: problem });
    }
    const names = known();
    body.event_filters?.forEach((name, i) => {
      if (!names.has(name)) {
        details.push({
          parameter: `$.event_filters[${i}]`,
          location: 'body',
          message: `names ${JSON.stringify(name)}, which is not an event type; the event types are ${[...names].join(', ')}`,
        });
      }
    });
    if (details.length > 0) throw validationError(details);
  }

  function idOrNotFound(rawId: string): string {
    const id = normalizeId(rawId);
    if (id === null) throw notFound(`Webhook "${rawId}"`);
    return id;
  }

  async function requireWebhook(agentId: string, rawId: string): Promise<Webhook> {
    const webhook = await store.findById(agentId, idOrNotFound(rawId));
    if (!webhook) throw notFound(`Webhook "${rawId}"`);
    return webhook;
  }

  /** Who a change of this endpoint is about, for the audit log. */
  const audited = (webhook: Webhook) => ({
    agentId: webhook.agentId,
    entityType: 'webhook',
    entityId: webhook.id,
    entityName: webhook.url,
  });

  return {
    async create(agentId: string, body: CreateWebhookBody): Promise<Webhook> {
      checkFields(body);
      const now = clock.now();
      const id = newId(now, agentId);
      const webhook: Webhook = {
        id,
        agentId,
        url: body.url,
        description: body.description ?? '',
        eventFilters: distinct(body.event_filters ?? []),
        channels: distinct(body.channels ?? []),
        enabled: body.enabled ?? true,
        secret: keyring.seal(generateSigningSecret(), secretAad(agentId, id)),
        previousSecret: null,
        previousSecretExpiresAt: null,
        failingSince: null,
        createdAt: now,
        updatedAt: now,
      };
      // Counting and inserting with the agent locked keeps concurrent creations within the cap.
      await units.transaction(async (unit) => {
        await store.lockAgent(agentId, unit.ex);
        const count = await store.countEndpoints(agentId, unit.ex);
        if (count >= config.maxEndpoints) {
          throw new AppError(
            'unprocessable',
            `This AI Agent already has ${count.toLocaleString('en-US')} webhook endpoints; at most ${config.maxEndpoints.toLocaleString('en-US')} are allowed. Delete one before creating another.`,
            { cap: config.maxEndpoints },
          );
        }
        await store.insert(webhook, unit.ex);
        unit.change({ ...audited(webhook), activity: 'created', before: null, after: presentWebhook(webhook) });
      });
      return webhook;
    },

    get: requireWebhook,

    async list(agentId: string, cursor: string | null, limit: number): Promise<Page<Webhook>> {
      return pageOf(await store.list(agentId, cursor, limit + 1), limit);
    },

    /** Writes only the fields sent, and only when they differ; updated_at moves only then. */
    async update(agentId: string, rawId: string, body: PatchWebhookBody): Promise<Webhook> {
      const id = idOrNotFound(rawId);
      checkFields(body);
      return units.transaction(async (unit) => {
        const current = await store.findByIdForUpdate(agentId, id, unit.ex);
        if (!current) throw notFound(`Webhook "${rawId}"`);
        const fields: Omit<WebhookChanges, 'updatedAt'> = {};
        if (body.url !== undefined && body.url !== current.url) fields.url = body.url;
        if (body.description !== undefined && body.description !== current.description)
          fields.description = body.description;
        if (body.event_filters !== undefined) {
          const filters = distinct(body.event_filters);
          if (!sameList(filters, current.eventFilters)) fields.eventFilters = filters;
        }
        if (body.channels !== undefined) {
          const channels = distinct(body.channels);
          if (!sameList(channels, current.channels)) fields.channels = channels;
        }
        if (body.enabled !== undefined && body.enabled !== current.enabled) {
          fields.enabled = body.enabled;
          // Re-enabled by hand: the failures that disabled it no longer count towards disabling it again.
          if (body.enabled) fields.failingSince = null;
        }
        if (Object.keys(fields).length === 0) return current;
        const changes: WebhookChanges = { ...fields, updatedAt: clock.now() };
        await store.update(agentId, id, changes, unit.ex);
        // Deliveries held back while it was disabled go out now.
        if (changes.enabled === true) await unit.resumeGroup(DELIVERY_KIND, id);
        const next = { ...current, ...changes };
        unit.change({
          ...audited(next),
          activity: 'updated',
          before: presentWebhook(current),
          after: presentWebhook(next),
        });
        return next;
      });
    },

    async delete(agentId: string, rawId: string): Promise<void> {
      const id = idOrNotFound(rawId);
      await units.transaction(async (unit) => {
        const current = await store.findByIdForUpdate(agentId, id, unit.ex);
        if (!current || !(await store.delete(agentId, id, unit.ex))) throw notFound(`Webhook "${rawId}"`);
        await unit.dropGroup(DELIVERY_KIND, id);
        unit.change({ ...audited(current), activity: 'deleted', before: presentWebhook(current), after: null });
      });
    },

    /** The current signing secret in clear ("whsec_..."). */
    async secret(agentId: string, rawId: string): Promise<string> {
      const webhook = await requireWebhook(agentId, rawId);
      return keyring.open(webhook.secret, secretAad(agentId, webhook.id));
    },

    /** Makes the given (or a generated) secret current; the replaced one keeps signing for the grace period. */
    async rotateSecret(agentId: string, rawId: string, body: RotateSecretBody): Promise<void> {
      // As Svix does, a custom key may come with or without its "whsec_" prefix; it is kept with
      // it, so GET .../secret/ gives the form stock verifiers read.
      const custom =
        body.key === undefined || body.key.startsWith(SECRET_PREFIX) ? body.key : `${SECRET_PREFIX}${body.key}`;
      // The key is a secret: the message describes the expected form and never quotes it.
      if (custom !== undefined) {
        const key = signingKeyOf(custom);
        if (key === null) {
          throw fieldError(
            '$.key',
            'must be the standard base64 encoding of 24 to 64 bytes, with or without the prefix "whsec_"',
          );
        }
        if (isWeakSigningKey(key)) {
          throw fieldError(
            '$.key',
            `has fewer than ${SIGNING_KEY_MIN_DISTINCT_BYTES} distinct byte values (all zeros or a repeated pattern), so it cannot hold 128 bits of entropy; use random bytes, such as: echo whsec_$(openssl rand -base64 32)`,
          );
        }
      }
      const id = idOrNotFound(rawId);
      const sealed = keyring.seal(custom ?? generateSigningSecret(), secretAad(agentId, id));
      const rotated = await units.transaction(async (unit) => {
        if (!(await store.rotateSecret(agentId, id, sealed, clock.now() + config.secretGraceMs, unit.ex))) return false;
        // The secret is named as changed; neither value is ever written to the log.
        unit.change({
          agentId,
          entityType: 'webhook',
          entityId: id,
          activity: 'updated',
          before: { secret: 1 },
          after: { secret: 2 },
          sensitive: ['secret'],
        });
        return true;
      });
      if (!rotated) throw notFound(`Webhook "${rawId}"`);
    },

    /** Ada's event types, and Roster's extension types too when asked. */
    eventTypes(withExtensions = false): ReadonlyArray<{ name: string; description: string }> {
      return deps.eventTypes().filter((t) => withExtensions || !t.extension);
    },

    /** The endpoint's delivery log, newest first; the cursor is the first (newest) attempt of the page. */
    async attempts(
      agentId: string,
      rawId: string,
      cursor: string | null,
      limit: number,
    ): Promise<Page<WebhookAttempt>> {
      const webhook = await requireWebhook(agentId, rawId);
      return pageOf(await store.listAttempts(agentId, webhook.id, cursor, limit + 1), limit);
    },

    /** Queues the window's matching events for delivery again; returns how many were queued. */
    async replay(agentId: string, rawId: string, body: ReplayBody): Promise<number> {
      const now = clock.now();
      const window = replayWindow(body.since, body.until, now);
      const webhook = await requireWebhook(agentId, rawId);
      if (!webhook.enabled) {
        throw new AppError(
          'unprocessable',
          `Webhook "${webhook.id}" is disabled, so nothing would be delivered; enable it first (PATCH with "enabled": true), then replay.`,
        );
      }
      if (await store.replayPending(agentId, webhook.id)) {
        throw new AppError(
          'conflict',
          `A replay of webhook "${webhook.id}" is still queued; wait until its deliveries are made before replaying again.`,
        );
      }
      // An endpoint without filters gets every type but the opt-in ones, in a replay as live.
      const everyType = deps.eventTypes().flatMap((t) => (t.optIn || t.extension ? [] : [t.name as string]));
      return replayEvents({ store, units }, webhook, window, everyType);
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
