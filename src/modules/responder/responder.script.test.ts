// The script responder and the choice of responder: greetings, rules tried in order, regex groups,
// placeholders, fallback, the reply's author fields, and a ConfigError naming
// ROSTER_RESPONDER_SCRIPT, the file and the JSON path for every kind of bad file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, type ResponderConfig } from '../../config.js';
import { answerOf, createResponder, type Handoff, type Reply, type ResponderTurn } from './responder.js';
import { createScriptResponder } from './responder.script.js';

const dir = mkdtempSync(path.join(tmpdir(), 'roster-script-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function scriptFile(content: unknown): string {
  const file = path.join(dir, `script-${++files}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const signal = new AbortController().signal;

function turn(text: string | null, overrides: Partial<ResponderTurn> = {}): ResponderTurn {
  return {
    id: text === null ? 'c1' : 'm1',
    kind: text === null ? 'conversation_created' : 'end_user_message',
    agent: { id: 'a1', handle: 'acme' },
    conversation: { id: 'c1', channel_id: 'ch1', end_user_id: 'u1', status: 'active', metadata: { order: 'A-17' } },
    channel: { id: 'ch1', name: 'Support' },
    endUser: {
      end_user_id: 'u1',
      external_id: 'ext-1',
      profile: {
        first_name: 'Ada',
        last_name: null,
        display_name: 'Ada L.',
        email: 'ada@example.com',
        metadata: { plan: 'gold', seats: 3 },
      },
    },
    message: text === null ? null : { id: 'm1', author: { role: 'end_user' }, content: { type: 'text', body: text } },
    sensitiveMetadata: () => Promise.reject(new Error('the script responder must never read sensitive metadata')),
    ...overrides,
  };
}

const bodies = (answer: Reply[] | Handoff) =>
  answerOf(answer).replies.map((r) => (r.content.type === 'text' ? r.content.body : `link:${r.content.url}`));

async function answer(script: unknown, text: string | null, overrides?: Partial<ResponderTurn>): Promise<string[]> {
  return bodies(await createScriptResponder(scriptFile(script)).respond(turn(text, overrides), signal));
}

describe('script responder', () => {
  it('hands the conversation to the integration a matching rule names, after its replies', async () => {
    const responder = createScriptResponder(
      scriptFile({
        rules: [{ match: 'person', reply: 'Connecting you to a person.', handoff: 'zendesk_chat' }],
        fallback: 'Hm?',
      }),
    );
    const handed = await responder.respond(turn('a person please'), signal);
    expect(answerOf(handed).handoff).toBe('zendesk_chat');
    expect(bodies(handed)).toEqual(['Connecting you to a person.']);
    expect(answerOf(await responder.respond(turn('else'), signal)).handoff).toBeNull();
  });

  it('refuses a handoff integration name that is not a plain name', () => {
    expect(() =>
      createScriptResponder(scriptFile({ rules: [{ match: 'x', reply: 'y', handoff: 'has space' }] })),
    ).toThrow(/handoff/);
  });

  const support = {
    greeting: ['Hi {{end_user.first_name}}!', 'How can I help?'],
    rules: [
      { match: 'Refund', reply: 'Refunds take 5 days.' },
      { pattern: '^order\\s+(\\d+)$', flags: 'i', reply: ['Order $1 has shipped.', 'Anything else?'] },
      { pattern: 'refund|order', reply: 'never reached for "refund"' },
    ],
    fallback: 'Sorry, I did not understand "{{message.content.body}}".',
  };

  it('greets when a conversation starts, in order', async () => {
    expect(await answer(support, null)).toEqual(['Hi Ada!', 'How can I help?']);
    expect(await answer({ greeting: 'Hello' }, null)).toEqual(['Hello']);
    expect(await answer({ rules: [{ match: 'x', reply: 'y' }] }, null)).toEqual([]);
  });

  it('tries rules in order, the first match wins, match is a case-insensitive substring', async () => {
    expect(await answer(support, 'I want a REFUND please')).toEqual(['Refunds take 5 days.']);
    expect(await answer(support, 'refund for order 12')).toEqual(['Refunds take 5 days.']);
    expect(await answer(support, 'ORDER 4711')).toEqual(['Order 4711 has shipped.', 'Anything else?']);
    expect(await answer(support, 'an order, maybe')).toEqual(['never reached for "refund"']);
  });

  it('falls back when nothing matches, and says nothing without a fallback', async () => {
    expect(await answer(support, 'hello?')).toEqual(['Sorry, I did not understand "hello?".']);
    expect(await answer({ rules: support.rules }, 'hello?')).toEqual([]);
  });

  it('substitutes $1..$9, $<name>, $& and $$ in pattern rules only', async () => {
    const script = {
      rules: [
        { pattern: '(?<item>\\w+) costs (\\d+)(?: (euros))?', reply: '$& -> $<item> is $$$2 [$3]' },
        { match: 'price', reply: 'Prices start at $5 ($1 is not a group here).' },
      ],
    };
    expect(await answer(script, 'a lamp costs 40 euros')).toEqual(['lamp costs 40 euros -> lamp is $40 [euros]']);
    expect(await answer(script, 'tea costs 3')).toEqual(['tea costs 3 -> tea is $3 []']);
    expect(await answer(script, 'what price?')).toEqual(['Prices start at $5 ($1 is not a group here).']);
  });

  it('fills placeholders from the end user, the conversation, the channel and the AI Agent; missing ones are empty', async () => {
    const script = {
      fallback:
        '{{end_user.display_name}}/{{ end_user.profile.first_name }}/{{end_user.metadata.plan}}/{{end_user.metadata.seats}}/' +
        '{{end_user.external_id}}/{{conversation.metadata.order}}/{{channel.name}}/{{ai_agent.handle}}/[{{end_user.last_name}}]/[{{end_user.metadata.nope}}]',
    };
    expect(await answer(script, 'x')).toEqual(['Ada L./Ada/gold/3/ext-1/A-17/Support/acme/[]/[]']);
  });

  it('never reads captured text as a placeholder, and drops a reply that expands to nothing', async () => {
    const script = { rules: [{ pattern: 'say (.*)', reply: ['You said: $1', '{{end_user.last_name}}'] }] };
    expect(await answer(script, 'say {{end_user.email}}')).toEqual(['You said: {{end_user.email}}']);
  });

  it('gives a message without text the fallback, and applies the file display_name and avatar to every reply', async () => {
    const file = scriptFile({
      display_name: 'Acme Bot',
      avatar: 'https://example.com/bot.png',
      rules: [
        {
          pattern: '.*',
          reply: ['text', { link: 'https://example.com/help', link_text: 'Help for {{end_user.first_name}}' }],
        },
      ],
      fallback: 'Please send text.',
    });
    const responder = createScriptResponder(file);
    const fileMessage = { id: 'm2', content: { type: 'file', url: 'https://example.com/f.pdf' } };
    const replies = await responder.respond(turn('x', { message: fileMessage }), signal);
    expect(replies).toEqual([
      {
        content: { type: 'text', body: 'Please send text.' },
        display_name: 'Acme Bot',
        avatar: 'https://example.com/bot.png',
      },
    ]);
    expect(await responder.respond(turn('anything'), signal)).toEqual([
      { content: { type: 'text', body: 'text' }, display_name: 'Acme Bot', avatar: 'https://example.com/bot.png' },
      {
        content: { type: 'link', url: 'https://example.com/help', link_text: 'Help for Ada' },
        display_name: 'Acme Bot',
        avatar: 'https://example.com/bot.png',
      },
    ]);
    const plain = await createScriptResponder(scriptFile({ greeting: { link: 'https://example.com' } })).respond(
      turn(null),
      signal,
    );
    expect(plain).toEqual([
      { content: { type: 'link', url: 'https://example.com', link_text: null }, display_name: null, avatar: null },
    ]);
  });

  it('reads the file once, when created', async () => {
    const file = scriptFile({ greeting: 'first' });
    const responder = createScriptResponder(file);
    writeFileSync(file, JSON.stringify({ greeting: 'second' }));
    expect(bodies(await responder.respond(turn(null), signal))).toEqual(['first']);
  });
});

describe('script files that are refused', () => {
  function refusal(content: unknown): ConfigError {
    const file = scriptFile(content);
    try {
      createScriptResponder(file);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('ROSTER_RESPONDER_SCRIPT');
      expect((error as ConfigError).message).toContain(file);
      return error as ConfigError;
    }
    throw new Error('the file was accepted');
  }

  it.each([
    ['not JSON', '{\n  "greeting": "hi",\n  oops\n}', /is not valid JSON \(line 3, column 3\)/],
    ['a JSON array', '[]', /\$ must be an object/],
    ['an unknown key', { greetings: 'hi' }, /\$\.greetings is not an allowed key/],
    [
      'an unknown rule key',
      { rules: [{ match: 'a', replies: 'b' }] },
      /\$\.rules\[0\]\.reply is required; \$\.rules\[0\]\.replies is not an allowed key/,
    ],
    [
      'both match and pattern',
      {
        rules: [
          { match: 'a', reply: 'b' },
          { match: 'a', pattern: 'a', reply: 'b' },
        ],
      },
      /\$\.rules\[1\] must have exactly one of "match" and "pattern"/,
    ],
    ['neither match nor pattern', { rules: [{ reply: 'b' }] }, /\$\.rules\[0\] must have exactly one of/],
    [
      'an invalid regular expression',
      { rules: [{ pattern: '(unclosed', reply: 'b' }] },
      /\$\.rules\[0\]\.pattern is not a valid regular expression: .*unclosed/i,
    ],
    [
      'flags without a pattern',
      { rules: [{ match: 'a', flags: 'i', reply: 'b' }] },
      /\$\.rules\[0\]\.flags is only allowed with "pattern"/,
    ],
    [
      'a stateful flag',
      { rules: [{ pattern: 'a', flags: 'g', reply: 'b' }] },
      /\$\.rules\[0\]\.flags must be made of the regular expression flags i, m, s, u and v/,
    ],
    ['an empty reply', { fallback: '' }, /\$\.fallback must not be empty/],
    [
      'a reply over 10000 characters',
      { greeting: ['ok', 'x'.repeat(10_001)] },
      /\$\.greeting\[1\] must be at most 10000 characters long/,
    ],
    [
      'a reply of the wrong type',
      { rules: [{ match: 'a', reply: ['ok', 42] }] },
      /\$\.rules\[0\]\.reply\[1\] must be a reply: a string, or \{"link"/,
    ],
    [
      'more than 20 replies',
      { greeting: Array.from({ length: 21 }, () => 'x') },
      /\$\.greeting must have at most 20 items/,
    ],
    [
      'a link that is not http',
      { greeting: { link: 'ftp://example.com' } },
      /\$\.greeting\.link must be an http:\/\/ or https:\/\/ URL/,
    ],
    [
      'a group the pattern lacks',
      { rules: [{ pattern: 'order (\\d+)', reply: 'Order $1 costs $2' }] },
      /\$\.rules\[0\]\.reply: "\$2" refers to group 2 but the pattern has 1 \(write \$\$ for a literal \$\)/,
    ],
    [
      'a named group the pattern lacks',
      { rules: [{ pattern: '(?<id>\\d+)', reply: 'Order $<ids>' }] },
      /"\$<ids>" refers to no named group/,
    ],
    [
      'an unknown placeholder',
      { rules: [{ match: 'a', reply: ['ok', 'Hi {{user.name}}'] }] },
      /\$\.rules\[0\]\.reply\[1\]: "\{\{user\.name\}\}" is not a placeholder/,
    ],
    [
      'a broken placeholder',
      { greeting: 'Hi {{end_user.first name}}' },
      /\$\.greeting: has "\{\{" that opens no placeholder/,
    ],
    [
      'an unpaired surrogate',
      '{"greeting": "bad \\ud800 text"}',
      /\$\.greeting must not contain U\+0000 or an unpaired UTF-16 surrogate/,
    ],
    ['a display_name of the wrong type', { display_name: 7 }, /\$\.display_name must be a string or null/],
  ])('refuses %s', (_name, content, expected) => {
    expect(refusal(content).message).toMatch(expected);
  });

  it('reports several problems at once', () => {
    expect(refusal({ greeting: '', fallback: 3 }).message).toMatch(
      /\$\.greeting must not be empty; \$\.fallback must be a reply/,
    );
  });

  it('names the file when it cannot be read', () => {
    const missing = path.join(dir, 'missing.json');
    expect(() => createScriptResponder(missing)).toThrow(ConfigError);
    expect(() => createScriptResponder(missing)).toThrow(
      new RegExp(`^ROSTER_RESPONDER_SCRIPT: ${missing.replace(/[.\\]/g, '\\$&')}: cannot be read \\(ENOENT\\)`),
    );
    expect(() => createScriptResponder(dir)).toThrow(/is not a file/);
  });

  it('refuses a file over 1 MiB and one that is not UTF-8', () => {
    expect(refusal(JSON.stringify({ comment: 'x'.repeat(1_048_576) })).message).toMatch(
      /a script may be at most 1048576/,
    );
    const file = path.join(dir, 'latin1.json');
    writeFileSync(
      file,
      Buffer.from([0x7b, 0x22, 0x67, 0x72, 0x65, 0x65, 0x74, 0x69, 0x6e, 0x67, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]),
    );
    expect(() => createScriptResponder(file)).toThrow(/is not UTF-8 text/);
  });

  it('accepts a file that starts with a UTF-8 byte order mark, as some editors write', async () => {
    const file = scriptFile('\uFEFF{"greeting":"hi"}');
    expect(bodies(await createScriptResponder(file).respond(turn(null), signal))).toEqual(['hi']);
  });
});

describe('createResponder', () => {
  const base: ResponderConfig = {
    kind: 'none',
    scriptPath: null,
    url: null,
    timeoutMs: 1_000,
    secret: null,
    includeSensitive: false,
    noAnswer: 'No answer.',
  };

  it('none always answers nothing', async () => {
    const responder = createResponder(base);
    expect(responder.kind).toBe('none');
    expect(await responder.respond(turn('refund'), signal)).toEqual([]);
  });

  it('script reads the file at once and refuses a bad one at once', async () => {
    const responder = createResponder({ ...base, kind: 'script', scriptPath: scriptFile({ greeting: 'Hello' }) });
    expect(responder.kind).toBe('script');
    expect(bodies(await responder.respond(turn(null), signal))).toEqual(['Hello']);
    expect(() =>
      createResponder({ ...base, kind: 'script', scriptPath: scriptFile({ rules: [{ reply: 'x' }] }) }),
    ).toThrow(ConfigError);
    expect(() => createResponder({ ...base, kind: 'script' })).toThrow(/ROSTER_RESPONDER_SCRIPT: is required/);
  });

  it('http needs a URL and a usable secret', () => {
    expect(() => createResponder({ ...base, kind: 'http' })).toThrow(/ROSTER_RESPONDER_URL/);
    const responder = createResponder({ ...base, kind: 'http', url: 'http://127.0.0.1:1/hook' });
    expect(responder.kind).toBe('http');
    expect(() =>
      createResponder({ ...base, kind: 'http', url: 'http://127.0.0.1:1/', secret: `whsec_${'A'.repeat(200)}` }),
    ).toThrow(/ROSTER_RESPONDER_SECRET/);
  });
});
