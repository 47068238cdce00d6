// End users: idempotent create by external_id, get, update, list, lookup, metadata and
// write-only sensitive metadata that expires; the sweeps that delete unattached end users and
// expired sensitive values.
import { defineModule, type RateFamily } from '../../platform/manifest.js';
import { END_USER_EVENT_EXAMPLES, endUsersDocs } from './end-users.docs.js';
import { endUserJobs } from './end-users.jobs.js';
import { endUsersRoutes } from './end-users.routes.js';
import { EndUserSchema } from './end-users.schemas.js';
import { createEndUsersService, type EndUsersService } from './end-users.service.js';
import { createEndUsersStore, type EndUsersStore } from './end-users.store.js';

declare module '../../platform/manifest.js' {
  interface ModuleRegistry {
    endUsers: { store: EndUsersStore; service: EndUsersService };
  }
}

declare module '../../platform/events.js' {
  interface EventTypes {
    'v1.end_user.created': true;
    'v1.end_user.updated': true;
  }
}

/** Ada's limits for /v2/end-users*: 30 a second, 300 a minute, 60,000 a day per AI Agent. */
export const END_USERS_FAMILY: RateFamily = {
  name: 'end_users',
  windows: [
    { points: 30, durationMs: 1_000 },
    { points: 300, durationMs: 60_000 },
    { points: 60_000, durationMs: 86_400_000 },
  ],
};

export const endUsersModule = defineModule({
  name: 'endUsers',
  rateFamily: END_USERS_FAMILY,
  schemas: [EndUserSchema],
  events: [
    {
      name: 'v1.end_user.created',
      description:
        'An end user was created: by POST /api/v2/end-users/ answering 201 (not for an existing external_id).',
      body: { component: 'EndUserEvent', example: END_USER_EVENT_EXAMPLES['v1.end_user.created'] },
    },
    {
      name: 'v1.end_user.updated',
      description:
        'A returned field of an end user changed (profile fields, metadata or external_id). Not sent for a PATCH that changes nothing visible, such as a sensitive_metadata-only write.',
      body: { component: 'EndUserEvent', example: END_USER_EVENT_EXAMPLES['v1.end_user.updated'] },
    },
  ],
  testDouble: {
    tables: ['sensitive_values', 'end_users'],
    fixtures: {
      end_users: async (item, api) => ({ id: (await api.post('/api/v2/end-users/', item)).end_user_id }),
    },
  },
  build({ db, clock, keyring, units, config, log, forget }) {
    const store = createEndUsersStore(db);
    const service = createEndUsersService({
      store,
      units,
      keyring,
      clock,
      sensitiveTtlMs: config.sensitiveMetadataTtlMs,
      sensitiveMaxKeys: config.sensitiveMaxKeys,
    });
    return {
      exports: { store, service },
      routes: endUsersRoutes(service),
      docs: endUsersDocs,
      // Erasure and the sweep: the end users go with their sensitive values.
      async forget(unit, agentId, endUserIds) {
        await store.forget(agentId, endUserIds, unit.ex);
      },
      jobs: endUserJobs({
        store,
        units,
        forget,
        clock,
        unattachedTtlMs: config.unattachedEndUserTtlMs,
        everyMs: config.sweepIntervalMs,
        log,
      }),
    };
  },
});
