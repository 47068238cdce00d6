// Full-text search over the knowledge base (the Roster extension GET /knowledge/search/) and the
// knowledge responder, which answers end users' messages from it: other word forms match, names
// weigh more than text, one language at a time, disabled articles never, availability rules keep
// articles from end users they exclude, and a message no article answers well gets the configured
// sentence, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { COMMON_ROWS } from '../src/db/full-text.js';
import { ARTICLE_STATISTICS_KIND } from '../src/modules/knowledge/articles.service.js';
import { variableId } from '../src/modules/knowledge/variables.js';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import { CONVERSATIONS, endUserText, newChannel, newConversation, postMessage } from './helpers/conversations.js';
import { SEARCH, article, newSource, upserted } from './helpers/knowledge.js';

const PASSWORD = article('password', {
  name: 'Reset your password',
  content:
    '# Passwords\n\nKeep it secret.\n\nOpen Settings, then Security, and choose Reset. We email you a link that works for one hour.',
  url: 'https://help.example.com/password',
});
const ACCOUNT = article('account', {
  name: 'Your account',
  content: 'Your account page shows your plan. A forgotten password can be reset from the sign-in page too.',
});
const FRENCH = article('mot-de-passe', {
  name: 'Réinitialiser votre mot de passe',
  content: 'Ouvrez les réglages et choisissez Réinitialiser.',
  language: 'fr',
});
const WARRANTY = article('warranty', {
  name: 'Warranty',
  content: 'Every device has a two year warranty.',
  enabled: false,
});
const GOLD_REFUND = article('refund-gold', {
  name: 'Refunds for gold members',
  content: 'Gold members get refunds at once, to the card they paid with.',
  url: 'https://help.example.com/refunds/gold',
  availability_rules: {
    match: 'all',
    conditions: [{ variable: { id: variableId('metadata', 'plan') }, operator: 'equals', value: 'gold' }],
  },
});
const REFUND = article('refund', {
  name: 'Refund policy',
  content: 'Refunds reach your card within five business days.',
});
const VAULT = article('vault', {
  name: 'Vault access codes',
  content: 'Vault codes rotate weekly.',
  availability_rules: {
    match: 'all',
    conditions: [{ variable: { id: variableId('metadata', 'plan') }, operator: 'equals', value: 'gold' }],
  },
});

