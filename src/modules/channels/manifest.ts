// Channels: an AI Agent's custom channels (created through the API under a rolling daily limit)
// and its three read-only native ones.
import { defineModule, type RateFamily } from '../../platform/manifest.js';
import { channelsDocs } from './channels.docs.js';
import { channelsRoutes } from './channels.routes.js';
import { createChannelsService, type ChannelsService } from './channels.service.js';
import { createChannelsStore, type ChannelsStore } from './channels.store.js';

declare module '../../platform/manifest.js' {
  interface ModuleRegistry {
    channels: { store: ChannelsStore; service: ChannelsService };
  }
}

/** Ada's limits for /v2/conversations* and /v2/channels*: 30 a second, 300 a minute, 60,000 a day. */
export const CONVERSATIONS_FAMILY: RateFamily = {
  name: 'conversations',
  windows: [
    { points: 30, durationMs: 1_000 },
    { points: 300, durationMs: 60_000 },
    { points: 60_000, durationMs: 86_400_000 },
  ],
};

export const channelsModule = defineModule({
  name: 'channels',
  rateFamily: CONVERSATIONS_FAMILY,
  testDouble: {
    tables: ['channels'],
    fixtures: { channels: (item, api) => api.post('/api/v2/channels/', item) },
  },
  build({ db, units, clock, config }) {
    const store = createChannelsStore(db);
    const service = createChannelsService({ store, units, clock, dailyLimit: config.channelDailyLimit });
    return { exports: { store, service }, routes: channelsRoutes(service), docs: channelsDocs };
  },
});
