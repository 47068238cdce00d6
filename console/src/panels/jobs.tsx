// Background jobs of all of Roster (deliveries, sweeps, the AI Agent's turns, and any kind a
// later module adds): a count per kind and state, and the jobs themselves, filtered by state,
// with retry and cancel as the CLI has them.
import { useState } from 'preact/hooks';
import { call } from '../api';
import { Section, Status, Time, messageOf, useLoad } from '../ui';
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

/** Retry (dead or paused jobs) and cancel (jobs not running now, after a confirmation). */
function JobActions(props: { job: Jobs['data'][number]; onDone(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { job } = props;
  const run = async (action: 'retry' | 'cancel') => {
    setError(null);
    try {
      await call('POST', `/jobs/${encodeURIComponent(job.id)}/${action}`);
      setConfirming(false);
      props.onDone();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  if (job.state === 'running') return <span>—</span>;
  return (
    <span class="confirm">
      {(job.state === 'dead' || job.state === 'paused') && (
        <button type="button" onClick={() => run('retry')} aria-label={`Retry job ${job.id}`}>
          Retry
        </button>
      )}
      {confirming ? (
        <span role="group" aria-label={`Confirm cancelling job ${job.id}`} class="confirm">
          <span>Remove this job?</span>
          <button type="button" class="danger" onClick={() => run('cancel')}>
            Yes, cancel it
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </span>
      ) : (
        <button type="button" onClick={() => setConfirming(true)} aria-label={`Cancel job ${job.id}`}>
          Cancel
        </button>
      )}
      {error && (
        <span role="alert" class="error">
          {error}
        </span>
      )}
    </span>
  );
}

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
                <th scope="col">Action</th>
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
                  <td>
                    <JobActions job={j} onDone={jobs.reload} />
                  </td>
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
