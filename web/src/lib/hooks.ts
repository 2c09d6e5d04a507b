/** Small React hooks shared by the pages. */
import { type DependencyList, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

// Bumped when the world changes under every page (the platform clock moved, another role signed in):
// every useAsync loads again.
let dataEpoch = 0;
const epochListeners = new Set<() => void>();

export function refreshAll(): void {
  dataEpoch += 1;
  for (const listener of epochListeners) listener();
}

function useDataEpoch(): number {
  return useSyncExternalStore(
    (callback) => {
      epochListeners.add(callback);
      return () => epochListeners.delete(callback);
    },
    () => dataEpoch,
  );
}

/**
 * Runs `load` when `deps` change (or after `refreshAll`); `reload()` runs it again. A stale answer
 * never overwrites a newer one.
 */
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const epoch = useDataEpoch();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what `load` depends on.
  useEffect(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === generation.current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => mine === generation.current && setState({ data: undefined, error, loading: false }),
    );
  }, [...deps, tick, epoch]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

// The platform clock: in local mode the server's clock may run ahead of the wall clock (POST
// /v1/dev/clock); countdowns and "now" follow it through an offset.
let clockOffsetMs = 0;
const clockListeners = new Set<() => void>();

export function setPlatformNow(serverNowIso: string): void {
  clockOffsetMs = new Date(serverNowIso).getTime() - Date.now();
  for (const listener of clockListeners) listener();
}

export const platformNow = (): number => Date.now() + clockOffsetMs;

/** The platform's "now" in ms, refreshed every `intervalMs` and whenever the clock is moved. */
export function useNow(intervalMs = 30_000): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  useSyncExternalStore(
    (callback) => {
      clockListeners.add(callback);
      return () => clockListeners.delete(callback);
    },
    () => clockOffsetMs,
  );
  return platformNow();
}
