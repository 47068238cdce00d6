// Wire schemas of the Platform Integrations API (snake_case, Ada's field names: `created` and
// `updated`). Request schemas bound every field; response schemas are allowlists, and only the
// create response has client_secret.
import { Type, type Static } from 'typebox';
import { IdParam, PageMeta, PageQuery, errorResponses, nullable } from '../../http/common.schemas.js';
import { INTEGRATION_SCOPES } from './scopes.js';

export const TEXT_MAX = 255;
export const DESCRIPTION_MAX = 5_000;
export const URL_MAX = 2_048;
export const PATH_MAX = 1_000;
/** configuration_fields and error_codes: at most 64 KB of compact JSON each. */
export const JSON_MAX_BYTES = 65_536;
export const INTEGRATION_TAGS = ['knowledge'] as const;
export const INTEGRATION_STATUSES = ['development', 'approved', 'archived'] as const;
export const INSTALLATION_STATUSES = ['complete', 'incomplete'] as const;

const TAGS = ['Platform integrations'];

const Text = (description: string, max = TEXT_MAX) => Type.String({ minLength: 1, maxLength: max, description });
const Url = (description: string) =>
  Type.String({ minLength: 1, maxLength: URL_MAX, format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', description });
const StringEnum = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });
const Time = (what: string) => Type.String({ description: `${what} (RFC 3339, UTC, milliseconds).` });

const JsonObject = (description: string) =>
  Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description });

const fields = {
  identifier_field_path: Type.String({
    minLength: 1,
    maxLength: PATH_MAX,
    description:
      'A JMESPath expression into the configuration an installing admin fills in; what it selects identifies the installation (for example an account subdomain).',
  }),
  icon_url: nullable(Url('The URL of an icon shown with the integration, or null.')),
  call_to_action: nullable(Text('The text of the button that starts an installation, or null.')),
  name: Text('The name of the integration.'),
  description: Text('What the integration does and how to use it.', DESCRIPTION_MAX),
  author: Text('Who develops the integration.'),
  contact: Text('A URL or email address where users of the integration get support.', URL_MAX),
  uninstallation_url: Url('The URL Roster calls with DELETE to uninstall the integration from an AI Agent.'),
  oauth_callback_url: Url(
    'Where the consent page sends the admin back with the authorization code (the OAuth redirect URI).',
  ),
  tags: Type.Array(StringEnum(INTEGRATION_TAGS, 'The kind of integration.'), {
    minItems: 1,
    maxItems: INTEGRATION_TAGS.length,
    uniqueItems: true,
    description: 'What kind of integration this is; "knowledge" is the only kind.',
  }),
  error_codes: nullable(
    Type.Unsafe<Record<string, string>>({
      type: 'object',
      additionalProperties: { type: 'string', maxLength: 1_000 },
      maxProperties: 100,
      description:
        'Error codes the integration may send back to the OAuth failure page, each with the message to show; or null.',
    }),
  ),
  scopes: Type.Array(StringEnum(INTEGRATION_SCOPES, 'An OAuth scope.'), {
    maxItems: INTEGRATION_SCOPES.length,
    uniqueItems: true,
    description:
      'The OAuth scopes the integration asks for when installed. platform_integration_installations:read and :write are always granted.',
  }),
  configuration_fields: JsonObject(
    'A JSON Schema (draft 7 or 2019-09 keywords) of the settings an admin fills in when installing the integration; validated as a schema.',
  ),
};

export const CreateIntegrationBody = Type.Object(
  {
    ...fields,
    icon_url: Type.Optional(fields.icon_url),
    call_to_action: Type.Optional(fields.call_to_action),
    error_codes: Type.Optional(fields.error_codes),
  },
  { description: 'id, status, client_secret and the times are set by the server; unknown properties are ignored.' },
);
export type CreateIntegrationBody = Static<typeof CreateIntegrationBody>;

export const PatchIntegrationBody = Type.Partial(Type.Object(fields), {
  description: 'Only the fields sent change. Only an integration in development can be updated.',
});
export type PatchIntegrationBody = Static<typeof PatchIntegrationBody>;

