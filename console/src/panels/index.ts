// The console's panels, in the order the navigation lists them.
import type { Panel } from './types';
import { agentsPanel } from './agents';
import { endUsersPanel } from './end-users';
import { conversationsPanel } from './conversations';
import { webhooksPanel } from './webhooks';
import { jobsPanel } from './jobs';
import { knowledgePanel } from './knowledge';
import { auditPanel } from './audit';
import { emulatorPanel } from './emulator';

export const PANELS: readonly Panel[] = [
  agentsPanel,
  endUsersPanel,
  conversationsPanel,
  webhooksPanel,
  knowledgePanel,
  auditPanel,
  jobsPanel,
  emulatorPanel,
];
