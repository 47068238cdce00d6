// The knowledge responder with a knowledge base given in memory: when it answers and with what,
// what it asks the search for, and the excerpt it quotes.
import { describe, expect, it } from 'vitest';
import type { ResponderTurn } from './responder.contract.js';
import {
  EXCERPT_MAX,
  createKnowledgeResponder,
  excerpt,
  type KnowledgeDeps,
  type KnowledgeSearchHit,
} from './responder.knowledge.js';

const signal = new AbortController().signal;

function turn(
  text: string | null,
  profile: Record<string, unknown> = {},
  kind: ResponderTurn['kind'] = 'end_user_message',
): ResponderTurn {
  return {
    id: 'm1',
    kind,
    agent: { id: 'agent-1', handle: 'acme' },
    conversation: {},
    channel: {},
    endUser: { end_user_id: 'u1', profile },
    message:
      text === null
        ? { content: { type: 'file', url: 'https://x.example.com/f' } }
        : { content: { type: 'text', body: text } },
    sensitiveMetadata: () => Promise.reject(new Error('never read')),
  };
}

function deps(hits: KnowledgeSearchHit[], calls: unknown[] = []): KnowledgeDeps {
  return {
    async search(agentId, request) {
      calls.push({ agentId, ...request, available: request.available?.('rules-of-the-article') });
      return { terms: ['reset', 'password'], hits };
    },
    isAvailableTo: (rules, profile) => rules === 'rules-of-the-article' && profile.first_name === 'Ana',
  };
}

const article = { name: 'Reset your password', content: 'Choose Reset.', url: 'https://help.example.com/reset' };

describe('knowledge responder', () => {
  it('answers with an excerpt and a link, asking the search for the end user in their language', async () => {
    const calls: unknown[] = [];
    const responder = createKnowledgeResponder('No answer.', deps([{ article, matched: 1, meaningful: 2 }], calls));
    expect(responder.kind).toBe('knowledge');
    const replies = await responder.respond(
      turn('reset my password', { first_name: 'Ana', language: 'fr-CA' }),
      signal,
    );
    expect(replies).toEqual([
      { content: { type: 'text', body: 'Choose Reset.' }, display_name: null, avatar: null },
      { content: { type: 'link', url: article.url, link_text: article.name }, display_name: null, avatar: null },
    ]);
    expect(calls).toEqual([
      { agentId: 'agent-1', text: 'reset my password', language: 'fr-CA', limit: 1, coverage: true, available: true },
    ]);
  });

  it('says its sentence when nothing answers, or too little of the message, or the message has no text', async () => {
    const no = [{ content: { type: 'text', body: 'No answer.' }, display_name: null, avatar: null }];
    expect(await createKnowledgeResponder('No answer.', deps([])).respond(turn('hi'), signal)).toEqual(no);
    const weak = deps([{ article, matched: 1, meaningful: 3 }]);
    expect(await createKnowledgeResponder('No answer.', weak).respond(turn('hi'), signal)).toEqual(no);
    const none = deps([{ article, matched: 0, meaningful: 0 }]);
    expect(await createKnowledgeResponder('No answer.', none).respond(turn('hi'), signal)).toEqual(no);
    expect(
      await createKnowledgeResponder('No answer.', deps([{ article, matched: 1, meaningful: 1 }])).respond(
        turn(null),
        signal,
      ),
    ).toEqual(no);
  });

  it('does not greet a new conversation', async () => {
    const responder = createKnowledgeResponder('No answer.', deps([{ article, matched: 2, meaningful: 2 }]));
    expect(await responder.respond(turn('x', {}, 'conversation_created'), signal)).toEqual([]);
  });

  it('quotes the paragraph naming the most words, prefers text to headings, and cuts long ones at a word', () => {
    const content =
      '# Reset password\n\nIntro text.\n\nTo reset, open settings.\n\n  \n\nYour password and reset link expire.';
    expect(excerpt(content, ['reset', 'password'])).toBe('Your password and reset link expire.');
    expect(excerpt(content, ['nothing'])).toBe('Intro text.');
    expect(excerpt('# Only a heading', ['reset'])).toBe('# Only a heading');
    expect(excerpt('', ['reset'])).toBe('');
    const long = `${'word '.repeat(200)}end`;
    const cut = excerpt(long, []);
    expect(cut.length).toBeLessThanOrEqual(EXCERPT_MAX + 1);
    expect(cut).toMatch(/^(word )+word…$/);
  });
});
