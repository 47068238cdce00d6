// The native channels every agent has: read-only in the Conversations API (listed with
// type=native, never updated, never used to create conversations). Each agent gets one row per
// entry when it is created, so the channels list pages over native and custom channels alike.
import { newId } from '../lib/ids.js';
export const NATIVE_CHANNELS = [
  { name: 'Chat', description: 'The web chat surface.', modality: 'messaging', markdown: true },
  { name: 'Email', description: 'The email surface.', modality: 'email', markdown: false },
  { name: 'Voice', description: 'The phone surface.', modality: 'voice', markdown: false },
] as const;

/** The `channels` rows of an agent's native channels. */
export function nativeChannelRows(agentId: string, createdAt: number) {
  return NATIVE_CHANNELS.map((c) => ({
    id: newId(createdAt, agentId),
    agent_id: agentId,
    type: 'native' as const,
    name: c.name,
    description: c.description,
    modality: c.modality,
    markdown: c.markdown ? 1 : 0,
    metadata: null,
    created_at: createdAt,
  }));
}
