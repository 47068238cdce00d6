// AI Agents and their API keys: create a key (and the agent with it), revoke one after a
// confirmation. A new key is shown once, as the CLI shows it; Roster keeps only its hash.
import { useState } from 'preact/hooks';
import { call } from '../api';
import { Section, Status, Time, messageOf, useLoad } from '../ui';
import { href, type Panel } from './types';

interface Key {
  id: string;
  name: string | null;
  prefix: string;
  created_at: string;
  revoked_at: string | null;
}
interface Agent {
  id: string;
  handle: string;
  created_at: string;
  keys: Key[];
}

function RevokeButton(props: { keyRow: Key; onDone(): void }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = props.keyRow.name ?? props.keyRow.prefix;
  if (!asking)
    return (
      <button type="button" onClick={() => setAsking(true)} aria-label={`Revoke key ${label}`}>
        Revoke
      </button>
    );
  const revoke = async () => {
    try {
      await call('POST', `/keys/${encodeURIComponent(props.keyRow.id)}/revoke`);
      props.onDone();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <span role="group" aria-label={`Confirm revoking key ${label}`} class="confirm">
      <span>Revoke {label}? Clients using it stop working.</span>
      <button type="button" class="danger" onClick={revoke}>
        Yes, revoke
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
      {error && (
        <span role="alert" class="error">
          {error}
        </span>
      )}
    </span>
  );
}

function CreateKey(props: { onDone(): void }) {
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const agent = (form.elements.namedItem('agent') as HTMLInputElement).value.trim();
    const name = (form.elements.namedItem('key-name') as HTMLInputElement).value.trim();
    setError(null);
    try {
      const created = await call<{ secret: string }>('POST', '/keys', { agent, ...(name ? { name } : {}) });
      setSecret(created.secret);
      form.reset();
      props.onDone();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <form onSubmit={submit} class="inline">
      <label for="agent-handle">Agent handle</label>
      <input id="agent-handle" name="agent" required maxLength={63} pattern="[a-z0-9][a-z0-9-]*" />
      <label for="key-name">Key name</label>
      <input id="key-name" name="key-name" maxLength={100} />
      <button type="submit">Create key</button>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {secret && (
        <p class="secret" role="status">
          New key, shown once: <output aria-label="New API key">{secret}</output>
        </p>
      )}
    </form>
  );
}

function AgentsView() {
  const agents = useLoad(() => call<{ data: Agent[] }>('GET', '/agents'), []);
  return (
    <>
      <Section title="Create an API key">
        <p>A new agent handle creates the AI Agent too.</p>
        <CreateKey onDone={agents.reload} />
      </Section>
      <Section title="AI Agents">
        <Status loaded={agents} />
        {agents.data?.data.map((agent) => (
          <article key={agent.id} aria-label={`AI Agent ${agent.handle}`}>
            <h3>
              <a href={href('end-users', agent.id)}>{agent.handle}</a> <small>{agent.id}</small>
            </h3>
            <table>
              <caption>API keys of {agent.handle}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Prefix</th>
                  <th scope="col">Created</th>
                  <th scope="col">State</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {agent.keys.map((key) => (
                  <tr key={key.id}>
                    <td>{key.name ?? '—'}</td>
                    <td>
                      <code>{key.prefix}…</code>
                    </td>
                    <td>
                      <Time at={key.created_at} />
                    </td>
                    <td>
                      {key.revoked_at ? (
                        <>
                          revoked <Time at={key.revoked_at} />
                        </>
                      ) : (
                        'active'
                      )}
                    </td>
                    <td>{key.revoked_at ? null : <RevokeButton keyRow={key} onDone={agents.reload} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </article>
        ))}
      </Section>
    </>
  );
}

export const agentsPanel: Panel = { id: 'agents', title: 'AI Agents and API keys', scope: 'global', view: AgentsView };
