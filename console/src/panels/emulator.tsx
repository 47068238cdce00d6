// The emulator's controls, listed only when the server runs the emulator (the test-double mode):
// Roster's clock (read it, move it forward, set it), reset (after a confirmation) and seed (a
// fixture pasted or read from a file). They run the same controls as /_emulator, through the
// console's session and CSRF token.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { call } from '../api';
import { Section, Status, Time, messageOf, useLoad } from '../ui';
import type { Panel } from './types';

interface ClockState {
  now: string;
  frozen: boolean;
}

/** One line saying how the last action went, read out by screen readers. */
function Outcome(props: { ok: string | null; error: string | null }) {
  return (
    <>
      <p role="status" aria-live="polite">
        {props.ok ?? ''}
      </p>
      {props.error && (
        <p role="alert" class="error">
          {props.error}
        </p>
      )}
    </>
  );
}

function ClockControls() {
  const clock = useLoad(() => call<ClockState>('GET', '/emulator/clock'), []);
  const [shown, setShown] = useState<ClockState | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const state = shown ?? clock.data;
  const move = async (event: Event, path: 'advance' | 'set', field: string) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const value = (form.elements.namedItem(field) as HTMLInputElement).value.trim();
    if (!value) return;
    setBusy(true);
    setOk(null);
    setError(null);
    try {
      const body = path === 'advance' ? { by: /^\d+$/.test(value) ? Number(value) : value } : { time: value };
      const next = await call<ClockState>('POST', `/emulator/clock/${path}`, body);
      setShown(next);
      setOk(`The clock now reads ${next.now}; the work that came due has run.`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title="Clock">
      <Status loaded={clock} />
      {state && (
        <dl>
          <dt>Roster's time</dt>
          <dd id="emulator-now">
            <Time at={state.now} />
          </dd>
          <dt>Running</dt>
          <dd>{state.frozen ? 'no, frozen (it moves only when told)' : 'yes, at the pace of real time'}</dd>
        </dl>
      )}
      <button
        type="button"
        onClick={() => {
          setShown(null);
          clock.reload();
        }}
      >
        Read the clock again
      </button>
      <form class="inline" onSubmit={(e) => move(e, 'advance', 'by')}>
        <label for="clock-by">Advance the clock by</label>
        <input id="clock-by" name="by" maxLength={40} placeholder="90s, 25h, 7d" aria-describedby="clock-by-hint" />
        <button type="submit" disabled={busy}>
          Advance
        </button>
      </form>
      <p class="hint" id="clock-by-hint">
        A duration such as 90s, 25h, 7d or 1h30m, or whole milliseconds. Retries, sweeps and expiries that come due on
        the way run before the clock answers.
      </p>
      <form class="inline" onSubmit={(e) => move(e, 'set', 'time')}>
        <label for="clock-time">Set the clock to</label>
        <input
          id="clock-time"
          name="time"
          maxLength={40}
          placeholder="2030-01-01T00:00:00Z"
          aria-describedby="clock-time-hint"
        />
        <button type="submit" disabled={busy}>
          Set
        </button>
      </form>
      <p class="hint" id="clock-time-hint">
        An ISO 8601 time with its offset. Forward runs what comes due, as advancing does; back in time runs nothing.
      </p>
      <Outcome ok={ok} error={error} />
    </Section>
  );
}

function ResetControls() {
  const agents = useLoad(() => call<{ data: Array<{ id: string; handle: string }> }>('GET', '/agents'), []);
  const [agent, setAgent] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [ok, setOk] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const whose = agent ? `the AI Agent ${agent}` : 'every AI Agent';
  const keep = useRef<HTMLButtonElement>(null);
  // Before the browser paints the question, so a key pressed as it appears lands on "Keep".
  useLayoutEffect(() => {
    if (confirming) keep.current?.focus();
  }, [confirming]);
  const reset = async () => {
    setOk(null);
    setError(null);
    try {
      await call('POST', '/emulator/reset', agent ? { agent } : {});
      setOk(`The data of ${whose} was removed.`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setConfirming(false);
    }
  };
  return (
    <Section title="Reset">
      <p class="hint">
        Removes end users, conversations, channels, webhooks, events, knowledge and queued jobs, and empties the inboxes
        and fault rules. AI Agents and their API keys stay.
      </p>
      <div class="confirm">
        <label for="reset-agent">Whose data</label>
        <select id="reset-agent" value={agent} onChange={(e) => setAgent((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">Every AI Agent</option>
          {(agents.data?.data ?? []).map((a) => (
            <option key={a.id} value={a.handle}>
              {a.handle}
            </option>
          ))}
        </select>
        {confirming ? (
          <span role="group" aria-label="Confirm the reset" class="confirm">
            <span>Remove the data of {whose}? This cannot be undone.</span>
            <button type="button" class="danger" onClick={reset}>
              Yes, remove it
            </button>
            <button type="button" ref={keep} onClick={() => setConfirming(false)}>
              Keep the data
            </button>
          </span>
        ) : (
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            Reset…
          </button>
        )}
      </div>
      <Outcome ok={ok} error={error} />
    </Section>
  );
}

function SeedControls() {
  const [text, setText] = useState('');
  const [ok, setOk] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const readFile = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (file) setText(await file.text());
  };
  const seed = async (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setOk(null);
    setError(null);
    try {
      const answer = await call<{ loaded: Record<string, number> }>('POST', '/emulator/seed', { fixture: text });
      const counts = Object.entries(answer.loaded).map(([key, n]) => `${key} ${n}`);
      setOk(counts.length > 0 ? `Loaded: ${counts.join(', ')}.` : 'The fixture held nothing to load.');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title="Seed">
      <form onSubmit={seed} class="stack">
        <label for="seed-fixture">Fixture (YAML or JSON)</label>
        <textarea
          id="seed-fixture"
          rows={10}
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
          aria-describedby="seed-hint"
        />
        <p class="hint" id="seed-hint">
          Top-level keys as the API names its resources: agents, end_users, channels, conversations, webhooks,
          knowledge. Each item goes through the API; the first refusal stops the seed and names the item.
        </p>
        <label for="seed-file">Or read a fixture file</label>
        <input
          id="seed-file"
          type="file"
          accept=".yaml,.yml,.json,application/json,application/yaml"
          onChange={readFile}
        />
        <div>
          <button type="submit" disabled={busy || !text.trim()}>
            Load fixture
          </button>
        </div>
      </form>
      <Outcome ok={ok} error={error} />
    </Section>
  );
}

function EmulatorView() {
  return (
    <>
      <p class="hint">The emulator is on: Roster runs as a test double, and these controls change all of its data.</p>
      <ClockControls />
      <ResetControls />
      <SeedControls />
    </>
  );
}

export const emulatorPanel: Panel = {
  id: 'emulator',
  title: 'Emulator',
  scope: 'global',
  requires: 'emulator',
  view: EmulatorView,
};
