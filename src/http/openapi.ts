// The API description: OpenAPI 3.1 generated from the route schemas by @fastify/swagger, served
// at /api/openapi.json and browsable at /docs. Beyond the routes it lists every wire schema under
// components, describes each webhook event's body in the `webhooks` section, and gives every
// operation examples, so the page works for trying the API as it stands. The modules provide
// those (their docs and their event definitions); this file puts them in the document.
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance } from 'fastify';
import swagger, { type FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type, type TSchema } from 'typebox';
import type { EventDefinition } from '../platform/events.js';
import type { ModuleDocs } from '../platform/manifest.js';
import { PageMeta } from './common.schemas.js';
import { ERROR_EXAMPLE, type OperationExamples } from './openapi.examples.js';

export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PATH = '/docs';

/** A reference to a schema of the OpenAPI document's components. */
export const componentRef = (name: string) => Type.Unsafe<unknown>({ $ref: `#/components/schemas/${name}` });

/** The body of a webhook delivery: the event type, when it was recorded, its data and, for some, tags. */
export function eventEnvelope(types: string[], data: TSchema, withTags: boolean, description: string) {
  return Type.Object(
    {
      type: Type.Unsafe<string>({ type: 'string', enum: types, description: 'The event type.' }),
      timestamp: Type.String({ description: 'When the change was recorded (RFC 3339, UTC, milliseconds).' }),
      data,
      ...(withTags
        ? { tags: Type.Array(Type.String(), { description: "The end user's id, for filtering on the receiver." }) }
        : {}),
    },
    { additionalProperties: false, description },
  );
}

// Copies, so that nothing the generator does to a document can reach the schemas that validate
// and serialise requests.
const copy = <T>(schema: T): T => JSON.parse(JSON.stringify(schema)) as T;

/** What the modules add to the generated document. */
export interface ApiDocs {
  modules: readonly ModuleDocs[];
  events: readonly EventDefinition[];
}

const SIGNATURE_HEADERS = [
  ['svix-id', 'The message id, msg_ and the event id: the same on every attempt, so receivers can skip duplicates.'],
  ['svix-timestamp', 'When this attempt was sent, in Unix seconds.'],
  [
    'svix-signature',
    'Space-separated v1,<base64 HMAC-SHA256 of {svix-id}.{svix-timestamp}.{raw body}>, one per signing secret in use.',
  ],
  ['webhook-id', 'The same as svix-id, for Standard Webhooks libraries.'],
  ['webhook-timestamp', 'The same as svix-timestamp.'],
  ['webhook-signature', 'The same as svix-signature.'],
] as const;

/** The OpenAPI 3.1 `webhooks` section: what a receiver gets for each event type. */
function webhookSection(events: readonly EventDefinition[]) {
  return Object.fromEntries(
    events
      .filter((event) => event.body !== undefined)
      .map(({ name, description, body }) => [
        name,
        {
          post: {
            tags: ['Webhook events'],
            summary: name,
            description: `${description} Sent as a signed POST to every endpoint whose event_filters select it.`,
            parameters: SIGNATURE_HEADERS.map(([header, text]) => ({
              name: header,
              in: 'header',
              required: true,
              description: text,
              schema: { type: 'string' },
            })),
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: componentRef(body?.component ?? ''), example: body?.example },
              },
            },
            responses: {
              '2XX': { description: 'Received. Any 2xx within the timeout (15 s by default) counts as delivered.' },
              default: { description: 'Anything else, or no answer in time, is retried on the retry schedule.' },
            },
          },
        },
      ]),
  );
}

type Media = { example?: unknown };
type Operation = {
  'x-optional-body'?: boolean;
  parameters?: Array<{ name: string; in: string; example?: unknown }>;
  requestBody?: { required?: boolean; content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
};

/** Puts the modules' examples into the generated document. */
function addExamples(document: Document, docs: ApiDocs): Document {
  const operationExamples: Record<string, OperationExamples> = Object.assign(
    {},
    ...docs.modules.map((m) => m.examples ?? {}),
  );
  const operationExtras: NonNullable<ModuleDocs['operations']> = Object.assign(
    {},
    ...docs.modules.map((m) => m.operations ?? {}),
  );
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      // The generator calls every answer "Default Response"; the status's own name says more.
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (response.description === 'Default Response') response.description = STATUS_CODES[status] ?? status;
      }
      // Routes that take no body as readily as an empty one say so (the generator marks every body required).
      if (operation['x-optional-body']) {
        delete operation['x-optional-body'];
        if (operation.requestBody) operation.requestBody.required = false;
      }
      const extra = operationExtras[`${method.toUpperCase()} ${path}`];
      if (extra?.requestBody) operation.requestBody = copy(extra.requestBody);
      if (extra?.responses) operation.responses = { ...copy(extra.responses), ...operation.responses };
      const examples = operationExamples[`${method.toUpperCase()} ${path}`];
      if (!examples) continue;
      for (const parameter of operation.parameters ?? []) {
        const example = parameter.in === 'query' ? examples.query?.[parameter.name] : undefined;
        if (example !== undefined) parameter.example = example;
      }
      const body = operation.requestBody?.content?.['application/json'];
      if (body && examples.body !== undefined) body.example = examples.body;
      for (const [status, example] of Object.entries(examples.responses)) {
        const media = operation.responses?.[status]?.content?.['application/json'];
        if (media) media.example = example;
      }
    }
  }
  // The schemas the routes share come from app.addSchema, which has no room for examples.
  const schemas = document.components.schemas;
  const shared: Record<string, unknown> = Object.assign(
    { ErrorEnvelope: ERROR_EXAMPLE },
    ...docs.modules.map((m) => m.schemaExamples ?? {}),
  );
  for (const [name, example] of Object.entries(shared)) {
    if (schemas[name]) schemas[name] = { ...schemas[name], examples: [example] };
  }
  return document;
}

export async function registerApiDocs(app: FastifyInstance, docs: ApiDocs): Promise<void> {
  const components: Record<string, object> = Object.assign(
    { PageMeta: copy(PageMeta) },
    ...docs.modules.map((m) => copy(m.components ?? {})),
  );
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Roster API',
        version: '2',
        description: [
          "Roster speaks Ada's public REST API v2 for end users, webhooks, channels, conversations, knowledge and variables.",
          '',
          'Authenticate every `/api/v2` request with the header `Authorization: Bearer <key>`. Roster prints a key',
          'on its first start; `npx roster keys create --agent default` makes more. In this page, press',
          '**Authorize** and paste the key alone.',
          '',
          'Every request body below has an example you can send as it is with **Try it out**; replace the ids in',
          'it and in the path with ids of your own records. The events Roster sends to your webhook endpoints',
          'are described under **Webhooks**.',
        ].join('\n'),
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
        schemas: components,
      },
      security: [{ bearerAuth: [] }],
      webhooks: webhookSection(docs.events),
      // The generator's types know neither 3.1's `examples` arrays nor header parameters in webhooks.
    } as FastifyDynamicSwaggerOptions['openapi'],
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transformObject: (documentObject) =>
      addExamples((documentObject as unknown as { openapiObject: Document }).openapiObject, docs) as object,
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PATH,
    staticCSP: true,
    // `urls` rather than `url`: the plugin always points `url` at its own copy under /docs/json,
    // while the top bar should show the document's real address.
    uiConfig: { urls: [{ url: OPENAPI_PATH, name: OPENAPI_PATH }], persistAuthorization: true },
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}
