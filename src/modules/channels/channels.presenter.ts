// The wire form of a channel: a custom channel with its metadata and creation time; a native one
// with neither, since those belong to the AI Agent's own surfaces and are fixed.
import { toWireTime } from '../../lib/time.js';
import type { ChannelWire, CustomChannelWire } from './channels.schemas.js';
import type { Channel } from './channels.store.js';

export function presentChannel(channel: Channel): ChannelWire {
  const common = {
    id: channel.id,
    name: channel.name,
    description: channel.description,
    modality: channel.modality,
    capabilities: { markdown: channel.markdown },
  };
  if (channel.type === 'native') return { type: 'native', ...common };
  return presentCustomChannel(channel);
}

/** A custom channel (as create and update answer). */
export function presentCustomChannel(channel: Channel): CustomChannelWire {
  return {
    type: 'custom',
    id: channel.id,
    name: channel.name,
    description: channel.description,
    modality: channel.modality,
    capabilities: { markdown: channel.markdown },
    metadata: channel.metadata ?? {},
    created_at: toWireTime(channel.createdAt),
  };
}
