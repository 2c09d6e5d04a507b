/** A download button for a generated document or export (API.md v2 "Documents"). */
import { useState } from 'react';
import { type ExportKind, exportWhenReady, startDownload } from '../lib/documents.ts';
import { ErrorAlert } from './ui.tsx';

/** Fetches a document's short-lived link, then downloads it. */
export function DocumentButton(props: {
  label: string;
  load: () => Promise<{ url: string; fileName?: string }>;
  secondary?: boolean;
}) {
  const [state, setState] = useState<{ busy: boolean; note?: string; error?: unknown }>({ busy: false });
  const run = async () => {
    setState({ busy: true, note: '正在生成…' });
    try {
      startDownload(await props.load());
      setState({ busy: false });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <span className="document-button">
      <button
        type="button"
        className={props.secondary ? 'secondary' : undefined}
        onClick={run}
        disabled={state.busy}
      >
        {state.busy ? (state.note ?? '正在生成…') : props.label}
      </button>
      {state.error ? <ErrorAlert error={state.error} title={`${props.label}失败`} /> : null}
    </span>
  );
}

/** Exports `kind` of a round (the archive may take minutes: the button says so while it waits). */
export function ExportButton(props: { roundId: string; kind: ExportKind; label: string }) {
  return (
    <DocumentButton
      label={props.label}
      secondary={props.kind !== 'archive'}
      load={async () => {
        const view = await exportWhenReady(props.roundId, props.kind, () => undefined);
        return { url: view.url as string, ...(view.fileName ? { fileName: view.fileName } : {}) };
      }}
    />
  );
}
