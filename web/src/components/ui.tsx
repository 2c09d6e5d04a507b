/** Building blocks of every page: fields bound to their labels and errors, alerts, loading states. */
import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';
import { ApiError, errorMessage } from '../lib/api.ts';
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
}

function useFieldIds(path: string | undefined, findings: PlacedFindings | undefined, hint: ReactNode) {
  const id = useId();
  const messages = path && findings ? messagesFor(findings, path) : [];
  const errorId = path ? errorIdFor(path) : `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : undefined, messages.length > 0 ? errorId : undefined]
    .filter(Boolean)
    .join(' ');
  return { id, messages, errorId, hintId, describedBy: describedBy || undefined };
}

function FieldMessages(props: { hint: ReactNode; hintId: string; messages: string[]; errorId: string }) {
  return (
    <>
      {props.hint ? (
        <p className="hint" id={props.hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.messages.length > 0 ? (
        <ul className="field-errors" id={props.errorId}>
          {props.messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

const RequiredMark = () => (
  <span className="required" aria-hidden="true">
    *
  </span>
);

export function TextField(props: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  const { label, path, findings, hint, required, className, ...input } = props;
  const f = useFieldIds(path, findings, hint);
  return (
    <div className={`field ${f.messages.length > 0 ? 'has-error' : ''} ${className ?? ''}`}>
      <label htmlFor={f.id}>
        {label}
        {required ? <RequiredMark /> : null}
      </label>
      <input
        id={f.id}
        name={path}
        required={required}
        aria-invalid={f.messages.length > 0 || undefined}
        aria-describedby={f.describedBy}
        {...input}
      />
      <FieldMessages hint={hint} hintId={f.hintId} messages={f.messages} errorId={f.errorId} />
    </div>
  );
}

export function TextArea(props: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { label, path, findings, hint, required, className, ...input } = props;
  const f = useFieldIds(path, findings, hint);
  return (
    <div className={`field ${f.messages.length > 0 ? 'has-error' : ''} ${className ?? ''}`}>
      <label htmlFor={f.id}>
        {label}
        {required ? <RequiredMark /> : null}
      </label>
      <textarea
        id={f.id}
        name={path}
        required={required}
        aria-invalid={f.messages.length > 0 || undefined}
        aria-describedby={f.describedBy}
        rows={4}
        {...input}
      />
      <FieldMessages hint={hint} hintId={f.hintId} messages={f.messages} errorId={f.errorId} />
    </div>
  );
}

export function SelectField(
  props: FieldFrame &
    SelectHTMLAttributes<HTMLSelectElement> & { options: readonly { value: string; label: string }[] },
) {
  const { label, path, findings, hint, required, options, className, ...select } = props;
  const f = useFieldIds(path, findings, hint);
  return (
    <div className={`field ${f.messages.length > 0 ? 'has-error' : ''} ${className ?? ''}`}>
      <label htmlFor={f.id}>
        {label}
        {required ? <RequiredMark /> : null}
      </label>
      <select
        id={f.id}
        name={path}
        required={required}
        aria-invalid={f.messages.length > 0 || undefined}
        aria-describedby={f.describedBy}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages hint={hint} hintId={f.hintId} messages={f.messages} errorId={f.errorId} />
    </div>
  );
}

export function CheckField(
  props: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { label: ReactNode },
) {
  const { label, path, findings, hint, className, ...input } = props;
  const f = useFieldIds(path, findings, hint);
  return (
    <div className={`field check ${f.messages.length > 0 ? 'has-error' : ''} ${className ?? ''}`}>
      <input
        id={f.id}
        type="checkbox"
        name={path}
        aria-invalid={f.messages.length > 0 || undefined}
        aria-describedby={f.describedBy}
        {...input}
      />
      <label htmlFor={f.id}>{label}</label>
      <FieldMessages hint={hint} hintId={f.hintId} messages={f.messages} errorId={f.errorId} />
    </div>
  );
}

/** An error from the API (or anything thrown) with its `errors` listed. */
export function ErrorAlert(props: { error: unknown; title?: string; extra?: PlacedFindings['general'] }) {
  if (!props.error && !props.extra?.length) return null;
  const listed = props.extra ?? (props.error instanceof ApiError ? (props.error.problem.errors ?? []) : []);
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
