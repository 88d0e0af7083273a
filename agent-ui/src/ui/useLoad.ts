// Loads a resource and reloads it on demand. A string is a GET path; a function is any other call, re-run when
// `deps` change. Errors become a message, never a crash, and the last value stays while reloading so screens
// do not flicker.
import { useCallback, useEffect, useState } from 'react';
import { http } from '../api/http';

export interface Loaded<T> { data: T | null; error: string | null; loading: boolean; reload: () => void }

export function useLoad<T>(source: string | null | (() => Promise<T>), deps: unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(source !== null);
  const [tick, setTick] = useState(0);
  const key = typeof source === 'string' || source === null ? [source] : deps;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(typeof source === 'function' ? source : () => (source === null ? null : http.get<T>(source)), key);
  useEffect(() => {
    const pending = run();
    if (!pending) return;
    let live = true;
    setLoading(true);
    pending.then(
      (d) => { if (live) { setData(d); setError(null); setLoading(false); } },
      (e: Error) => { if (live) { setError(e.message); setLoading(false); } },
    );
    return () => { live = false; };
  }, [run, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** Runs an action, reports its error as a message, and calls `onDone` when it worked. */
export async function attempt(fn: () => Promise<unknown>, onError: (m: string) => void, onDone?: () => void) {
  try {
    await fn();
    onDone?.();
  } catch (e) {
    onError((e as Error).message);
  }
}
