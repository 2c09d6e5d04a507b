/** Moves a deadline later (the call, a publicity window): a Beijing-time input and its button. */
import { type FormEvent, useState } from 'react';
import { useSubmission } from '../lib/forms.ts';
import { refreshAll } from '../lib/hooks.ts';
import { fromBeijingInput, toBeijingInput } from '../lib/time.ts';
import { ErrorAlert } from './ui.tsx';

export function ExtendDeadlineForm(props: {
  /** The input's id, unique on the page. */
  id: string;
  label: string;
  submitLabel: string;
  /** The deadline now, as the API gives it. */
  closesAt: string;
  /** Asks the API for the later deadline (an ISO instant). */
  extend: (closesAt: string) => Promise<unknown>;
}) {
  const [value, setValue] = useState(() => toBeijingInput(props.closesAt));
  const [done, setDone] = useState(false);
  const submission = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (!(await submission.run(() => props.extend(fromBeijingInput(value) ?? value)))) return;
    setDone(true);
    refreshAll();
  }

  return (
    <form onSubmit={submit} className="inline-form">
      <ErrorAlert error={submission.error} />
      <label htmlFor={props.id}>{props.label}</label>
      <input id={props.id} type="datetime-local" value={value} onChange={(e) => setValue(e.target.value)} />
      <button type="submit">{props.submitLabel}</button>
      {done ? <span role="status">已延长。</span> : null}
    </form>
  );
}
