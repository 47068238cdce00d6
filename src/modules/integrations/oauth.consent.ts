// The consent page an AI Agent's admin sees when installing an integration: what the
// integration is, the scopes it asks for, the settings its configuration_fields describe, and a
// form that takes the admin's API key (which names the AI Agent) and the settings as JSON.
// Everything shown is escaped; the page loads nothing from elsewhere.
import type { Authorization, AuthorizationRequest } from './oauth.service.js';

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const SCOPE_TEXT: Record<string, string> = {
  'articles:read': 'Read knowledge articles',
  'articles:write': 'Create, change and delete knowledge articles',
  'article_tags:read': 'Read knowledge tags',
  'article_tags:write': 'Create, change and delete knowledge tags',
  'knowledge_sources:read': 'Read knowledge sources',
  'knowledge_sources:write': 'Create, change and delete knowledge sources',
  'platform_integration_installations:read': 'Read this installation and its settings',
  'platform_integration_installations:write': 'Mark this installation complete or incomplete',
};

/** The Content-Security-Policy of the page: the form posts here, then redirects to the integration. */
export function consentPolicy(redirectUri: string): string {
  return `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${new URL(redirectUri).origin}; frame-ancestors 'none'; base-uri 'none'`;
}

export function consentPage(
  authorization: Authorization,
  request: AuthorizationRequest,
  options: { problem?: string; configuration?: string } = {},
): string {
  const { integration } = authorization;
  const hidden = Object.entries(request)
    .filter(([, value]) => typeof value === 'string')
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value as string)}">`)
    .join('\n      ');
  const scopes = authorization.scopes
    .map((s) => `<li>${escape(SCOPE_TEXT[s] ?? s)} <code>${escape(s)}</code></li>`)
    .join('');
  const problem = options.problem ? `<p class="problem" role="alert">${escape(options.problem)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Install ${escape(integration.name)}</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
    textarea, input[type=password] { width: 100%; font-family: monospace; }
    .problem { color: #a00; font-weight: bold; }
    pre { background: #f4f4f4; padding: .5rem; overflow: auto; }
  </style>
</head>
<body>
  <h1>Install ${escape(integration.name)}</h1>
  <p>By ${escape(integration.author)} (${escape(integration.contact)})</p>
  <p>${escape(integration.description)}</p>
  <h2>It asks to</h2>
  <ul>${scopes}</ul>
  ${problem}
  <form method="post">
      ${hidden}
    <label>Your AI Agent's API key<br><input type="password" name="api_key" autocomplete="off" required></label>
    <h2>Settings</h2>
    <p>A JSON object matching this schema:</p>
    <pre>${escape(JSON.stringify(integration.configurationFields, null, 2))}</pre>
    <textarea name="configuration" rows="8">${escape(options.configuration ?? '{}')}</textarea>
    <p>
      <button type="submit" name="decision" value="approve">Install</button>
      <button type="submit" name="decision" value="deny" formnovalidate>Cancel</button>
    </p>
  </form>
</body>
</html>
`;
}

export function errorPage(message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Cannot install</title></head>
<body><h1>This integration cannot be installed</h1><p>${escape(message)}</p></body>
</html>
`;
}