describe.each(ENGINES)('knowledge search on %s', (engine) => {
  let ctx: TestContext;
  let member: string;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
    const res = await ctx.request('POST', '/api/v2/end-users/', { body: { profile: { metadata: { plan: 'gold' } } } });
    member = res.body.end_user_id;
    await newSource(ctx, 'help');
    await upserted(ctx, [PASSWORD, ACCOUNT, FRENCH, WARRANTY, GOLD_REFUND, REFUND]);
  });
  afterAll(async () => ctx?.close());

  const search = async (query: string, extra = '', key?: string) => {
    const res = await ctx.request('GET', `${SEARCH}?query=${encodeURIComponent(query)}${extra}`, key ? { key } : {});
    expect(res.status).toBe(200);
    return res.body.data as Array<{ score: number; article: any }>;
  };
  const ids = (hits: Array<{ article: any }>) => hits.map((h) => h.article.id);

  it('finds other forms of the words, ranks a match in the name above one in the text, best first', async () => {
    const hits = await search('How do I reset my passwords?');
    expect(ids(hits)).toEqual(['password', 'account']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits[0]!.article).toEqual((await ctx.request('GET', '/api/v2/knowledge/articles/password')).body);
    expect(ids(await search('resetting', '&limit=1'))).toEqual(['password']);
  });

  it('answers each article as GET answers it, with its tags in their order', async () => {
    const tags = await ctx.request('POST', '/api/v2/knowledge/bulk/tags/', {
      body: [
        { id: 'shipping', name: 'Shipping' },
        { id: 'abroad', name: 'Abroad' },
      ],
    });
    expect(tags.status).toBe(200);
    await upserted(ctx, [
      article('parcel', { name: 'Parcel tracking', content: 'Track a parcel.', tag_ids: ['shipping', 'abroad'] }),
      article('parcel-lost', { name: 'Lost parcel', content: 'A parcel may be lost.', tag_ids: ['abroad'] }),
    ]);
    const hits = await search('parcel tracking');
    expect(ids(hits)).toEqual(['parcel', 'parcel-lost']);
    expect(hits[0]!.article.tag_ids).toEqual(['shipping', 'abroad']);
    for (const hit of hits)
      expect(hit.article).toEqual((await ctx.request('GET', `/api/v2/knowledge/articles/${hit.article.id}`)).body);
  });

  it('searches one language: English unless asked, any tag of the language when asked', async () => {
    expect(ids(await search('réinitialiser'))).toEqual([]);
    expect(ids(await search('réinitialiser', '&language=fr-CA'))).toEqual(['mot-de-passe']);
    expect(ids(await search('passe', '&language=fr'))).toEqual(['mot-de-passe']);
  });

  it('never returns a disabled article, and finds nothing for words it ignores or does not know', async () => {
    expect(ids(await search('warranty'))).toEqual([]);
    expect(await search('how do I')).toEqual([]);
    expect(await search('zyzzyva')).toEqual([]);
  });

  it('keeps articles from end users their rules exclude, and from other agents', async () => {
    const other = (await ctx.request('POST', '/api/v2/end-users/', { body: {} })).body.end_user_id;
    expect(ids(await search('gold refunds', `&end_user_id=${member}`))).toEqual(['refund-gold', 'refund']);
    expect(ids(await search('gold refunds', `&end_user_id=${other}`))).toEqual(['refund']);
    expect(await search('refunds', '', ctx.keyB)).toEqual([]);
    const foreign = await ctx.request('GET', `${SEARCH}?query=refund&end_user_id=${member}`, { key: ctx.keyB });
    expectError(foreign, 404, 'not_found');
    expectError(await ctx.request('GET', `${SEARCH}?query=refund&end_user_id=nobody`), 404, 'not_found');
  });

  it(`leaves a word found in more than ${COMMON_ROWS} articles out of a search that has rarer words`, async () => {
    await upserted(
      ctx,
      Array.from({ length: COMMON_ROWS + 1 }, (_, i) =>
        article(`bill-${i}`, { name: 'Billing', content: 'Your invoice is ready.' }),
      ),
    );
    const sorted = (hits: Array<{ article: any }>) => ids(hits).sort();
    expect(sorted(await search('invoice refunds', '&limit=20'))).toEqual(['refund', 'refund-gold']);
    // A word no article has is no reason to drop the others.
    const hits = await search('invoice zyzzyva', '&limit=2');
    expect(hits).toHaveLength(2);
    expect(ids(hits).every((id) => id.startsWith('bill-'))).toBe(true);
  });

  it("counts a word's articles in the agent's own, and counts again after a write", async () => {
    // Agent A holds the word in over COMMON_ROWS articles, agent B in one: for B it is rare.
    await newSource(ctx, 'help', ctx.keyB);
    await upserted(
      ctx,
      [
        article('b-invoice', { name: 'Invoices', content: 'Where to find an invoice.' }),
        article('b-refund', { name: 'Refunds', content: 'Refunds take a week.' }),
      ],
      ctx.keyB,
    );
    expect(ids(await search('invoice refunds', '&limit=20', ctx.keyB)).sort()).toEqual(['b-invoice', 'b-refund']);
    // One article fewer and the word is no longer common for A: it takes part again, at once.
    const drop = await ctx.request('DELETE', '/api/v2/knowledge/articles/bill-0');
    expect(drop.status).toBe(204);
    const rare = ids(await search('invoice refunds', '&limit=20'));
    expect(rare).toHaveLength(20);
    expect(rare.some((id) => id.startsWith('bill-'))).toBe(true);
    // And common again once the article is back.
    await upserted(ctx, [article('bill-0', { name: 'Billing', content: 'Your invoice is ready.' })]);
    expect(ids(await search('invoice refunds', '&limit=20')).sort()).toEqual(['refund', 'refund-gold']);
  });

  it("finds the agent's weak matches under many better ones of another agent or disabled", async () => {
    await newSource(ctx, 'zoo', ctx.keyB);
    await upserted(
      ctx,
      Array.from({ length: 30 }, (_, i) =>
        article(`zebra-${i}`, { name: 'Zebra zebras', content: 'Zebra, zebra, zebra.' }, 'zoo'),
      ),
      ctx.keyB,
    );
    await upserted(ctx, [
      ...Array.from({ length: 30 }, (_, i) =>
        article(`off-zebra-${i}`, { name: 'Zebra zebras', content: 'Zebra, zebra.', enabled: false }),
      ),
      article('stripes', { name: 'Stripes', content: 'Some say a zebra is black on white.' }),
    ]);
    expect(ids(await search('zebra'))).toEqual(['stripes']);
    expect(ids(await search('zebra', '', ctx.keyB))).toHaveLength(5);
  });

  it('answers a search of common words from the names first, then from the articles holding them all', async () => {
    const copies = ['copy-1', 'copy-2', 'copy-3'];
    await upserted(ctx, [
      ...copies.map((id) => article(id, { name: 'Invoice copies', content: 'Ask us for a copy.' })),
      article('statement', { name: 'Statements', content: 'Invoice after invoice, invoices and invoicing.' }),
    ]);
    // Three names hold the word: enough for three answers (the text that repeats it comes after
    // them), not for five.
    expect(ids(await search('invoices', '&limit=3')).sort()).toEqual(copies);
    const five = ids(await search('invoice', '&limit=5'));
    expect(five).toHaveLength(5);
    expect(five).toEqual(expect.arrayContaining(copies));
    // Both words are common and only billing articles hold both.
    const both = ids(await search('ready invoice', '&limit=5'));
    expect(both).toHaveLength(5);
    expect(both.every((id) => id.startsWith('bill-'))).toBe(true);
  });

  it('readies the search index once a large import pauses', async () => {
    const job = () =>
      ctx.container.db.kysely
        .selectFrom('jobs')
        .select(['state', 'run_at'])
        .where('kind', '=', ARTICLE_STATISTICS_KIND)
        .where('agent_id', '=', ctx.agentA)
        .executeTakeFirst();
    // The batches above wrote over 100 articles: one job waits for the import to pause.
    const queued = await job();
    expect(queued?.state).toBe('queued');
    expect(Number(queued?.run_at)).toBeGreaterThan(ctx.clock.now());
    await ctx.container.jobs.drain(ARTICLE_STATISTICS_KIND);
    expect((await job())?.state).toBe('queued'); // not due yet
    ctx.clock.advance(2_000);
    await ctx.container.jobs.drain(ARTICLE_STATISTICS_KIND);
    expect((await job())?.state).not.toBe('queued');
    if (engine === 'postgres') {
      // ANALYZE ran: the planner's row estimate is the table's real size (-1 means never analyzed).
      const { rows } = await sql<{ estimate: number; real: number }>`
        select (select reltuples from pg_class where relname = 'knowledge_articles') as estimate,
               (select count(*) from knowledge_articles) as real`.execute(ctx.container.db.kysely);
      expect(Number(rows[0]?.estimate)).toBe(Number(rows[0]?.real));
    } else {
      // The FTS5 indexes were merged into one segment each (every transaction writes one).
      for (const table of ['knowledge_articles_fts_idx', 'knowledge_articles_title_fts_idx']) {
        const { rows } = await sql<{ n: number }>`select count(distinct segid) as n from ${sql.table(table)}`.execute(
          ctx.container.db.kysely,
        );
        expect(Number(rows[0]?.n)).toBe(1);
      }
    }
  });

  it('checks its parameters', async () => {
    for (const query of ['', '?query=', `?query=${'x'.repeat(1_001)}`, '?query=x&limit=21', '?query=x&language=?']) {
      expectError(await ctx.request('GET', `${SEARCH}${query}`), 400, 'validation_error');
    }
  });
});

