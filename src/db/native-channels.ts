// The native channels every agent has: read-only in the Conversations API (listed with
// type=native, never updated, never used to create conversations). Each agent gets one row per
// entry when it is created, so the channels list pages over native and custom channels alike.
export const NATIVE_CHANNELS = [
  { name: 'Chat', description: 'The web chat surface.', modality: 'messaging', markdown: true },
  { name: 'Email', description: 'The email surface.', modality: 'email', markdown: false },
  { name: 'Voice', description: 'The phone surface.', modality: 'voice', markdown: false },
] as const;
