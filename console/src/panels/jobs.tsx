// Background jobs of all of Roster (deliveries, sweeps, the AI Agent's turns, erasures, and any
// kind a later module adds): a count per kind and state, and the jobs themselves, filtered by
// state, with retry and cancel as the CLI has them and an erasure's progress; then the newest
// erasures (deletion jobs) of every AI Agent with theirs, which outlive their runs.
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
    erasure: { id: string; status: string; matched_count: number | null; erased_count: number } | null;
  }>;
}

interface Erasure {
  id: string;
  agent_id: string;
  type: string;
  status: string;
  submitted_count: number;
  matched_count: number | null;
  erased_count: number;
  failure_reason: string | null;
  created_at: string;
  completed_at: string | null;
}

/** "3 of 10 end users erased", or that the identifiers are not matched yet. */
function erased(e: { erased_count: number; matched_count: number | null }): string {
  if (e.matched_count === null) return 'not matched yet';
  return `${e.erased_count} of ${e.matched_count} end users erased`;
}

function Erasures() {
  const erasures = useLoad(() => call<{ data: Erasure[] }>('GET', '/erasures?limit=20'), []);
  return (
    <Section title="Erasures">
      <Status loaded={erasures} />
      <button type="button" onClick={erasures.reload}>
        Refresh erasures
      </button>
      {erasures.data && (
        <table>
          <caption>Erasures of every AI Agent, newest first (at most 20)</caption>
          <thead>
            <tr>
              <th scope="col">Deletion job</th>
              <th scope="col">Agent</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Identifiers</th>
              <th scope="col">Requested</th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {erasures.data.data.map((e) => (
              <tr key={e.id}>
                <td>
                  {e.id} <small>{e.type}</small>
                </td>
                <td>{e.agent_id}</td>
                <td>
                  {e.status}
                  {e.failure_reason && <small> ({e.failure_reason})</small>}
                </td>
                <td>{erased(e)}</td>
                <td>{e.submitted_count}</td>
                <td>
                  <Time at={e.created_at} />
                </td>
                <td>
                  <Time at={e.completed_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {erasures.data?.data.length === 0 && <p>No erasure was requested.</p>}
    </Section>
  );
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
                <th scope="col">Progress</th>
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
                    {j.erasure ? (
                      <>
                        erasure {j.erasure.status}: {erased(j.erasure)} <small>{j.erasure.id}</small>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <JobActions job={j} onDone={jobs.reload} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Erasures />
    </>
  );
}

export const jobsPanel: Panel = { id: 'jobs', title: 'Jobs', scope: 'global', view: JobsView };
