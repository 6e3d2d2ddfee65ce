import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from './api';

export interface Loaded<T> {
  data: T | null;
  /** The path whose answer `data` is (while a new path loads, data still shows the previous one). */
  loadedPath: string | null;
  error: ApiError | Error | null;
  loading: boolean;
  reload: () => void;
}

/** GET a path and re-fetch when it changes; null path = do nothing yet. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; loadedPath: string | null; error: ApiError | Error | null; loading: boolean }>({ data: null, loadedPath: null, error: null, loading: path !== null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api<T>(path)
      .then((data) => live && setState({ data, loadedPath: path, error: null, loading: false }))
      .catch((error: Error) => live && setState({ data: null, loadedPath: path, error, loading: false }));
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/** Runs a change (POST/PATCH/DELETE), then reloads `state`; the error message of a failed change is kept for display. */
export function useMutation(state: Pick<Loaded<unknown>, 'reload'>): { run: (p: Promise<unknown>) => Promise<void>; err: string | null } {
  const [err, setErr] = useState<string | null>(null);
  const run = async (p: Promise<unknown>) => {
    try {
      await p;
      setErr(null);
      state.reload();
    } catch (x) {
      setErr((x as Error).message);
    }
  };
  return { run, err };
}
