/**
 * The two decisions on an application before the review (Art. 18 (3)): the recommender's opinion
 * and the office's qualification review. Each is a small form of its own, shown in the application
 * and in the queues of the recommender and the office.
 */
import { type FormEvent, useState } from 'react';
import type {
  Application,
  QualificationBody,
  RecommendationBody,
} from '../../../functions/handlers/api/schemas/index.ts';
import { api } from '../lib/api.ts';
import { useSubmission } from '../lib/forms.ts';
import { ErrorAlert, SelectField, TextArea } from './ui.tsx';

type Recommendation = RecommendationBody['decision'];

export function RecommendForm(props: { application: Application; onDone: () => void }) {
  const a = props.application;
  const [decision, setDecision] = useState<Recommendation>('recommend');
  const [opinion, setOpinion] = useState('');
  const submission = useSubmission(['decision', 'opinion']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await submission.run(() => api.recommend(a.applicationId, decision, opinion))) props.onDone();
  }

  return (
    <form onSubmit={submit} noValidate className="inline-review" aria-label={`推荐意见：${a.displayName}`}>
      <ErrorAlert error={submission.error} extra={submission.placed.general} />
      <SelectField
        label="推荐结论"
        path="decision"
        findings={submission.placed}
        id={`rec-${a.applicationId}-decision`}
        value={decision}
        onChange={(e) => setDecision(e.target.value as Recommendation)}
        options={[
          { value: 'recommend', label: '同意推荐' },
          { value: 'decline', label: '不予推荐' },
        ]}
      />
      <TextArea
        label="推荐意见"
        path="opinion"
        findings={submission.placed}
        id={`rec-${a.applicationId}-opinion`}
        required
        rows={2}
        value={opinion}
        onChange={(e) => setOpinion(e.target.value)}
      />
      <button type="submit" disabled={submission.busy || !opinion.trim()}>
        提交推荐意见
      </button>
    </form>
  );
}

type Qualification = QualificationBody['decision'];

export function QualificationForm(props: { application: Application; onDone: () => void }) {
  const a = props.application;
  const [decision, setDecision] = useState<Qualification>('qualified');
  const [reason, setReason] = useState('');
  const submission = useSubmission(['decision', 'reason']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const recorded = await submission.run(() =>
      api.qualify(a.applicationId, decision, reason.trim() || undefined),
    );
    if (recorded) props.onDone();
  }

  return (
    <form onSubmit={submit} noValidate className="inline-review" aria-label={`资格审查：${a.displayName}`}>
      <ErrorAlert error={submission.error} extra={submission.placed.general} />
      <SelectField
        label="审查结论"
        path="decision"
        findings={submission.placed}
        id={`q-${a.applicationId}-decision`}
        value={decision}
        onChange={(e) => setDecision(e.target.value as Qualification)}
        options={[
          { value: 'qualified', label: '通过' },
          { value: 'disqualified', label: '不通过' },
        ]}
      />
      <TextArea
        label={decision === 'disqualified' ? '不通过理由' : '审查意见（可选）'}
        path="reason"
        findings={submission.placed}
        required={decision === 'disqualified'}
        rows={2}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit" disabled={submission.busy}>
        记录资格审查结论
      </button>
    </form>
  );
}
