// The channels table: an agent's custom channels and its read-only native ones.

export type ChannelType = 'custom' | 'native';
export type Modality = 'messaging' | 'email' | 'voice';

export interface ChannelsTable {
  id: string;
  agent_id: string;
  type: ChannelType;
  name: string;
  description: string;
  modality: Modality;
  /** capabilities.markdown: 1 or 0. */
  markdown: number;
  /** JSON object for custom channels; null for native ones. */
  metadata: string | null;
  created_at: number;
}

declare module '../../db/schema.js' {
  interface Database {
    channels: ChannelsTable;
  }
}
