import './app.css';
// The Roster admin console: sign-in, then a navigation of panels (panels/index.ts) over one
// AI Agent's data or over all of Roster. Routes live in the URL's hash, so the server serves one
// page and the browser's back button works.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, setCsrfToken } from './api';
import { PANELS } from './panels/index';
import { href } from './panels/types';
import { messageOf, useLoad } from './ui';

interface Session {
  admin: { name: string };
  csrf_token: string;
  expires_at: string;
  emulator: boolean;
}

interface Route {
  agentId: string | null;
  panel: string;
  rest: string[];
  query: URLSearchParams;
}

function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(search);
  if (parts[0] === 'a' && parts[1])
    return { agentId: parts[1], panel: parts[2] ?? 'end-users', rest: parts.slice(3), query };
  return { agentId: null, panel: parts[0] ?? 'agents', rest: parts.slice(1), query };
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

function SignIn(props: { onSignedIn(): void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const token = (form.elements.namedItem('token') as HTMLInputElement).value.trim();
    setBusy(true);
    setError(null);
    try {
      await call('POST', '/session', { token });
      props.onSignedIn();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin">
      <h1>Roster console</h1>
      <form onSubmit={submit}>
        <label for="token">Admin token</label>
        <input id="token" name="token" type="password" autocomplete="off" required />
        <p class="hint">
          Made with <code>roster admin create &lt;name&gt;</code>.
        </p>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}

function AgentPicker(props: { route: Route }) {
  const agents = useLoad(() => call<{ data: Array<{ id: string; handle: string }> }>('GET', '/agents'), []);
  const list = agents.data?.data ?? [];
  const panel = PANELS.find((p) => p.id === props.route.panel && p.scope === 'agent')?.id ?? 'end-users';
  return (
    <div class="picker">
      <label for="agent">AI Agent</label>
      <select
        id="agent"
        value={props.route.agentId ?? ''}
        onChange={(e) => {
          const id = (e.currentTarget as HTMLSelectElement).value;
          if (id) location.hash = href(panel, id);
        }}
      >
        <option value="">Choose…</option>
        {list.map((a) => (
          <option key={a.id} value={a.id}>
            {a.handle}
          </option>
        ))}
      </select>
    </div>
  );
}

function Console(props: { session: Session; onSignedOut(): void }) {
  const current = useRoute();
  // The AI Agent chosen last stays chosen on the global panels (agents and keys, jobs).
  const [lastAgent, setLastAgent] = useState<string | null>(current.agentId);
  useEffect(() => {
    if (current.agentId) setLastAgent(current.agentId);
  }, [current.agentId]);
  const route = { ...current, agentId: current.agentId ?? lastAgent };
  // The emulator's panel exists only when the server runs the emulator.
  const panels = PANELS.filter((p) => p.requires !== 'emulator' || props.session.emulator);
  const panel = panels.find((p) => p.id === route.panel) ?? panels[0]!;
  const signOut = async () => {
    await call('DELETE', '/session').catch(() => undefined);
    props.onSignedOut();
  };
  useEffect(() => {
    document.title = `${panel.title} · Roster console`;
  }, [panel]);
  return (
    <>
      <header>
        <span class="brand">Roster console</span>
        <AgentPicker route={route} />
        <span class="who">
          Signed in as <strong>{props.session.admin.name}</strong>
        </span>
        <button type="button" class="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav aria-label="Console">
        <ul>
          {panels.map((p) => {
            const target = p.scope === 'agent' ? (route.agentId ? href(p.id, route.agentId) : null) : href(p.id, null);
            return (
              <li key={p.id}>
                {target ? (
                  <a href={target} aria-current={p.id === panel.id ? 'page' : undefined}>
                    {p.title}
                  </a>
                ) : (
                  <span class="disabled" title="Choose an AI Agent first">
                    {p.title}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      </nav>
      <main>
        <h1>{panel.title}</h1>
        {panel.scope === 'agent' && !route.agentId ? (
          <p>Choose an AI Agent above.</p>
        ) : (
          <panel.view agentId={route.agentId ?? ''} rest={route.rest} query={route.query} />
        )}
      </main>
    </>
  );
}

function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    call<Session>('GET', '/session').then(
      (s) => {
        setCsrfToken(s.csrf_token);
        setSession(s);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) setSession(null);
        else setError(messageOf(err));
      },
    );
  };
  useEffect(load, []);
  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (session === undefined) return <p>Loading…</p>;
  if (session === null) return <SignIn onSignedIn={load} />;
  return <Console session={session} onSignedOut={() => setSession(null)} />;
}

render(<App />, document.getElementById('app')!);
