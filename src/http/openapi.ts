// The API description: OpenAPI 3.1 generated from the route schemas by @fastify/swagger, served
// at /api/openapi.json and browsable at /docs. Beyond the routes it lists every wire schema under
// components, describes each webhook event's body in the `webhooks` section, and gives every
// operation examples (openapi.examples.ts), so the page works for trying the API as it stands.
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance } from 'fastify';
import swagger, { type FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { PageMeta } from './common.schemas.js';
import { ERROR_EXAMPLE, EVENT_EXAMPLES, OPERATION_EXAMPLES, END_USER, CUSTOM_CHANNEL } from './openapi.examples.js';
import { CustomChannelSchema, NativeChannelSchema } from '../modules/channels/channels.schemas.js';
import { ConversationSchema, MessageLogSchema, MessageSchema } from '../modules/conversations/conversations.schemas.js';
import { EVENT_TYPES } from '../modules/events/events.catalog.js';
import {
  ConversationCreatedEventSchema,
  ConversationEndedEventSchema,
  ConversationMessageEventSchema,
  EVENT_BODY_SCHEMAS,
  EndUserEventSchema,
  componentRef,
} from '../modules/events/events.schemas.js';
import { AttemptSchema, WebhookSchema } from '../modules/webhooks/webhooks.schemas.js';

export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PATH = '/docs';

// Copies, so that nothing the generator does to a document can reach the schemas that validate
// and serialise requests.
const copy = <T>(schema: T): T => JSON.parse(JSON.stringify(schema)) as T;

/** Wire schemas listed under components.schemas, besides the ErrorEnvelope and EndUser the routes share. */
function componentSchemas() {
  const message = MessageSchema as unknown as { properties: { author: unknown; content: unknown } };
  return {
    PageMeta: copy(PageMeta),
    Webhook: copy(WebhookSchema),
    WebhookAttempt: copy(AttemptSchema),
    EventType: {
      type: 'object',
      required: ['name', 'description'],
      properties: { name: { type: 'string' }, description: { type: 'string' } },
      description: 'An event type, as GET /api/v2/webhooks/event-types/ lists it.',
    },
    Channel: {
      oneOf: [componentRef('CustomChannel'), componentRef('NativeChannel')],
      description: 'A channel; the fields depend on type.',
      examples: [CUSTOM_CHANNEL],
    },
    CustomChannel: copy(CustomChannelSchema),
    NativeChannel: copy(NativeChannelSchema),
    Conversation: copy(ConversationSchema),
    Message: copy(MessageSchema),
    MessageLogEntry: copy(MessageLogSchema),
    MessageAuthor: copy(message.properties.author),
    MessageContent: copy(message.properties.content),
    EndUserEvent: copy(EndUserEventSchema),
    ConversationCreatedEvent: copy(ConversationCreatedEventSchema),
    ConversationMessageEvent: copy(ConversationMessageEventSchema),
    ConversationEndedEvent: copy(ConversationEndedEventSchema),
  };
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
function webhookSection() {
  return Object.fromEntries(
    EVENT_TYPES.map(({ name, description }) => [
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
              'application/json': {
                schema: componentRef(EVENT_BODY_SCHEMAS[name]),
                example: EVENT_EXAMPLES[name],
              },
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
  parameters?: Array<{ name: string; in: string; example?: unknown }>;
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
};

/** Puts the examples of openapi.examples.ts into the generated document. */
function addExamples(document: Document): Document {
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      // The generator calls every answer "Default Response"; the status's own name says more.
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (response.description === 'Default Response') response.description = STATUS_CODES[status] ?? status;
      }
      const examples = OPERATION_EXAMPLES[`${method.toUpperCase()} ${path}`];
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
  if (schemas.EndUser) schemas.EndUser = { ...schemas.EndUser, examples: [END_USER] };
  if (schemas.ErrorEnvelope) schemas.ErrorEnvelope = { ...schemas.ErrorEnvelope, examples: [ERROR_EXAMPLE] };
  return document;
}

export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Roster API',
        version: '2',
        description: [
          "Roster speaks Ada's public REST API v2 for end users, webhooks, channels and conversations.",
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
        schemas: componentSchemas(),
      },
      security: [{ bearerAuth: [] }],
      webhooks: webhookSection(),
      // The generator's types know neither 3.1's `examples` arrays nor header parameters in webhooks.
    } as FastifyDynamicSwaggerOptions['openapi'],
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transformObject: (documentObject) =>
      addExamples((documentObject as unknown as { openapiObject: Document }).openapiObject) as object,
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
