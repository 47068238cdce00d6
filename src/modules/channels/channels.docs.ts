// The Channels API in the OpenAPI document: examples for every operation and the channel schemas.
import { IDS, page } from '../../http/openapi.examples.js';
import { componentRef } from '../../http/openapi.js';
import type { ModuleDocs } from '../../platform/manifest.js';
import { CustomChannelSchema, NativeChannelSchema } from './channels.schemas.js';

export const CUSTOM_CHANNEL = {
  type: 'custom',
  id: IDS.channel,
  name: 'Support app',
  description: 'Our in-app chat',
  modality: 'messaging',
  capabilities: { markdown: true },
  metadata: { team: 'support' },
  created_at: '2026-11-27T14:20:02.118+00:00',
};

const NATIVE_CHANNEL = {
  type: 'native',
  id: IDS.nativeChannel,
  name: 'Chat',
  description: 'The web chat surface.',
  modality: 'messaging',
  capabilities: { markdown: true },
};

export const channelsDocs: ModuleDocs = {
  components: {
    Channel: {
      oneOf: [componentRef('CustomChannel'), componentRef('NativeChannel')],
      description: 'A channel; the fields depend on type.',
      examples: [CUSTOM_CHANNEL],
    },
    CustomChannel: CustomChannelSchema,
    NativeChannel: NativeChannelSchema,
  },
  examples: {
    'GET /api/v2/channels/': { query: { type: 'native' }, responses: { 200: page([NATIVE_CHANNEL]) } },
    'POST /api/v2/channels/': {
      body: {
        name: 'Support app',
        description: 'Our in-app chat',
        modality: 'messaging',
        metadata: { team: 'support' },
        capabilities: { markdown: true },
      },
      responses: { 201: CUSTOM_CHANNEL },
    },
    'PATCH /api/v2/channels/{channel_id}': {
      body: { capabilities: { markdown: false } },
      responses: { 200: { ...CUSTOM_CHANNEL, capabilities: { markdown: false } } },
    },
  },
};