describe.each(ENGINES)('the knowledge responder on %s', (engine) => {
  const NO_ANSWER = 'Nothing in our help centre about that, sorry.';
  let ctx: TestContext;
  let channelId: string;
  beforeAll(async () => {
    ctx = await createTestContext(engine, {
      env: { ROSTER_RESPONDER: 'knowledge', ROSTER_KNOWLEDGE_NO_ANSWER: NO_ANSWER },
    });
    await newSource(ctx, 'help');
    channelId = (await newChannel(ctx)).id;
    // The rules below test metadata.plan, which must be a variable: some end user has it.
    await ctx.request('POST', '/api/v2/end-users/', { body: { profile: { metadata: { plan: 'none' } } } });
    await upserted(ctx, [PASSWORD, ACCOUNT, WARRANTY, GOLD_REFUND, REFUND, VAULT]);
  });
  afterAll(async () => ctx?.close());

  /** A conversation of a new end user with this metadata. */
  async function conversationOf(metadata: Record<string, string>) {
    const user = await ctx.request('POST', '/api/v2/end-users/', { body: { profile: { metadata } } });
    const conversation = await newConversation(ctx, { channel_id: channelId, end_user_id: user.body.end_user_id });
    return { id: conversation.id as string, endUserId: user.body.end_user_id as string };
  }

  /** The AI Agent's replies to one message, as the message log shows them. */
  async function ask(conversation: { id: string; endUserId: string }, text: string) {
    const before = await ctx.request('GET', `${CONVERSATIONS}${conversation.id}/messages/`);
    expect((await postMessage(ctx, conversation.id, endUserText(conversation.endUserId, text))).status).toBe(201);
    await ctx.container.jobs.drain();
    const after = await ctx.request('GET', `${CONVERSATIONS}${conversation.id}/messages/`);
    return after.body.data.slice(before.body.data.length + 1).map((m: any) => {
      expect(m.author.role).toBe('ai_agent');
      return m.content;
    });
  }

  it('says nothing when a conversation starts, then answers with an excerpt and a link to the article', async () => {
    const conversation = await conversationOf({});
    await ctx.container.jobs.drain();
    const log = await ctx.request('GET', `${CONVERSATIONS}${conversation.id}/messages/`);
    expect(log.body.data).toEqual([]);
    expect(await ask(conversation, 'How can I reset my password?')).toEqual([
      {
        type: 'text',
        body: 'Open Settings, then Security, and choose Reset. We email you a link that works for one hour.',
      },
      { type: 'link', url: 'https://help.example.com/password', link_text: 'Reset your password' },
    ]);
    // An article without a url answers with its excerpt alone.
    expect(await ask(conversation, 'what does my account page show?')).toEqual([
      {
        type: 'text',
        body: 'Your account page shows your plan. A forgotten password can be reset from the sign-in page too.',
      },
    ]);
  });

  it('keeps an article out of the answers of an end user its rule excludes', async () => {
    const gold = await conversationOf({ plan: 'gold' });
    const free = await conversationOf({ plan: 'free' });
    expect((await ask(gold, 'Gold refunds?'))[0].body).toBe(
      'Gold members get refunds at once, to the card they paid with.',
    );
    expect((await ask(free, 'Gold refunds?'))[0].body).toBe('Refunds reach your card within five business days.');
    expect(await ask(gold, 'vault codes')).toEqual([{ type: 'text', body: 'Vault codes rotate weekly.' }]);
    expect(await ask(free, 'vault codes')).toEqual([{ type: 'text', body: NO_ANSWER }]);
  });

  it('never uses a disabled article, and uses it once it is enabled', async () => {
    const conversation = await conversationOf({});
    expect(await ask(conversation, 'What is the warranty?')).toEqual([{ type: 'text', body: NO_ANSWER }]);
    await upserted(ctx, [{ ...WARRANTY, enabled: true }]);
    expect(await ask(conversation, 'What is the warranty?')).toEqual([
      { type: 'text', body: 'Every device has a two year warranty.' },
    ]);
    await upserted(ctx, [WARRANTY]);
    expect(await ask(conversation, 'What is the warranty?')).toEqual([{ type: 'text', body: NO_ANSWER }]);
  });

  it('says it has no answer when the best article holds under half of the words that count', async () => {
    const conversation = await conversationOf({});
    expect(await ask(conversation, 'Will it rain in Lisbon tomorrow?')).toEqual([{ type: 'text', body: NO_ANSWER }]);
    // "password" is in two articles, but "lisbon", "weather" and "forecast" are in none.
    expect(await ask(conversation, 'password weather forecast Lisbon')).toEqual([{ type: 'text', body: NO_ANSWER }]);
    expect((await ask(conversation, 'password weather'))[0].type).toBe('text');
    expect((await ask(conversation, 'password weather'))[0].body).not.toBe(NO_ANSWER);
  });
});
