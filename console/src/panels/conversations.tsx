// A conversation's transcript, oldest message first, with its state (active, or ended) read
// through the public API a page at a time, and its human handoff: whether one is active and with
// which integration (the console's own view), and ending it through the API after a confirmation.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { call, nextCursor, v2 } from '../api';
import { Section, Status, Time, excerpt, messageOf, useLoad, type Loaded } from '../ui';
import { href, type Panel, type PanelProps } from './types';

interface Conversation {
  id: string;
  channel_id: string;
  end_user_id: string;
  status: string;
  created_at: string;
  updated_at: string;
  metadata: Record<string, unknown> | null;
}
interface MessageLog {
  message_id: string;
  created_at: string;
  author: { id: string | null; role: string; display_name: string | null };
  content: { type: string; body?: string; url?: string; link_text?: string | null } & Record<string, unknown>;
}

function Content(props: { content: MessageLog['content'] }) {
  const c = props.content;
  if (c.type === 'text') return <p>{c.body}</p>;
  if (c.type === 'link')
    return (
      <p>
        {c.link_text ?? c.url}: <code>{c.url}</code>
      </p>
    );
  return (
    <p>
      <code>{excerpt(c)}</code>
    </p>
  );
}

function Transcript(props: { agentId: string; conversationId: string }) {
  const [messages, setMessages] = useState<MessageLog[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const path = `conversations/${encodeURIComponent(props.conversationId)}/messages/`;
  const more = async (from: string | null, reset: boolean) => {
    try {
      const page = await call<{ data: MessageLog[]; meta: { next_page_url: string | null } }>(
        'GET',
        v2(props.agentId, `${path}?limit=100${from ? `&cursor=${encodeURIComponent(from)}` : ''}`),
      );
      setMessages((old) => (reset ? page.data : [...old, ...page.data]));
      const next = nextCursor(page.meta);
      setCursor(next);
      setDone(next === null);
    } catch (err) {
      setError(messageOf(err));
    }
  };
  useEffect(() => {
    void more(null, true);
  }, [props.agentId, props.conversationId]);
  return (
    <Section title="Transcript">
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <ol class="transcript" aria-label="Messages, oldest first">
        {messages.map((m) => (
          <li key={m.message_id} class={`role-${m.author.role}`}>
            <div class="meta">
              <strong>{m.author.display_name ?? m.author.role}</strong> <span>({m.author.role})</span>{' '}
              <Time at={m.created_at} />
            </div>
            <Content content={m.content} />
          </li>
        ))}
      </ol>
      {messages.length === 0 && !error && <p>No messages yet.</p>}
      {!done && (
        <button type="button" onClick={() => more(cursor, false)}>
          Load more messages
        </button>
      )}
    </Section>
  );
}

interface Handoff {
  status: string;
  handoff_integration: string | null;
}

function HandoffState(props: { agentId: string; conversationId: string; handoff: Loaded<Handoff> }) {
  const { handoff } = props;
  const [confirming, setConfirming] = useState(false);
  const [ok, setOk] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const keep = useRef<HTMLButtonElement>(null);
  // Before the browser paints the question, so a key pressed as it appears lands on "Keep".
  useLayoutEffect(() => {
    if (confirming) keep.current?.focus();
  }, [confirming]);
  const end = async () => {
    setError(null);
    try {
      const answer = await call<{ message: string }>(
        'POST',
        v2(props.agentId, `conversations/${encodeURIComponent(props.conversationId)}/end-handoff/`),
      );
      setOk(answer.message);
      handoff.reload();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setConfirming(false);
    }
  };
  const integration = handoff.data?.handoff_integration ?? null;
  return (
    <Section title="Handoff">
      <Status loaded={handoff} />
      {handoff.data && (
        <p id="handoff-state">
          {integration !== null ? (
            <>
              In an active handoff to <strong>{integration}</strong>: the integration answers the end user, not the AI
              Agent.
            </>
          ) : (
            'No active handoff: the AI Agent has the conversation.'
          )}
        </p>
      )}
      {integration !== null &&
        (confirming ? (
          <span role="group" aria-label="Confirm ending the handoff" class="confirm">
            <span>Give the conversation back to the AI Agent? {integration} stops answering it.</span>
            <button type="button" class="danger" onClick={end}>
              Yes, end the handoff
            </button>
            <button type="button" ref={keep} onClick={() => setConfirming(false)}>
              Keep the handoff
            </button>
          </span>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            End handoff
          </button>
        ))}
      <p role="status" aria-live="polite">
        {ok ?? ''}
      </p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </Section>
  );
}

function Detail(props: { agentId: string; conversationId: string }) {
  const handoff = useLoad(
    () =>
      call<Handoff>(
        'GET',
        `/agents/${encodeURIComponent(props.agentId)}/conversations/${encodeURIComponent(props.conversationId)}/handoff`,
      ),
    [props.agentId, props.conversationId],
  );
  const integration = handoff.data?.handoff_integration ?? null;
  const conversation = useLoad(
    () => call<Conversation>('GET', v2(props.agentId, `conversations/${encodeURIComponent(props.conversationId)}/`)),
    [props.agentId, props.conversationId],
  );
  const c = conversation.data;
  return (
    <>
      <Status loaded={conversation} />
      {c && (
        <Section title={`Conversation ${c.id}`}>
          <dl>
            <dt>State</dt>
            <dd>
              {c.status !== 'active'
                ? c.status
                : integration !== null
                  ? `active (handed off to ${integration})`
                  : 'active (with the AI Agent)'}
            </dd>
            <dt>End user</dt>
            <dd>
              <a href={href('end-users', props.agentId, c.end_user_id)}>{c.end_user_id}</a>
            </dd>
            <dt>Channel</dt>
            <dd>{c.channel_id}</dd>
            <dt>Started</dt>
            <dd>
              <Time at={c.created_at} />
            </dd>
            <dt>Updated</dt>
            <dd>
              <Time at={c.updated_at} />
            </dd>
          </dl>
        </Section>
      )}
      {c && <HandoffState agentId={props.agentId} conversationId={c.id} handoff={handoff} />}
      {c && <Transcript agentId={props.agentId} conversationId={c.id} />}
    </>
  );
}

function ConversationsView(props: PanelProps) {
  const id = props.rest[0];
  const open = (event: Event) => {
    event.preventDefault();
    const value = (
      (event.currentTarget as HTMLFormElement).elements.namedItem('conversation') as HTMLInputElement
    ).value.trim();
    if (value) location.hash = href('conversations', props.agentId, value);
  };
  return (
    <>
      <form onSubmit={open} class="inline">
        <label for="conversation-id">Conversation id</label>
        <input id="conversation-id" name="conversation" maxLength={24} value={id ?? ''} />
        <button type="submit">Open</button>
      </form>
      <p class="hint">An end user's page lists their conversations.</p>
      {id && <Detail agentId={props.agentId} conversationId={id} />}
    </>
  );
}

export const conversationsPanel: Panel = {
  id: 'conversations',
  title: 'Conversations',
  scope: 'agent',
  view: ConversationsView,
};
