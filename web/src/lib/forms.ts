/** The state every form of the portal keeps: its values, and the submission with its error and findings. */
import { useCallback, useState } from 'react';
import { problemErrors } from './api.ts';
import { type FieldFinding, type PlacedFindings, placeFindings } from './findings.ts';

export interface Submission {
  /** True while the action runs. */
  busy: boolean;
  /** What the last action threw, until the next one starts. */
  error: unknown;
  /** The findings shown: the problem's `errors` of the last failure, or those given to `show`. */
  findings: FieldFinding[];
  /** `findings` placed at the form's fields; the rest are `general`, listed above the form. */
  placed: PlacedFindings;
  /** Runs `action` with the last error and findings cleared; resolves to false when it threw. */
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  /** Shows findings made without a failed call (checks in the browser, the vetting of a draft). */
  show: (findings: FieldFinding[]) => void;
  /** Forgets the last error and its findings. */
  reset: () => void;
}

/**
 * A form's calls to the API: busy while one runs, and when it fails the error with its findings,
 * those at `shownPaths` placed next to their fields.
 */
export function useSubmission(shownPaths: Iterable<string> = []): Submission {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [findings, setFindings] = useState<FieldFinding[]>([]);

  const run = useCallback(async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    setFindings([]);
    try {
      await action();
      return true;
    } catch (e) {
      setError(e);
      setFindings(problemErrors(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const show = useCallback((list: FieldFinding[]) => {
    setError(undefined);
    setFindings(list);
  }, []);
  const reset = useCallback(() => show([]), [show]);

  return { busy, error, findings, placed: placeFindings(findings, shownPaths), run, show, reset };
}

/** What a change event of an input, select or textarea brings. */
type ChangeEvent = { target: { value: string } };

/** The props that bind a TextField, TextArea or SelectField to a value and to the findings at `path`. */
export function bindField(
  findings: PlacedFindings | undefined,
  path: string,
  value: string,
  change: (value: string) => void,
) {
  return { path, findings, value, onChange: (e: ChangeEvent) => change(e.target.value) };
}

/**
 * The values of a form of text inputs and selects. `field(key, path)` binds one to its field
 * (`bindField`); the API path is the key unless told.
 */
export function useFormFields<T extends { [K in keyof T]: string }>(
  initial: T | (() => T),
  findings?: PlacedFindings,
) {
  const [values, setValues] = useState(initial);
  const set = useCallback(
    <K extends keyof T>(key: K, value: T[K]) => setValues((v) => ({ ...v, [key]: value })),
    [],
  );
  const field = <K extends keyof T & string>(key: K, path: string = key) =>
    bindField(findings, path, values[key], (value) => set(key, value as T[K]));
  return { values, setValues, set, field };
}
