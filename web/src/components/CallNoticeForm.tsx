/**
 * The office writes the round's call notice (API.md `PUT /v1/rounds/{roundId}/call-notice`): the
 * requirements, the contact and the forms. Forms are hashed in the browser, sent straight to
 * storage with their presigned POSTs and verified by the server (`complete`), as evidence is; forms
 * already verified and declared again unchanged need no upload.
 */
import { type FormEvent, useState } from 'react';
import { api } from '../lib/api.ts';
import { useSubmission } from '../lib/forms.ts';
import { useAsync } from '../lib/hooks.ts';
import { contentTypeOf, postToStorage, sha256Hex } from '../lib/upload.ts';
import { ErrorAlert, Loading, Notice, TextArea } from './ui.tsx';

const ACCEPTED_FILES = '.pdf,.doc,.docx,.xls,.xlsx,.zip';

export function CallNoticeForm(props: { roundId: string }) {
  const current = useAsync(() => api.callNotice(props.roundId).catch(() => undefined), [props.roundId]);
  const [requirements, setRequirements] = useState<string>();
  const [contact, setContact] = useState<string>();
  const [files, setFiles] = useState<File[]>([]);
  const [done, setDone] = useState(false);
  const submission = useSubmission(['requirements', 'contact']);
  const notice = current.data;
  const shownRequirements = requirements ?? notice?.requirements ?? '';
  const shownContact = contact ?? notice?.contact ?? '';

  async function publish(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const ok = await submission.run(async () => {
      // Forms kept from the notice as stored (verified ones stay without an upload), then the new ones.
      const kept = (notice?.attachments ?? [])
        .filter((a) => a.status === 'verified' && !files.some((f) => f.name === a.fileName))
        .map(({ fileName, contentType, size, sha256 }) => ({ fileName, contentType, size, sha256 }));
      const added = await Promise.all(
        files.map(async (file) => ({
          fileName: file.name,
          contentType: contentTypeOf(file),
          size: file.size,
          sha256: await sha256Hex(await file.arrayBuffer()),
        })),
      );
      const answer = await api.putCallNotice(props.roundId, {
        requirements: shownRequirements,
        contact: shownContact,
        attachments: [...kept, ...added],
      });
      for (const upload of answer.uploads) {
        const file = files.find((f) => f.name === upload.fileName);
        if (!file) continue;
        await postToStorage(upload, file, () => undefined);
        await api.completeCallAttachment(props.roundId, upload.attachmentId);
      }
    });
    if (ok) {
      setFiles([]);
      setDone(true);
      current.reload();
    }
  }

  return (
    <form onSubmit={publish} noValidate aria-label="申报通知">
      <Loading state={current} />
      <ErrorAlert error={submission.error} extra={submission.placed.general} />
      <TextArea
        label="申报要求"
        rows={6}
        hint="纯文本，段落之间空一行"
        value={shownRequirements}
        onChange={(e) => setRequirements(e.target.value)}
      />
      <TextArea label="联系方式" rows={3} value={shownContact} onChange={(e) => setContact(e.target.value)} />
      {notice && notice.attachments.length > 0 ? (
        <ul className="plain-list">
          {notice.attachments.map((a) => (
            <li key={a.attachmentId}>
              {a.fileName}（
              {a.status === 'verified' ? '已核验' : a.status === 'rejected' ? '核验未通过' : '待上传'}）
            </li>
          ))}
        </ul>
      ) : null}
      <label htmlFor="call-files">附件（空白申报表、自评表模板等）</label>
      <input
        id="call-files"
        type="file"
        multiple
        accept={ACCEPTED_FILES}
        onChange={(e) => setFiles([...(e.target.files ?? [])])}
      />
      <div className="actions">
        <button type="submit" disabled={submission.busy}>
          {submission.busy ? '正在发布……' : '发布申报通知'}
        </button>
      </div>
      {done ? <Notice tone="success">申报通知已发布，附件已核验。</Notice> : null}
    </form>
  );
}
