// Background jobs of all of Roster (deliveries, sweeps, the AI Agent's turns, and any kind a
// later module adds): a count per kind and state, and the jobs themselves, filtered by state.
import { call } from '../api';
import { Section, Status, Time, useLoad } from '../ui';
import { href, type Panel, type PanelProps } from './types';

interface Jobs {
  counts: Array<{ kind: string; queued: number; running: number; paused: number; dead: number }>;
  data: Array<{
    id: string;
    kind: string;
    agent_id: string | null;
    state: string;
    attempts: number;
    run_at: string;
    last_error: string | null;
    created_at: string;
  }>;
}

const STATES = ['', 'queued', 'running', 'paused', 'dead'];

function JobsView(props: PanelProps) {
  const state = props.query.get('state') ?? '';
  const jobs = useLoad(() => call<Jobs>('GET', `/jobs?limit=100${state ? `&state=${state}` : ''}`), [state]);
  return (
    <>
      <Status loaded={jobs} />
      {jobs.data && (
        <Section title="By kind">
          <table>
            <caption>Jobs per kind and state</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Queued</th>
                <th scope="col">Running</th>
                <th scope="col">Paused</th>
                <th scope="col">Dead</th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.counts.map((c) => (
                <tr key={c.kind}>
                  <td>{c.kind}</td>
                  <td>{c.queued}</td>
                  <td>{c.running}</td>
                  <td>{c.paused}</td>
                  <td>{c.dead}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
      <Section title="Jobs">
        <label for="job-state">State</label>{' '}
        <select
          id="job-state"
          value={state}
          onChange={(e) => {
            const value = (e.currentTarget as HTMLSelectElement).value;
            location.hash = `${href('jobs', null)}${value ? `?state=${value}` : ''}`;
          }}
        >
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s || 'any'}
            </option>
          ))}
        </select>
        {jobs.data && (
          <table>
            <caption>Jobs, oldest first (at most 100)</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">State</th>
                <th scope="col">Attempts</th>
                <th scope="col">Due</th>
                <th scope="col">Agent</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.data.map((j) => (
                <tr key={j.id}>
                  <td>
                    {j.kind} <small>{j.id}</small>
                  </td>
                  <td>{j.state}</td>
                  <td>{j.attempts}</td>
                  <td>
                    <Time at={j.run_at} />
                  </td>
                  <td>{j.agent_id ?? '—'}</td>
                  <td>{j.last_error ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}

export const jobsPanel: Panel = { id: 'jobs', title: 'Jobs', scope: 'global', view: JobsView };
