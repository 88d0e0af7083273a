// Loads a resource and reloads it on demand; errors become a message, never a crash.
import { useCallback, useEffect, useState } from 'react';
import { http } from '../../api/http';

export function useLoad<T>(path: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    if (!path) return;
    http.get<T>(path).then((d) => { setData(d); setError(null); }, (e: Error) => setError(e.message));
  }, [path]);
  useEffect(reload, [reload]);
  return { data, error, reload };
}

export async function attempt(fn: () => Promise<unknown>, onError: (m: string) => void, onDone?: () => void) {
  try {
    await fn();
    onDone?.();
  } catch (e) {
    onError((e as Error).message);
  }
}
