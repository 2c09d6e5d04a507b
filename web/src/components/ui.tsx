/** Building blocks of every page: fields bound to their labels and errors, alerts, loading states. */
import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';
import { errorMessage, problemErrors } from '../lib/api.ts';
import { errorIdFor, messagesFor, type PlacedFindings } from '../lib/findings.ts';
import { useNow } from '../lib/hooks.ts';
import { formatCountdown } from '../lib/time.ts';

interface FieldFrame {
  label: ReactNode;
  /** The API path of the value (`organization.creditCode`); its findings are shown under the field. */
  path?: string;
  findings?: PlacedFindings;
  hint?: ReactNode;
  required?: boolean;
  /** The control's id; one is made up when none is given. */
  id?: string;
  className?: string;
}

/** What every control of a field carries: the id its label points at, and what screen readers announce. */
interface ControlProps {
  id: string;
  name: string | undefined;
  required: boolean | undefined;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * One form field: the label bound to the control, and under it the hint and the findings at `path`,
 * both named by the control's aria-describedby. A checkbox stands before its label.
 */
function Field(props: FieldFrame & { checkbox?: boolean; control: (control: ControlProps) => ReactNode }) {
  const { label, path, findings, hint, required, checkbox } = props;
  const madeUpId = useId();
  const id = props.id ?? madeUpId;
  const messages = path && findings ? messagesFor(findings, path) : [];
  const errorId = path ? errorIdFor(path) : `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : undefined, messages.length > 0 ? errorId : undefined]
    .filter(Boolean)
    .join(' ');
  const control = props.control({
    id,
    name: path,
    required,
    'aria-invalid': messages.length > 0 || undefined,
    'aria-describedby': describedBy || undefined,
  });
  const labelled = (
    <label htmlFor={id}>
      {label}
      {required && !checkbox ? <RequiredMark /> : null}
    </label>
  );
  const classes = ['field', checkbox && 'check', messages.length > 0 && 'has-error', props.className];
  return (
    <div className={classes.filter(Boolean).join(' ')}>
      {checkbox ? control : labelled}
      {checkbox ? labelled : control}
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {messages.length > 0 ? (
        <ul className="field-errors" id={errorId}>
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

const RequiredMark = () => (
  <span className="required" aria-hidden="true">
    *
  </span>
);

/** The props of the field frame, taken off before the rest go to the control. */
function splitFrame<P extends FieldFrame>(props: P): [FieldFrame, Omit<P, keyof FieldFrame>] {
  const { label, path, findings, hint, required, id, className, ...control } = props;
  return [{ label, path, findings, hint, required, id, className }, control];
}

export function TextField(props: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  const [frame, input] = splitFrame(props);
  return <Field {...frame} control={(c) => <input {...c} {...input} />} />;
}

export function TextArea(props: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const [frame, input] = splitFrame(props);
  return <Field {...frame} control={(c) => <textarea {...c} rows={4} {...input} />} />;
}

/** One choice of a select. */
export interface Option {
  value: string;
  label: string;
}

const optionsOf = (options: readonly Option[]) =>
  options.map((o) => (
    <option key={`${o.value}|${o.label}`} value={o.value}>
      {o.label}
    </option>
  ));

export function SelectField(
  props: FieldFrame & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly Option[] },
) {
  const [frame, { options, ...select }] = splitFrame(props);
  return (
    <Field
      {...frame}
      control={(c) => (
        <select {...c} {...select}>
          {optionsOf(options)}
        </select>
      )}
    />
  );
}

export function CheckField(props: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  const [frame, input] = splitFrame(props);
  return <Field {...frame} checkbox control={(c) => <input {...c} type="checkbox" {...input} />} />;
}

/** A label and its select side by side, for the compact forms of toolbars and filters. */
export function InlineSelect(
  props: SelectHTMLAttributes<HTMLSelectElement> & {
    id: string;
    label: ReactNode;
    options: readonly Option[];
  },
) {
  const { label, options, ...select } = props;
  return (
    <>
      <label htmlFor={props.id}>{label}</label>
      <select {...select}>{optionsOf(options)}</select>
    </>
  );
}

/** A label and its input side by side, for the compact forms of toolbars and filters. */
export function InlineInput(props: InputHTMLAttributes<HTMLInputElement> & { id: string; label: ReactNode }) {
  const { label, ...input } = props;
  return (
    <>
      <label htmlFor={props.id}>{label}</label>
      <input {...input} />
    </>
  );
}

/** A fieldset of radio buttons, one per choice, named by its legend. */
export function RadioGroup<V extends string>(props: {
  legend: string;
  name: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
}) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label className="radio" key={o.value}>
          <input
            type="radio"
            name={props.name}
            value={o.value}
            checked={props.value === o.value}
            onChange={() => props.onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** An error from the API (or anything thrown) with its `errors` listed. */
export function ErrorAlert(props: { error: unknown; title?: string; extra?: PlacedFindings['general'] }) {
  if (!props.error && !props.extra?.length) return null;
  const listed = props.extra ?? problemErrors(props.error);
  return (
    <div className="alert error" role="alert">
      {props.title ? <strong>{props.title}</strong> : null}
      {props.error ? <p>{errorMessage(props.error)}</p> : null}
      {listed.length > 0 ? (
        <ul>
          {listed.map((f) => (
            <li key={`${f.path}|${f.code}|${f.message}`}>
              {f.message}
              {f.article ? `（${f.article}）` : ''}
              {f.code ? <span className="code"> [{f.code}]</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Notice(props: { children: ReactNode; tone?: 'success' | 'info' | 'warning' }) {
  return (
    <div className={`alert ${props.tone ?? 'info'}`} role="status">
      {props.children}
    </div>
  );
}

export function Loading(props: { state: { loading: boolean; error: unknown; data: unknown } }) {
  if (props.state.error) return <ErrorAlert error={props.state.error} />;
  if (props.state.loading && props.state.data === undefined)
    return (
      <p className="muted" role="status">
        正在加载……
      </p>
    );
  return null;
}

export function Countdown(props: { to: string; prefix?: string }) {
  const now = useNow(15_000);
  const text = formatCountdown(now, props.to);
  return (
    <span className={`countdown ${text === '已截止' ? 'over' : ''}`}>
      {props.prefix ?? ''}
      {text === '已截止' ? '已截止' : `剩余 ${text}`}
    </span>
  );
}

export function Progress(props: { value: number; label: string }) {
  const percent = Math.round(props.value * 100);
  return (
    <div className="progress-line">
      <progress max={100} value={percent} aria-label={props.label} />
      <span aria-hidden="true">{percent}%</span>
    </div>
  );
}

export function Badge(props: { children: ReactNode; tone?: string }) {
  return <span className={`badge ${props.tone ?? ''}`}>{props.children}</span>;
}
