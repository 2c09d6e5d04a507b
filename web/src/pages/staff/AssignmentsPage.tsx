/**
 * Reviewer panels (Art. 14, 28): pick reviewers per application and stage. Likely conflicts of
 * interest (DESIGN.md §2 "回避": the applicant is, or within 3 years was, the reviewer's employer) are
 * shown before assigning; the API's 409 CONFLICT_OF_INTEREST is shown next to the application.
 */
import { type FormEvent, useState } from 'react';
import type {
  Application,
  Assignment,
  Reviewer,
  ReviewStage,
  RoundStage,
} from '../../../../functions/handlers/api/schemas/index.ts';
import { RoundNav } from '../../components/RoundNav.tsx';
import { Badge, ErrorAlert, InlineInput, InlineSelect, Loading, Notice } from '../../components/ui.tsx';
import { ApiError, api } from '../../lib/api.ts';
import type { Session } from '../../lib/auth.ts';
import { useSubmission } from '../../lib/forms.ts';
import { useAsync, useNow } from '../../lib/hooks.ts';
import { APPLICATION_STATUS_LABELS, CATEGORY_LABELS, label, REVIEW_STAGE_LABELS } from '../../lib/labels.ts';
import { Link, useTitle } from '../../lib/router.tsx';
import { beijingDateOf } from '../../lib/time.ts';

const STAGE_OF_ROUND: Partial<Record<RoundStage, ReviewStage>> = {
  'material-review': 'material',
  'onsite-review': 'onsite',
  defense: 'defense',
};

/** Why `reviewer` should not review `application`, judged from credit codes; undefined when none is seen. */
export function likelyConflict(
  reviewer: Reviewer,
  application: Application,
  today: string,
): string | undefined {
  if (reviewer.disqualified) return `已被取消评审资格（第二十九条）：${reviewer.disqualified.reason}`;
  const codes = new Set(
    [application.organization?.creditCode, ...(application.members ?? []).map((m) => m.employerCreditCode)]
      .filter((c): c is string => Boolean(c))
      .map((c) => c.toUpperCase()),
  );
  if (reviewer.organizationCode && codes.has(reviewer.organizationCode.toUpperCase()))
    return '申报方为该专家现任职单位，须回避';
  const threeYearsAgo = `${Number(today.slice(0, 4)) - 3}${today.slice(4)}`;
  const former = reviewer.formerEmployers?.find(
    (f) => codes.has(f.creditCode.toUpperCase()) && f.until >= threeYearsAgo,
  );
  if (former) return `申报方为该专家3年内曾任职单位（至 ${former.until}），须回避`;
  return undefined;
}

