// Webhook endpoints of the chosen AI Agent: each endpoint's delivery attempts (status, latency,
// the receiver's answer), a replay of the events of a time window, enabling a disabled endpoint,
// and rotating its signing secret. The secret itself is never shown in the console.
import { useState } from 'preact/hooks';
import { call, nextCursor, v2 } from '../api';
import { Section, Status, Time, excerpt, messageOf, useLoad } from '../ui';
import { href, type Panel, type PanelProps } from './types';

interface Webhook {
  id: string;
  url: string;
  description: string;
  event_filters: string[];
  channels: string[];
  enabled: boolean;
  created_at: string;
  updated_at: string;
}
interface Attempt {
  id: string;
  message_id: string;
  event_type: string;
  attempt: number;
  trigger: string;
  status: string;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_body: string | null;
  created_at: string;
}

function Attempts(props: { agentId: string; webhookId: string; tick: number }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const page = useLoad(
    () =>
      call<{ data: Attempt[]; meta: { next_page_url: string | null } }>(
        'GET',
        v2(
          props.agentId,
          `webhooks/${encodeURIComponent(props.webhookId)}/attempts/?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        ),
      ),
    [props.agentId, props.webhookId, cursor, props.tick],
  );
  const next = nextCursor(page.data?.meta);
  return (
    <Section title="Delivery attempts">
      <div class="pager">
        <button type="button" onClick={() => (cursors.length ? setCursors([]) : page.reload())}>
          Refresh
        </button>
        <button type="button" disabled={!next} onClick={() => next && setCursors([...cursors, next])}>
          Older attempts
        </button>
      </div>
      <Status loaded={page} />
      {page.data && (
        <table>
          <caption>Attempts, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">Trigger</th>
              <th scope="col">Status</th>
              <th scope="col">HTTP</th>
              <th scope="col">Latency</th>
              <th scope="col">Response or error</th>
            </tr>
          </thead>
          <tbody>
            {page.data.data.length === 0 && (
              <tr>
                <td colSpan={7}>No attempt yet.</td>
              </tr>
            )}
            {page.data.data.map((a) => (
              <tr key={a.id} class={`attempt-${a.status}`}>
                <td>
                  <Time at={a.created_at} />
                </td>
                <td>
                  {a.event_type} <small>#{a.attempt}</small>
                </td>
                <td>{a.trigger}</td>
                <td>{a.status}</td>
                <td>{a.status_code ?? '—'}</td>
                <td>{a.duration_ms} ms</td>
                <td>
                  <code>{excerpt([a.error, a.response_body].filter(Boolean).join(' · '), 160)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

/** A datetime-local value (the browser's time zone) as an RFC 3339 UTC time. */
function toIso(local: string): string {
  return new Date(local).toISOString();
}

function Replay(props: { agentId: string; webhookId: string; onDone(): void }) {
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const since = (form.elements.namedItem('since') as HTMLInputElement).value;
    const until = (form.elements.namedItem('until') as HTMLInputElement).value;
    setError(null);
    setResult(null);
    try {
      const { replayed } = await call<{ replayed: number }>(
        'POST',
        v2(props.agentId, `webhooks/${encodeURIComponent(props.webhookId)}/replay/`),
        { since: toIso(since), ...(until ? { until: toIso(until) } : {}) },
      );
      setResult(`${replayed} event${replayed === 1 ? '' : 's'} queued for delivery again.`);
      props.onDone();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const hourAgo = new Date(Date.now() - 3600_000 - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  return (
    <Section title="Replay">
      <form onSubmit={submit} class="inline">
        <label for="replay-since">Since</label>
        <input id="replay-since" name="since" type="datetime-local" step="1" required value={hourAgo} />
        <label for="replay-until">Until (empty: now)</label>
        <input id="replay-until" name="until" type="datetime-local" step="1" />
        <button type="submit">Replay events</button>
      </form>
      {result && <p role="status">{result}</p>}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </Section>
  );
}

function Actions(props: { agentId: string; webhook: Webhook; onDone(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = `webhooks/${encodeURIComponent(props.webhook.id)}`;
  const run = async (what: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await what();
      setNote(done);
      setConfirming(false);
      props.onDone();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <Section title="Endpoint actions">
      {!props.webhook.enabled && (
        <button
          type="button"
          onClick={() => run(() => call('PATCH', v2(props.agentId, path), { enabled: true }), 'Endpoint enabled.')}
        >
          Enable endpoint
        </button>
      )}
      {confirming ? (
        <span role="group" aria-label="Confirm rotating the signing secret" class="confirm">
          <span>
            Rotate the signing secret? Receivers must take the new one; the old one keeps working for the grace period.
          </span>
          <button
            type="button"
            class="danger"
            onClick={() => run(() => call('POST', v2(props.agentId, `${path}/secret/rotate/`), {}), 'Secret rotated.')}
          >
            Yes, rotate
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Rotate signing secret
        </button>
      )}
      {note && <p role="status">{note}</p>}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </Section>
  );
}

function Detail(props: { agentId: string; webhookId: string }) {
  const [tick, setTick] = useState(0);
  const webhook = useLoad(
    () => call<Webhook>('GET', v2(props.agentId, `webhooks/${encodeURIComponent(props.webhookId)}`)),
    [props.agentId, props.webhookId, tick],
  );
  const w = webhook.data;
  return (
    <>
      <p>
        <a href={href('webhooks', props.agentId)}>All endpoints</a>
      </p>
      <Status loaded={webhook} />
      {w && (
        <Section title={`Endpoint ${w.url}`}>
          <dl>
            <dt>id</dt>
            <dd>{w.id}</dd>
            <dt>State</dt>
            <dd>{w.enabled ? 'enabled' : 'disabled'}</dd>
            <dt>Events</dt>
            <dd>{w.event_filters.length ? w.event_filters.join(', ') : 'every event type'}</dd>
            <dt>Channels</dt>
            <dd>{w.channels.length ? w.channels.join(', ') : 'every channel, and events without one'}</dd>
            <dt>Description</dt>
            <dd>{w.description || '—'}</dd>
          </dl>
        </Section>
      )}
      {w && <Actions agentId={props.agentId} webhook={w} onDone={() => setTick((t) => t + 1)} />}
      {w && <Replay agentId={props.agentId} webhookId={w.id} onDone={() => setTick((t) => t + 1)} />}
      {w && <Attempts agentId={props.agentId} webhookId={w.id} tick={tick} />}
    </>
  );
}

function WebhooksView(props: PanelProps) {
  const id = props.rest[0];
  const list = useLoad(
    () =>
      id ? Promise.resolve(undefined) : call<{ data: Webhook[] }>('GET', v2(props.agentId, 'webhooks/?limit=100')),
    [props.agentId, id],
  );
  if (id) return <Detail agentId={props.agentId} webhookId={id} />;
  return (
    <>
      <Status loaded={list} />
      {list.data && (
        <table>
          <caption>Webhook endpoints</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">State</th>
              <th scope="col">Events</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.length === 0 && (
              <tr>
                <td colSpan={4}>No endpoint.</td>
              </tr>
            )}
            {list.data.data.map((w) => (
              <tr key={w.id}>
                <td>
                  <a href={href('webhooks', props.agentId, w.id)}>{w.url}</a>
                </td>
                <td>{w.enabled ? 'enabled' : 'disabled'}</td>
                <td>{w.event_filters.length ? w.event_filters.join(', ') : 'all'}</td>
                <td>
                  <Time at={w.created_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export const webhooksPanel: Panel = { id: 'webhooks', title: 'Webhooks', scope: 'agent', view: WebhooksView };
