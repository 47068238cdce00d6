// End users of the chosen AI Agent: a page at a time (never the whole list), a search by exact
// external_id (the API's filter) or email (the console's own indexed search), and a page per end user with the profile, metadata, the names and expiry of
// sensitive metadata (never their values) and the end user's conversations.
import { useState } from 'preact/hooks';
import { call, nextCursor, v2 } from '../api';
import { Section, Status, Time, excerpt, useLoad } from '../ui';
import { href, type Panel, type PanelProps } from './types';

interface EndUser {
  end_user_id: string;
  external_id: string | null;
  profile: {
    first_name: string | null;
    last_name: string | null;
    display_name: string | null;
    email: string | null;
    language: string | null;
    metadata: Record<string, unknown> | null;
  };
  created_at: string;
  updated_at: string;
}
interface Page<T> {
  data: T[];
  meta: { next_page_url: string | null };
}

const PAGE_SIZE = 50;

function name(user: EndUser): string {
  const p = user.profile;
  return p.display_name ?? ([p.first_name, p.last_name].filter(Boolean).join(' ') || '—');
}

function List(props: PanelProps) {
  const search = props.query.get('q') ?? '';
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useLoad(async (): Promise<Page<EndUser>> => {
    if (search.includes('@')) {
      const found = await call<{ data: EndUser[] }>(
        'GET',
        `/agents/${encodeURIComponent(props.agentId)}/end-users/by-email?email=${encodeURIComponent(search)}`,
      );
      return { data: found.data, meta: { next_page_url: null } };
    }
    if (search) {
      try {
        const one = await call<EndUser>(
          'GET',
          v2(props.agentId, `end-users/?external_id=${encodeURIComponent(search)}`),
        );
        return { data: [one], meta: { next_page_url: null } };
      } catch (err) {
        if ((err as { status?: number }).status === 404) return { data: [], meta: { next_page_url: null } };
        throw err;
      }
    }
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (cursor) params.set('cursor', cursor);
    return call<Page<EndUser>>('GET', v2(props.agentId, `end-users/?${params}`));
  }, [props.agentId, search, cursor]);
  const next = nextCursor(page.data?.meta);
  const submit = (event: Event) => {
    event.preventDefault();
    const value = ((event.currentTarget as HTMLFormElement).elements.namedItem('q') as HTMLInputElement).value.trim();
    setCursors([]);
    location.hash = `${href('end-users', props.agentId)}${value ? `?q=${encodeURIComponent(value)}` : ''}`;
  };
  return (
    <>
      <form role="search" onSubmit={submit} class="inline">
        <label for="end-user-search">Find by external_id or email</label>
        <input id="end-user-search" name="q" maxLength={320} value={search} />
        <button type="submit">Find</button>
        <span class="hint">Exact match; empty lists every end user, a page at a time.</span>
      </form>
      <Status loaded={page} />
      {page.data && (
        <table>
          <caption>{search ? `End users matching ${search}` : 'End users, oldest first'}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">external_id</th>
              <th scope="col">Email</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {page.data.data.length === 0 && (
              <tr>
                <td colSpan={4}>No end user found.</td>
              </tr>
            )}
            {page.data.data.map((user) => (
              <tr key={user.end_user_id}>
                <td>
                  <a href={href('end-users', props.agentId, user.end_user_id)}>{name(user)}</a>
                </td>
                <td>{user.external_id ?? '—'}</td>
                <td>{user.profile.email ?? '—'}</td>
                <td>
                  <Time at={user.created_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="pager">
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors([])}>
          First page
        </button>
        <button type="button" disabled={!next} onClick={() => next && setCursors([...cursors, next])}>
          Next page
        </button>
      </div>
    </>
  );
}

function Detail(props: PanelProps & { endUserId: string }) {
  const base = `/agents/${encodeURIComponent(props.agentId)}/end-users/${encodeURIComponent(props.endUserId)}`;
  const user = useLoad(
    () => call<EndUser>('GET', v2(props.agentId, `end-users/${encodeURIComponent(props.endUserId)}`)),
    [props.agentId, props.endUserId],
  );
  const sensitive = useLoad(
    () => call<{ data: Array<{ key: string; expires_at: string }> }>('GET', `${base}/sensitive-keys`),
    [base],
  );
  const conversations = useLoad(
    () => call<{ data: Array<{ id: string; status: string; created_at: string }> }>('GET', `${base}/conversations`),
    [base],
  );
  const u = user.data;
  return (
    <>
      <p>
        <a href={href('end-users', props.agentId)}>All end users</a>
      </p>
      <Status loaded={user} />
      {u && (
        <Section title={`End user ${name(u)}`}>
          <dl>
            <dt>end_user_id</dt>
            <dd>{u.end_user_id}</dd>
            <dt>external_id</dt>
            <dd>{u.external_id ?? '—'}</dd>
            <dt>First name</dt>
            <dd>{u.profile.first_name ?? '—'}</dd>
            <dt>Last name</dt>
            <dd>{u.profile.last_name ?? '—'}</dd>
            <dt>Email</dt>
            <dd>{u.profile.email ?? '—'}</dd>
            <dt>Language</dt>
            <dd>{u.profile.language ?? '—'}</dd>
            <dt>Created</dt>
            <dd>
              <Time at={u.created_at} />
            </dd>
            <dt>Updated</dt>
            <dd>
              <Time at={u.updated_at} />
            </dd>
          </dl>
          <h3>Metadata</h3>
          {u.profile.metadata && Object.keys(u.profile.metadata).length > 0 ? (
            <table>
              <caption>Metadata</caption>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(u.profile.metadata).map(([key, value]) => (
                  <tr key={key}>
                    <td>
                      <code>{key}</code>
                    </td>
                    <td>{excerpt(value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>None.</p>
          )}
        </Section>
      )}
      <Section title="Sensitive metadata">
        <p>Values are encrypted and never shown here; only their keys and when they expire.</p>
        <Status loaded={sensitive} />
        {sensitive.data &&
          (sensitive.data.data.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul>
              {sensitive.data.data.map((s) => (
                <li key={s.key}>
                  <code>{s.key}</code>, expires <Time at={s.expires_at} />
                </li>
              ))}
            </ul>
          ))}
      </Section>
      <Section title="Conversations">
        <Status loaded={conversations} />
        {conversations.data &&
          (conversations.data.data.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul>
              {conversations.data.data.map((c) => (
                <li key={c.id}>
                  <a href={href('conversations', props.agentId, c.id)}>{c.id}</a> ({c.status}, started{' '}
                  <Time at={c.created_at} />)
                </li>
              ))}
            </ul>
          ))}
      </Section>
    </>
  );
}

function EndUsersView(props: PanelProps) {
  const id = props.rest[0];
  return id ? <Detail {...props} endUserId={id} /> : <List {...props} />;
}

export const endUsersPanel: Panel = { id: 'end-users', title: 'End users', scope: 'agent', view: EndUsersView };
