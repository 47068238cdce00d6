// Small shared pieces: loading and error states, a data hook, times, links.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/** Runs `load` when `deps` change; `reload()` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    load().then(
      (value) => {
        if (!live) return;
        setData(value);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(messageOf(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return `${err.message} (${err.status} ${err.type})`;
  return err instanceof Error ? err.message : String(err);
}

export function Status(props: { loaded: { error: string | null; loading: boolean } }) {
  if (props.loaded.error)
    return (
      <p role="alert" class="error">
        {props.loaded.error}
      </p>
    );
  if (props.loaded.loading) return <p aria-live="polite">Loading…</p>;
  return null;
}

export function Time(props: { at: string | null | undefined }) {
  if (!props.at) return <span>—</span>;
  return <time dateTime={props.at}>{props.at.replace('T', ' ').replace(/(\.\d+)?(Z|\+00:00)$/, ' UTC')}</time>;
}

export function Section(props: { title: string; children: ComponentChildren }) {
  return (
    <section aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** A one-line view of any JSON value, cut to `max` characters. */
export function excerpt(value: unknown, max = 200): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