function AssignForm(props: {
  roundId: string;
  application: Application;
  reviewers: Reviewer[];
  stage: ReviewStage;
  today: string;
  onAssigned: (a: Assignment[]) => void;
  readOnly: boolean;
}) {
  const a = props.application;
  const [chosen, setChosen] = useState<string[]>([]);
  const submission = useSubmission();
  const { error, busy } = submission;
  const [dismiss, setDismiss] = useState<{ reviewerId: string; reason: string }>();
  const [dismissed, setDismissed] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await submission.run(async () => {
      const made = await api.assign(props.roundId, {
        stage: props.stage,
        applicationId: a.applicationId,
        reviewerIds: chosen,
      });
      props.onAssigned(made);
      setChosen([]);
    });
  }

  async function submitDismiss(event: FormEvent) {
    event.preventDefault();
    if (!dismiss) return;
    if (
      !(await submission.run(() => api.dismissConflict(a.applicationId, dismiss.reviewerId, dismiss.reason)))
    )
      return;
    setDismissed(dismiss.reviewerId);
    setDismiss(undefined);
  }

  const conflictError = error instanceof ApiError && error.code === 'CONFLICT_OF_INTEREST';
  return (
    <li>
      <div className="review-head">
        <Link to={`/applications/${encodeURIComponent(a.applicationId)}`}>{a.displayName}</Link>
        <span>{label(CATEGORY_LABELS, a.category)}</span>
        <Badge tone={a.status}>{APPLICATION_STATUS_LABELS[a.status]}</Badge>
      </div>
      {conflictError ? (
        <div className="alert error" role="alert">
          <strong>不能分配：存在利益冲突，须回避（第二十八条）</strong>
          <p>{error.problem.detail}</p>
          {(error.problem.errors ?? []).length > 0 ? (
            <ul>
              {(error.problem.errors ?? []).map((f) => (
                <li key={`${f.path}|${f.message}`}>{f.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : (
        <ErrorAlert error={error} />
      )}
      {dismissed ? <Notice tone="success">已撤销对 {dismissed} 的自动回避。</Notice> : null}
      {props.readOnly ? null : (
        <form onSubmit={submit}>
          <fieldset>
            <legend>
              选择{REVIEW_STAGE_LABELS[props.stage]}专家
              <span className="visually-hidden">：{a.displayName}</span>
            </legend>
            <div className="reviewer-options">
              {props.reviewers.map((r) => {
                const conflict = likelyConflict(r, a, props.today);
                const id = `as-${a.applicationId}-${r.reviewerId}`;
                return (
                  <div className={`field check ${conflict ? 'has-conflict' : ''}`} key={r.reviewerId}>
                    <input
                      id={id}
                      type="checkbox"
                      checked={chosen.includes(r.reviewerId)}
                      aria-describedby={conflict ? `${id}-c` : undefined}
                      onChange={(e) =>
                        setChosen(
                          e.target.checked
                            ? [...chosen, r.reviewerId]
                            : chosen.filter((x) => x !== r.reviewerId),
                        )
                      }
                    />
                    <label htmlFor={id}>
                      {r.name}（{r.reviewerId}）
                    </label>
                    {conflict ? (
                      <span className="conflict" id={`${id}-c`}>
                        ⚠ {conflict}
                        {!r.disqualified ? (
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => setDismiss({ reviewerId: r.reviewerId, reason: '' })}
                          >
                            误判，撤销回避
                          </button>
                        ) : null}
                      </span>
                    ) : null}
                  </div>
                );
              })}
            </div>
          </fieldset>
          <button type="submit" disabled={busy || chosen.length === 0}>
            分配所选专家
          </button>
        </form>
      )}
      {dismiss ? (
        <form onSubmit={submitDismiss} className="inline-form">
          <InlineInput
            id={`dismiss-${a.applicationId}`}
            label={`撤销 ${dismiss.reviewerId} 自动回避的理由`}
            value={dismiss.reason}
            onChange={(e) => setDismiss({ ...dismiss, reason: e.target.value })}
            required
          />
          <button type="submit" disabled={!dismiss.reason.trim()}>
            确认撤销
          </button>
          <button type="button" className="secondary" onClick={() => setDismiss(undefined)}>
            取消
          </button>
        </form>
      ) : null}
    </li>
  );
}

export function AssignmentsPage(props: { roundId: string; session: Session | undefined }) {
  useTitle('评审分配');
  const isStaff = props.session?.claims.roles.includes('staff') ?? false;
  const state = useAsync(async () => {
    const [round, applications, reviewers] = await Promise.all([
      api.round(props.roundId),
      api.roundApplications(props.roundId),
      isStaff ? api.reviewers() : Promise.resolve([] as Reviewer[]),
    ]);
    return { round, applications, reviewers };
  }, [props.roundId, isStaff]);
  const now = useNow();
  const round = state.data?.round;
  const [stage, setStage] = useState<ReviewStage | undefined>();
  const [made, setMade] = useState<Assignment[]>([]);
  const effectiveStage = stage ?? (round ? STAGE_OF_ROUND[round.stage] : undefined) ?? 'material';
  const candidates = (state.data?.applications ?? []).filter((a) =>
    ['accepted', 'in-review'].includes(a.status),
  );
  const names = new Map((state.data?.reviewers ?? []).map((r) => [r.reviewerId, r.name]));
  const appNames = new Map((state.data?.applications ?? []).map((a) => [a.applicationId, a.displayName]));

  return (
    <>
      <p>
        <Link to="/staff">← 各届评选</Link>
      </p>
      <h1>评审分配{round ? ` · ${round.title}` : ''}</h1>
      <RoundNav roundId={props.roundId} />
      <Loading state={state} />
      {state.data ? (
        <>
          <section className="card">
            <div className="inline-form">
              <InlineSelect
                id="assign-stage"
                label="评审阶段"
                value={effectiveStage}
                onChange={(e) => setStage(e.target.value as ReviewStage)}
                options={(Object.keys(REVIEW_STAGE_LABELS) as ReviewStage[]).map((s) => ({
                  value: s,
                  label: REVIEW_STAGE_LABELS[s],
                }))}
              />
            </div>
            {isStaff && state.data.reviewers.length === 0 ? (
              <p>
                评审专家库为空，请先<Link to="/staff/reviewers">登记评审专家</Link>。
              </p>
            ) : null}
            <p className="hint">
              标有 ⚠ 的专家按任职单位识别为须回避；分配时平台会再次核对并拒绝有利益冲突的分配。
            </p>
          </section>
          {made.length > 0 ? (
            <section className="card">
              <h2>本次已分配</h2>
              <ul className="plain-list" aria-live="polite">
                {made.map((m) => (
                  <li key={`${m.applicationId}-${m.stage}-${m.reviewerId}`}>
                    {appNames.get(m.applicationId) ?? m.applicationId} · {REVIEW_STAGE_LABELS[m.stage]} ·{' '}
                    {names.get(m.reviewerId) ?? m.reviewerId}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section className="card">
            <h2>待分配的申报 {candidates.length} 件</h2>
            {candidates.length === 0 ? <p>没有处于评审中的申报。</p> : null}
            <ul className="review-list">
              {candidates.map((a) => (
                <AssignForm
                  key={`${a.applicationId}-${effectiveStage}`}
                  roundId={props.roundId}
                  application={a}
                  reviewers={state.data?.reviewers ?? []}
                  stage={effectiveStage}
                  today={beijingDateOf(now)}
                  readOnly={!isStaff}
                  onAssigned={(list) => setMade((m) => [...list, ...m])}
                />
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </>
  );
}