export const IntegrationSchema = Type.Object(
  {
    id: Type.String(),
    status: StringEnum(INTEGRATION_STATUSES, 'development, then approved, then archived.'),
    created: Time('When the integration was created'),
    updated: Time('When it last changed'),
    identifier_field_path: Type.String(),
    icon_url: nullable(Type.String()),
    call_to_action: nullable(Type.String()),
    name: Type.String(),
    description: Type.String(),
    author: Type.String(),
    contact: Type.String(),
    uninstallation_url: Type.String(),
    oauth_callback_url: Type.String(),
    tags: Type.Array(Type.String()),
    error_codes: nullable(JsonObject('Error codes and their messages.')),
    scopes: Type.Array(Type.String()),
    configuration_fields: JsonObject('The JSON Schema of the installation settings.'),
  },
  { $id: 'PlatformIntegration' },
);
export type IntegrationWire = Static<typeof IntegrationSchema>;

export const CreatedIntegrationSchema = Type.Object({
  ...IntegrationSchema.properties,
  client_secret: Type.String({
    description: 'The OAuth client secret (the client id is the integration id). Shown in this response only.',
  }),
});
export type CreatedIntegrationWire = Static<typeof CreatedIntegrationSchema>;

export const InstallationSchema = Type.Object(
  {
    id: Type.String(),
    platform_integration_id: Type.String(),
    created: Time('When the integration was installed'),
    updated: Time('When the installation last changed'),
    configuration: JsonObject('The settings the installing admin filled in.'),
    status: StringEnum(INSTALLATION_STATUSES, 'incomplete until the integration reports the setup complete.'),
  },
  { $id: 'PlatformIntegrationInstallation' },
);
export type InstallationWire = Static<typeof InstallationSchema>;

export const PatchInstallationBody = Type.Object({
  status: StringEnum(INSTALLATION_STATUSES, 'complete once the integration finished its setup; incomplete otherwise.'),
});
export type PatchInstallationBody = Static<typeof PatchInstallationBody>;

const IntegrationParams = IdParam('platform_integration_id', 'platform integration');
const InstallationParams = Type.Object({
  platform_integration_id: Type.String({ description: 'The platform integration id (24 hex characters).' }),
  installation_id: Type.String({ description: 'The installation id (24 hex characters).' }),
});

export const routeSchemas = {
  list: {
    tags: TAGS,
    summary: 'List platform integrations',
    description: 'A page of the integrations this AI Agent develops, oldest first. API keys only.',
    querystring: Type.Object(PageQuery),
    response: {
      200: Type.Object({ data: Type.Array(Type.Ref('PlatformIntegration')), meta: PageMeta }),
      ...errorResponses(403),
    },
  },
  create: {
    tags: TAGS,
    summary: 'Create a platform integration',
    description:
      'Creates an integration in development status and answers 200 with its client_secret, which no later response shows. API keys only.',
    body: CreateIntegrationBody,
    response: { 200: CreatedIntegrationSchema, ...errorResponses(403, 413) },
  },
  patch: {
    tags: TAGS,
    summary: 'Update a platform integration',
    description:
      'Changes the fields sent. Only an integration in development can change: an approved or archived one answers 403. API keys only.',
    params: IntegrationParams,
    body: PatchIntegrationBody,
    response: { 200: Type.Ref('PlatformIntegration'), ...errorResponses(403, 404, 413) },
  },
  installationSelf: {
    tags: TAGS,
    summary: 'Get the installation of the access token',
    description:
      "The installation the OAuth access token was granted to, with the admin's configuration. Takes the installation's access token (scope platform_integration_installations:read).",
    params: IntegrationParams,
    response: { 200: Type.Ref('PlatformIntegrationInstallation'), ...errorResponses(403, 404) },
  },
  patchInstallation: {
    tags: TAGS,
    summary: 'Update the status of an installation',
    description:
      "Marks the installation complete or incomplete. Takes the installation's access token (scope platform_integration_installations:write).",
    params: InstallationParams,
    body: PatchInstallationBody,
    response: { 200: Type.Ref('PlatformIntegrationInstallation'), ...errorResponses(403, 404) },
  },
};
