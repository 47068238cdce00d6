// The chosen AI Agent's audit log, read-only, through the public API: configuration changes in a
// window of at most 30 days (the API's start_date and end_date), newest first, a page at a time
// by the API's cursor, with the page size the API allows (1 to 100).
import { useState } from 'preact/hooks';
import { call, nextCursor, v2 } from '../api';
import { Section, Status, Time, excerpt, useLoad } from '../ui';
import type { Panel, PanelProps } from './types';

interface Change {
  field: string;
  before?: unknown;
  after?: unknown;
  sensitive?: boolean;
}
interface AuditEvent {
  id: string;
  timestamp: string;
  entity_type: string;
  entity_id: string;
  entity_name: string;
  activity: string;
  interface: string;
  actor_type: string;
  actor_id: string;
  changes: Change[];
}
interface Range {
  start: string;
  end: string;
  limit: string;
}

const DAY = 24 * 60 * 60 * 1000;
const LIMITS = ['10', '25', '50', '100'];

function describe(change: Change, activity: string): string {
  if (change.sensitive) return `${change.field} (changed; sensitive, not shown)`;
  if (change.before === undefined || (activity === 'created' && change.before === null))
    return `${change.field}: ${excerpt(change.after, 60)}`;
  if (change.after === undefined) return `${change.field}: was ${excerpt(change.before, 60)}`;
  return `${change.field}: ${excerpt(change.before, 60)} → ${excerpt(change.after, 60)}`;
}

function AuditView(props: PanelProps) {
  const [range, setRange] = useState<Range>(() => ({
    start: new Date(Date.now() - 7 * DAY).toISOString(),
    end: '',
    limit: '25',
  }));
  // What the form holds until it is applied.
  const [draft, setDraft] = useState<Range>(range);
  const edit = (field: keyof Range) => (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement | HTMLSelectElement).value;
    setDraft((d) => ({ ...d, [field]: value }));
  };
  // The cursors of the pages before this one, so "Newer" can go back.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const events = useLoad(() => {
    const query = new URLSearchParams({ start_date: range.start, limit: range.limit });
    if (range.end) query.set('end_date', range.end);
    if (cursor) query.set('cursor', cursor);
    return call<{ data: AuditEvent[]; meta: { next_page_url: string | null } }>(
      'GET',
      v2(props.agentId, `analytics/audit-log/events/?${query}`),
    );
  }, [props.agentId, range, cursor]);
  const next = nextCursor(events.data?.meta);
  const apply = (event: Event) => {
    event.preventDefault();
    setRange({ start: draft.start.trim(), end: draft.end.trim(), limit: draft.limit });
    setCursors([]);
  };
  return (
    <>
      <form class="inline" onSubmit={apply} aria-label="Audit log window">
        <label for="audit-start">From</label>
        <input
          id="audit-start"
          name="start"
          required
          maxLength={40}
          size={26}
          value={draft.start}
          onInput={edit('start')}
        />
        <label for="audit-end">To</label>
        <input
          id="audit-end"
          name="end"
          maxLength={40}
          size={26}
          value={draft.end}
          onInput={edit('end')}
          placeholder="now"
        />
        <label for="audit-limit">Per page</label>
        <select id="audit-limit" name="limit" value={draft.limit} onChange={edit('limit')}>
          {LIMITS.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <button type="submit">Show</button>
      </form>
      <p class="hint">
        RFC 3339 times, such as 2026-11-01T00:00:00Z; a window of at most 30 days, up to now when "To" is empty. Records
        are never changed or removed from here.
      </p>
      <Section title="Changes">
        <Status loaded={events} />
        {events.data && (
          <>
            <table>
              <caption>Audit log, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Entity</th>
                  <th scope="col">Activity</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Changed fields</th>
                </tr>
              </thead>
              <tbody>
                {events.data.data.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <Time at={e.timestamp} />
                    </td>
                    <td>
                      {e.entity_type} {e.entity_name && <strong>{e.entity_name}</strong>} <small>{e.entity_id}</small>
                    </td>
                    <td>{e.activity}</td>
                    <td>
                      {e.actor_type} {e.actor_id && <small>{e.actor_id}</small>} <small>({e.interface})</small>
                    </td>
                    <td>
                      {e.changes.length === 0 ? (
                        '—'
                      ) : (
                        <ul class="changes">
                          {e.changes.map((c) => (
                            <li key={c.field}>{describe(c, e.activity)}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {events.data.data.length === 0 && <p>No configuration changes in this window.</p>}
          </>
        )}
        <div class="pager">
          <button type="button" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Newer
          </button>
          <button type="button" disabled={!next} onClick={() => next && setCursors((c) => [...c, next])}>
            Older
          </button>
        </div>
      </Section>
    </>
  );
}

export const auditPanel: Panel = { id: 'audit', title: 'Audit log', scope: 'agent', view: AuditView };
