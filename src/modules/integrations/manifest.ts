// Platform integrations: partner apps an AI Agent develops (Ada's Platform Integrations API),
// their installations on AI Agents, and the OAuth 2.0 authorization server that installs them:
// a consent page, the token endpoint at Ada's path, and the access tokens, which reach only the
// routes their scopes open.
import { defineModule } from '../../platform/manifest.js';
import { integrationsDocs } from './integrations.docs.js';
import { integrationsJobs } from './integrations.jobs.js';
import { integrationsRoutes } from './integrations.routes.js';
import { InstallationSchema, IntegrationSchema } from './integrations.schemas.js';
import { createIntegrationsService, type IntegrationsService } from './integrations.service.js';
import { createIntegrationsStore } from './integrations.store.js';
import * as m0009 from './migrations/0009_integrations.js';
import { OAUTH_PREFIX, oauthRoutes } from './oauth.routes.js';
import { ACCESS_PREFIX, createOAuthService, type OAuthService } from './oauth.service.js';

declare module '../../platform/manifest.js' {
  interface ModuleRegistry {
    integrations: { service: IntegrationsService; oauth: OAuthService };
  }
}

export const integrationsModule = defineModule({
  name: 'integrations',
  testDouble: { tables: ['oauth_tokens', 'oauth_codes', 'integration_installations', 'platform_integrations'] },
  schemas: [IntegrationSchema, InstallationSchema],
  migrations: { '0009_integrations': m0009 },
  build({ db, units, clock, log, use }) {
    const { store: keys } = use('agents');
    const store = createIntegrationsStore(db);
    const service = createIntegrationsService({ store, units, clock });
    const oauth = createOAuthService({ store, units, clock });
    return {
      exports: { service, oauth },
      routes: integrationsRoutes(service),
      sites: [{ prefix: OAUTH_PREFIX, routes: oauthRoutes({ oauth, keys }) }],
      credentials: { prefix: ACCESS_PREFIX, resolve: (token) => oauth.principalFor(token) },
      docs: integrationsDocs,
      jobs: integrationsJobs({ store, clock, log }),
    };
  },
});
