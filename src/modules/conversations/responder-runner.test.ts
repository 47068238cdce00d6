import { describe, expect, it } from 'vitest';
import type { Responder, ResponderTurn } from '../responder/responder.js';
import { createResponderRunner, type ResponderRunnerDeps } from './responder-runner.js';

const AT = 1_795_000_000_000;

/** Stores that know one active conversation per id "c1", "c2", ... and any message id. */
function fakeDeps(
  responder: Responder,
  addAgentReplies: ResponderRunnerDeps['messages']['addAgentReplies'],
): ResponderRunnerDeps {
  const conversation = (id: string) => ({
    id,
    agentId: 'a',
    channelId: 'ch',
    endUserId: 'u',
    status: 'active' as const,
    metadata: {},
    endedBy: null,
    createdAt: AT,
    updatedAt: AT,
  });
  return {
    responder,
    conversations: {
      findById: async (_agent: string, id: string) => conversation(id),
      findMessage: async (_agent: string, id: string) => ({
        id,
        agentId: 'a',
        conversationId: 'c1',
        author: { role: 'end_user', id: 'u', displayName: null, avatar: null },
        content: { type: 'text', body: id },
        createdAt: AT,
      }),
      agentHandle: async () => 'alpha',
    } as never,
    channels: {
      findById: async () => ({
        id: 'ch',
        agentId: 'a',
        type: 'custom',
        name: 'C',
        description: '',
        modality: 'messaging',
        markdown: false,
        metadata: {},
        createdAt: AT,
      }),
    } as never,
    endUsers: {
      findById: async () => ({
        id: 'u',
        agentId: 'a',
        externalId: null,
        firstName: null,
        lastName: null,
        displayName: null,
        avatar: null,
        email: null,
        language: null,
        metadata: {},
        createdAt: AT,
        updatedAt: AT,
        attachedAt: AT,
      }),
    } as never,
    readSensitive: async () => ({}),
    messages: { addAgentReplies },
  };
}

const text = (body: string) => ({ content: { type: 'text' as const, body }, display_name: null, avatar: null });

describe('responder runner', () => {
  it('does nothing at all with the none responder', async () => {
    let asked = 0;
    const runner = createResponderRunner(
      fakeDeps({ kind: 'none', respond: async () => (asked++, []) }, async () => []),
    );
    runner.enqueue({ kind: 'end_user_message', agentId: 'a', conversationId: 'c1', messageId: 'm1' });
    await runner.idle();
    expect(asked).toBe(0);
  });

  it('answers the turns of one conversation in order, and conversations side by side', async () => {
    const log: string[] = [];
    const responder: Responder = {
      kind: 'script',
      async respond(turn: ResponderTurn) {
        const id = String(turn.message?.id);
        log.push(`start ${id}`);
        // The first turn is the slowest: a later one must still wait for it.
        await new Promise((resolve) => setTimeout(resolve, id === 'm1' ? 60 : 5));
        log.push(`end ${id}`);
        return [text(id)];
      },
    };
    const stored: string[] = [];
    const runner = createResponderRunner(
      fakeDeps(responder, async (_a, conversationId, replies) => {
        stored.push(`${conversationId}:${(replies[0]!.content as { body: string }).body}`);
        return [];
      }),
    );
    runner.enqueue({ kind: 'end_user_message', agentId: 'a', conversationId: 'c1', messageId: 'm1' });
    runner.enqueue({ kind: 'end_user_message', agentId: 'a', conversationId: 'c1', messageId: 'm2' });
    runner.enqueue({ kind: 'end_user_message', agentId: 'a', conversationId: 'c2', messageId: 'm3' });
    await runner.idle();
    expect(log.indexOf('end m1')).toBeLessThan(log.indexOf('start m2'));
    expect(log.indexOf('start m3')).toBeLessThan(log.indexOf('end m1'));
    expect(stored.filter((s) => s.startsWith('c1'))).toEqual(['c1:m1', 'c1:m2']);
    expect(runner.failures()).toBe(0);
  });

  it('retries storing the replies after a passing database error, without asking the responder again', async () => {
    let asked = 0;
    let tries = 0;
    const runner = createResponderRunner(
      fakeDeps({ kind: 'script', respond: async () => (asked++, [text('hi')]) }, async () => {
        if (++tries === 1) throw new Error('SQLITE_BUSY: database is locked');
        return [];
      }),
    );
    runner.enqueue({ kind: 'end_user_message', agentId: 'a', conversationId: 'c1', messageId: 'm1' });
    await runner.idle();
    expect(asked).toBe(1);
    expect(tries).toBe(2);
    expect(runner.failures()).toBe(0);
  });

  it('counts a responder failure and goes on with the next turn', async () => {
    const warnings: string[] = [];
    const runner = createResponderRunner(
      fakeDeps(
        {
          kind: 'http',
          respond: async (turn) => {
            if (turn.message?.id === 'm1') throw new Error('the responder at http://x answered 500');
            return [text('ok')];
          },
        },
        async () => [],
      ),
    );
    runner.setLogger({ warn: (_fields, message) => warnings.push(message) });
    runner.enqueue({ kind: 'end_user_message', agentId: 'a', conversationId: 'c1', messageId: 'm1' });
    runner.enqueue({ kind: 'end_user_message', agentId: 'a', conversationId: 'c1', messageId: 'm2' });
    await runner.idle();
    expect(runner.failures()).toBe(1);
    expect(warnings).toEqual(['the responder gave no reply']);
  });

  it('aborts a responder still working when stopped, and takes no more turns', async () => {
    let aborted = false;
    const runner = createResponderRunner(
      fakeDeps(
        {
          kind: 'http',
          respond: (_turn, signal) =>
            new Promise((_resolve, reject) => {
              signal.addEventListener('abort', () => {
                aborted = true;
                reject(new Error('aborted'));
              });
            }),
        },
        async () => [],
      ),
    );
    runner.enqueue({ kind: 'end_user_message', agentId: 'a', conversationId: 'c1', messageId: 'm1' });
    await runner.stop(50);
    expect(aborted).toBe(true);
    runner.enqueue({ kind: 'end_user_message', agentId: 'a', conversationId: 'c1', messageId: 'm2' });
    await runner.idle();
    expect(runner.failures()).toBe(1);
  });
});
