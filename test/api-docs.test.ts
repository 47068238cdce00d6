// What a newcomer finds by opening the server in a browser: GET / points at the docs, /docs loads
// the real OpenAPI document, and that document is usable as it stands: every request example is
// accepted by its route, every example and every real answer fits its schema, every wire schema
// is listed, and the webhooks section describes what the deliveries really carry.
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../src/http/openapi.examples.js';
import { KNOWLEDGE_EXAMPLE_IDS as K } from '../src/modules/knowledge/knowledge.docs.js';
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';
import { installed } from './helpers/integrations.js';
import { startReceiver, startWorker, type Receiver } from './helpers/webhooks.js';

type Media = { schema: object; example?: unknown };
type Operation = {
  parameters?: Array<{ name: string; in: string; required?: boolean; example?: unknown }>;
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { description?: string; content?: Record<string, Media> }>;
};
type Document = {
  info: { description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { examples?: unknown[] }> };
  webhooks: Record<string, { post: { requestBody: { content: Record<string, Media> } } }>;
};

/** Validates against a schema of the document, resolving its #/components/... references. */
function validatorFor(doc: Document) {
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  const cache = new Map<string, ValidateFunction>();
  return (schema: object, value: unknown): string | null => {
    const key = JSON.stringify(schema);
    let validate = cache.get(key);
    if (!validate) {
      validate = ajv.compile({ ...schema, components: doc.components });
      cache.set(key, validate);
    }
    return validate(value) ? null : ajv.errorsText(validate.errors);
  };
}

function operations(doc: Document) {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
}

const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==',
  'base64',
);

const json = (media: Record<string, Media> | undefined) => media?.['application/json'];
const successes = (op: Operation) => Object.entries(op.responses).filter(([status]) => status.startsWith('2'));

