/**
 * A score sheet: the application's evidence, the rubric as a form with item maxima and running
 * totals (PUT /v1/applications/{id}/scores/{stage}), and the conflict-of-interest declaration.
 */
import { type FormEvent, useState } from 'react';
import type { ReviewStage } from '../../../../functions/handlers/api/schemas/index.ts';
import { checkScores, RubricForm, type ScoreDraft, scoresOf } from '../../components/RubricForm.tsx';
import { ErrorAlert, Loading, Notice, TextArea } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { bindField, useSubmission } from '../../lib/forms.ts';
import { useAsync } from '../../lib/hooks.ts';
import { CATEGORY_LABELS, EVIDENCE_STATUS_LABELS, label, REVIEW_STAGE_LABELS } from '../../lib/labels.ts';
import { Link, navigate, useTitle } from '../../lib/router.tsx';
import { formatBytes } from '../../lib/time.ts';
import { openEvidence } from '../../lib/upload.ts';

export function ScoringPage(props: { applicationId: string; stage: string }) {
  const stage = props.stage as ReviewStage;
  const state = useAsync(async () => {
    const application = await api.application(props.applicationId);
    const rubric = await api.rubric(application.category);
    return { application, rubric };
  }, [props.applicationId]);
  const a = state.data?.application;
  const rubric = state.data?.rubric;
  useTitle(a ? `评分：${a.displayName}` : '评分');
  const [scores, setScores] = useState<ScoreDraft>({});
  const [comment, setComment] = useState('');
  const [saved, setSaved] = useState<number>();
  const [conflictReason, setConflictReason] = useState('');
  const shown = [...(rubric?.items.map((i) => `items.${i.itemId}`) ?? []), 'comment'];
  const scoring = useSubmission(shown);
  const conflict = useSubmission();
  const download = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!rubric) return;
    setSaved(undefined);
    const local = checkScores(rubric, scores, 'items.', true);
    if (local.length > 0) {
      scoring.show(local);
      return;
    }
    await scoring.run(async () => {
      const sheet = await api.score(props.applicationId, stage, {
        items: scoresOf(scores),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      setSaved(sheet.total);
    });
  }

  async function declare(event: FormEvent) {
    event.preventDefault();
    if (!window.confirm('申报回避后，您对该申报的评审分配和已给出的评分将被撤回，且不能撤销。确定吗？'))
      return;
    if (await conflict.run(() => api.declareConflict(props.applicationId, conflictReason.trim())))
      navigate('/review');
  }

  return (
    <>
      <p>
        <Link to="/review">← 评审任务</Link>
      </p>
      <Loading state={state} />
      {a && rubric ? (
        <>
          <h1>
            {REVIEW_STAGE_LABELS[stage] ?? stage}评分：{a.displayName}
          </h1>
          <p>
            {label(CATEGORY_LABELS, a.category)}类申报。评分细则 {rubric.version} 版，满分 {rubric.maxPoints}{' '}
            分，每项给 0 至该项满分的整数分。
          </p>
          <section className="card">
            <h2>证明材料</h2>
            <ErrorAlert error={download.error} />
            {a.evidence.length === 0 ? <p>无证明材料。</p> : null}
            <ul className="plain-list">
              {a.evidence.map((e) => (
                <li key={e.evidenceId}>
                  {e.fileName}（{formatBytes(e.size)}，{label(EVIDENCE_STATUS_LABELS, e.status)}）{' '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void download.run(() => openEvidence(props.applicationId, e.evidenceId))}
                  >
                    下载<span className="visually-hidden">{e.fileName}</span>
                  </button>
                </li>
              ))}
            </ul>
            <p className="hint">每次下载均记入审计记录。</p>
          </section>
          <section className="card">
            <h2>评分表</h2>
            {saved !== undefined ? (
              <Notice tone="success">评分已保存，总分 {saved} 分。在评审阶段结束前可以修改。</Notice>
            ) : null}
            <form onSubmit={submit} noValidate>
              <ErrorAlert error={scoring.error} extra={scoring.placed.general} />
              <RubricForm
                legend="各评分项得分"
                rubric={rubric}
                value={scores}
                onChange={setScores}
                pathPrefix="items."
                findings={scoring.placed}
              />
              <TextArea
                label="评审意见"
                rows={4}
                {...bindField(scoring.placed, 'comment', comment, setComment)}
              />
              <button type="submit" disabled={scoring.busy}>
                {scoring.busy ? '正在保存……' : '保存评分'}
              </button>
            </form>
          </section>
          <section className="card">
            <h2>申报回避</h2>
            <p>与申报方存在任职、亲属或其他利害关系的，应当回避（第二十八条）。</p>
            <form onSubmit={declare}>
              <ErrorAlert error={conflict.error} />
              <TextArea
                label="回避理由"
                required
                rows={2}
                value={conflictReason}
                onChange={(e) => setConflictReason(e.target.value)}
              />
              <button type="submit" className="danger" disabled={!conflictReason.trim()}>
                申报回避
              </button>
            </form>
          </section>
        </>
      ) : null}
    </>
  );
}
