// The modules, in the order they are built: a module may use the exports of those before it.
// Adding a module is adding its folder and a line here.
import type { ModuleManifest } from '../platform/manifest.js';
import { agentsModule } from './agents/manifest.js';
import { auditModule } from './audit/manifest.js';
import { channelsModule } from './channels/manifest.js';
import { consoleModule } from './console/manifest.js';
import { complianceModule } from './compliance/manifest.js';
import { conversationsModule } from './conversations/manifest.js';
import { endUsersModule } from './end-users/manifest.js';
import { exportModule } from './export/manifest.js';
import { integrationsModule } from './integrations/manifest.js';
import { knowledgeModule } from './knowledge/manifest.js';
import { personaModule } from './persona/manifest.js';
import { webhooksModule } from './webhooks/manifest.js';

export const MODULES: readonly ModuleManifest[] = [
  agentsModule,
  endUsersModule,
  webhooksModule,
  auditModule,
  channelsModule,
  knowledgeModule,
  personaModule,
  conversationsModule,
  exportModule,
  complianceModule,
  integrationsModule,
  // Last: its panels read what the modules before it export (erasure progress from compliance).
  consoleModule,
];