describe.each(ENGINES)('API docs (%s)', (engine) => {
  let ctx: TestContext;
  let doc: Document;
  let check: ReturnType<typeof validatorFor>;

  beforeAll(async () => {
    ctx = await createTestContext(engine);
    doc = (await ctx.request('GET', '/api/openapi.json', { key: null })).body;
    check = validatorFor(doc);
  });
  afterAll(() => ctx?.close());

  it('answers GET / with pointers to the docs, the OpenAPI document and the health check', async () => {
    for (const url of ['/', '']) {
      const res = await ctx.request('GET', url || '/', { key: null });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ docs: '/docs', openapi: '/api/openapi.json', health: '/healthz' });
    }
    for (const pointer of ['/docs', '/api/openapi.json', '/healthz']) {
      expect((await ctx.request('GET', pointer, { key: null })).status, pointer).toBe(200);
    }
  });

  it("points the docs page's top bar at /api/openapi.json", async () => {
    const res = await ctx.request('GET', '/docs/static/swagger-initializer.js', { key: null });
    expect(res.status).toBe(200);
    expect(res.raw).toMatch(/"urls":\[\{"url":"\/api\/openapi\.json","name":"\/api\/openapi\.json"\}\]/);
  });

  it('shows the Authorization header with its <key> placeholder as code, so Markdown keeps it', () => {
    expect(doc.info.description).toContain('`Authorization: Bearer <key>`');
    // Outside code spans, Markdown would take <key> for an HTML tag and drop it.
    expect(doc.info.description.replace(/`[^`]*`/g, '')).not.toMatch(/<[a-z]/i);
  });

  it('lists every wire schema under components', () => {
    const names = Object.keys(doc.components.schemas);
    for (const name of [
      'ErrorEnvelope',
      'EndUser',
      'Webhook',
      'WebhookAttempt',
      'EventType',
      'Channel',
      'CustomChannel',
      'NativeChannel',
      'Conversation',
      'Message',
      'MessageLogEntry',
      'EndUserEvent',
      'ConversationCreatedEvent',
      'ConversationMessageEvent',
      'ConversationEndedEvent',
      'KnowledgeSource',
      'KnowledgeArticle',
      'KnowledgeTag',
      'AvailabilityRule',
      'Variable',
    ]) {
      expect(names).toContain(name);
    }
    // Every reference in the document leads to a listed schema.
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) expect(names, ref).toContain(ref.slice('"#/components/schemas/'.length, -1));
  });

  it('gives every request body and every success answer with a body an example that fits its schema', () => {
    for (const { path, method, op } of operations(doc)) {
      const body = json(op.requestBody?.content);
      if (body) {
        expect(body.example, `${method} ${path} request`).toBeDefined();
        expect(check(body.schema, body.example), `${method} ${path} request example`).toBeNull();
      }
      for (const [status, response] of Object.entries(op.responses))
        expect(response.description, `${method} ${path} ${status}`).not.toBe('Default Response');
      for (const [status, response] of successes(op)) {
        const media = json(response.content);
        if (!media) continue;
        expect(media.example, `${method} ${path} ${status}`).toBeDefined();
        expect(check(media.schema, media.example), `${method} ${path} ${status} example`).toBeNull();
      }
    }
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const example of schema.examples ?? [])
        expect(check(schema, example), `components.schemas.${name} example`).toBeNull();
    }
    expect(doc.components.schemas.ErrorEnvelope!.examples).toHaveLength(1);
  });

  it('accepts every request example unchanged but for the ids, and answers as documented', async () => {
    // Records for the ids the examples and paths name; the examples' own ids are swapped for these.
    const owner = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'docs-owner' } });
    const channel = await ctx.request('POST', '/api/v2/channels/', {
      body: { name: 'Docs', description: '', modality: 'messaging' },
    });
    const conversation = await ctx.request('POST', '/api/v2/conversations/', {
      body: { channel_id: channel.body.id, end_user_id: owner.body.end_user_id },
    });
    // The end-handoff example needs a conversation in a handoff, which only a responder starts.
    const { store: conversations } = ctx.container.modules.conversations;
    const stored = await conversations.findById(ctx.agentA, conversation.body.id);
    await conversations.update({ ...stored!, handoffIntegration: 'zendesk_chat' }, ctx.container.db.root);
    const webhook = await ctx.request('POST', '/api/v2/webhooks/', { body: { url: 'https://hooks.example.com/docs' } });
    // The knowledge examples name these: a source, a tag and two articles (one for the bulk delete).
    await ctx.request('POST', '/api/v2/knowledge/sources/', { body: { id: K.source, name: 'Help centre' } });
    await ctx.request('POST', '/api/v2/knowledge/bulk/tags/', { body: [{ id: K.tag, name: 'Billing' }] });
    const articles = [K.article, K.otherArticle].map((id) => ({
      id,
      name: id,
      content: id,
      knowledge_source_id: K.source,
    }));
    expect((await ctx.request('POST', '/api/v2/knowledge/bulk/articles/', { body: articles })).status).toBe(200);
    const variables = await ctx.request('GET', '/api/v2/variables/');
    const erasure = await ctx.request('POST', '/api/v2/end-users/delete', {
      body: { identifiers: [{ type: 'email', value: 'docs-job@example.com' }] },
    });
    // The installation routes take the installation's access token.
    const installation = await installed(ctx);
    const instruction = await ctx.request('POST', '/api/v2/custom-instructions/', {
      body: { title: 'Docs', text: 'Be brief.' },
    });
    const real: Record<string, string> = {
      end_user_id: owner.body.end_user_id,
      channel_id: channel.body.id,
      conversation_id: conversation.body.id,
      webhook_id: webhook.body.id,
      knowledge_source_id: K.source,
      article_id: K.article,
      tag_id: K.tag,
      variable_id: variables.body.data[0].id,
      job_id: erasure.body.job_id,
      platform_integration_id: installation.integration.id,
      installation_id: installation.installationId,
      custom_instruction_id: instruction.body.id,
    };
    const swaps: Array<[string, string]> = [
      [IDS.endUser, real.end_user_id!],
      [IDS.channel, real.channel_id!],
      [IDS.conversation, real.conversation_id!],
      [IDS.webhook, real.webhook_id!],
    ];
    const withRealIds = (value: unknown) =>
      JSON.parse(swaps.reduce((text, [from, to]) => text.replaceAll(from, to), JSON.stringify(value)));

    // The upload comes first (the conversation is still in its handoff) and the download of what
    // it answered after it; ending the conversation and deleting the webhook come last: the others
    // need them.
    const multipartOf = (op: Operation) => op.requestBody?.content['multipart/form-data'];
    const isDownload = (path: string) => path.startsWith('/api/v2/attachments/');
    const last = (method: string, path: string, op: Operation) =>
      Number(path.endsWith('/end/')) +
      Number(method === 'DELETE') * 2 +
      (isDownload(path) ? 0.5 : 0) -
      (multipartOf(op) ? 1 : 0);
    let downloadUrl: string | null = null;
    const ordered = operations(doc).sort((a, b) => last(a.method, a.path, a.op) - last(b.method, b.path, b.op));
    expect(ordered.length).toBeGreaterThanOrEqual(23);
    for (const { path, method, op } of ordered) {
      const query = new URLSearchParams();
      for (const parameter of op.parameters ?? []) {
        if (parameter.in !== 'query') continue;
        if (parameter.required) expect(parameter.example, `${method} ${path} ?${parameter.name}`).toBeDefined();
        // Optional parameters with an example are sent too: a filter may be what makes the example work.
        if (parameter.example !== undefined) query.set(parameter.name, String(parameter.example));
      }
      // The signed download URL is the one the upload answered.
      const url = isDownload(path)
        ? (downloadUrl ?? 'no-upload-answered')
        : path.replace(/\{(\w+)\}/g, (_, name: string) => real[name] ?? `missing-${name}`) +
          (query.size > 0 ? `?${query}` : '');
      const example = json(op.requestBody?.content)?.example;
      const key = path.includes('/installations/') ? installation.tokens.access_token : undefined;
      // A multipart body is sent as the form it describes: a small PNG in the field "file".
      const boundary = 'docs-boundary';
      const form = multipartOf(op)
        ? {
            payload: Buffer.concat([
              Buffer.from(
                `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="pixel.png"\r\nContent-Type: image/png\r\n\r\n`,
              ),
              PIXEL_PNG,
              Buffer.from(`\r\n--${boundary}--\r\n`),
            ]),
            headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          }
        : {};
      const res = await ctx.request(method, url, {
        key,
        ...form,
        ...(example === undefined ? {} : { body: withRealIds(example) }),
      });
      if (multipartOf(op) && res.status === 201) {
        const answered: URL = new URL(res.body.url);
        downloadUrl = `${answered.pathname}${answered.search}`;
      }
      const documented = successes(op).map(([status]) => Number(status));
      expect(documented, `${method} ${path} answered ${res.status}: ${res.raw}`).toContain(res.status);
      const media = json(op.responses[String(res.status)]?.content);
      if (media) expect(check(media.schema, res.body), `${method} ${path} answer`).toBeNull();
    }
  });
});

describe.each(ENGINES)('the OpenAPI webhooks section (%s)', (engine) => {
  let ctx: TestContext;
  let receiver: Receiver;
  let worker: ReturnType<typeof startWorker>;

  beforeAll(async () => {
    receiver = await startReceiver();
    ctx = await createTestContext(engine, {
      env: {
        ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true',
        ROSTER_WEBHOOK_POLL_INTERVAL: '50ms',
        ROSTER_RESPONDER: 'script',
        ROSTER_RESPONDER_SCRIPT: 'examples/responder-script.json',
      },
    });
    worker = startWorker(ctx.container);
  });
  afterAll(async () => {
    await worker?.stop();
    await receiver?.close();
    await ctx?.close();
  });

  it('describes every event type, and every real delivery fits the schema given for its type', async () => {
    const doc: Document = (await ctx.request('GET', '/api/openapi.json', { key: null })).body;
    const check = validatorFor(doc);
    // Every event type Roster sends is described.
    const sent = ctx.container.eventTypes.map((t) => t.name);
    expect(Object.keys(doc.webhooks).sort()).toEqual([...sent].sort());
    for (const [type, item] of Object.entries(doc.webhooks)) {
      const media = json(item.post.requestBody.content)!;
      expect(check(media.schema, media.example), `${type} example`).toBeNull();
    }

    // Every type by name: the audit log's is sent only to endpoints that ask for it.
    const everyType = ctx.container.eventTypes.map((t) => t.name);
    const endpoint = { url: receiver.url, event_filters: everyType };
    expect((await ctx.request('POST', '/api/v2/webhooks/', { body: endpoint })).status).toBe(201);
    const user = await ctx.request('POST', '/api/v2/end-users/', {
      body: { external_id: 'hooked', profile: { first_name: 'Maria', metadata: { plan: 'pro' } } },
    });
    await ctx.request('PATCH', `/api/v2/end-users/${user.body.end_user_id}`, { body: { profile: { last_name: 'S' } } });
    const channel = await ctx.request('POST', '/api/v2/channels/', {
      body: { name: 'App', description: '', modality: 'messaging', metadata: { team: 'a' } },
    });
    const conversation = await ctx.request('POST', '/api/v2/conversations/', {
      body: { channel_id: channel.body.id, end_user_id: user.body.end_user_id, metadata: { page: '/x', n: 1.5 } },
    });
    await ctx.request('POST', `/api/v2/conversations/${conversation.body.id}/messages/`, {
      body: { author: { role: 'end_user', id: user.body.end_user_id }, content: { type: 'text', body: 'order 7' } },
    });
    await ctx.request('POST', `/api/v2/conversations/${conversation.body.id}/messages/`, {
      body: { author: { role: 'human_agent', display_name: 'Sam' }, content: { type: 'text', body: 'Hi' } },
    });
    // The script hands the conversation to zendesk_chat; once its turn ran, the handoff can end.
    await ctx.request('POST', `/api/v2/conversations/${conversation.body.id}/messages/`, {
      body: {
        author: { role: 'end_user', id: user.body.end_user_id },
        content: { type: 'text', body: 'talk to a person' },
      },
    });
    const handoffDeadline = Date.now() + 15_000;
    while ((await ctx.request('POST', `/api/v2/conversations/${conversation.body.id}/end-handoff/`)).status !== 200) {
      if (Date.now() > handoffDeadline) throw new Error('the handoff never started');
      await new Promise((r) => setTimeout(r, 50));
    }
    await ctx.request('POST', `/api/v2/conversations/${conversation.body.id}/end/`);
    // Three proactive calls, one per verdict.
    for (const phone of ['+14155550123', '+14155550000', '+14155551111']) {
      const call = await ctx.request('POST', '/api/v2/conversations/proactive/', {
        body: { channel: 'voice', recipient: { phone_number: phone } },
      });
      expect(call.status).toBe(202);
    }

    const deadline = Date.now() + 15_000;
    const seen = () => new Set(receiver.deliveries.map((d) => d.body?.type));
    const extensions = new Set(ctx.container.eventTypes.filter((t) => t.extension).map((t) => t.name));
    const ada = sent.filter((name) => !extensions.has(name)).length;
    while (seen().size < ada && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // Then the erasure of the end user, for Roster's extension event.
    await ctx.request('POST', '/api/v2/end-users/delete', {
      body: { identifiers: [{ type: 'external_id', value: 'hooked' }] },
    });
    while (seen().size < sent.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect([...seen()].sort()).toEqual([...sent].sort());
    for (const delivery of receiver.deliveries) {
      const type = delivery.body.type as string;
      const media = json(doc.webhooks[type]!.post.requestBody.content)!;
      expect(check(media.schema, delivery.body), `${type}: ${delivery.raw}`).toBeNull();
    }
    // An AI Agent reply (the script's greeting or answer) was among them.
    expect(receiver.byType('v1.conversation.message').some((d) => d.body.data.author.role === 'ai_agent')).toBe(true);
  });
});
