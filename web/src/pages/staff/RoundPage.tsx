/**
 * The round dashboard: stage and timeline, applications counted per status, and the next step —
 * an `advance` for the moves staff make, the condition for the moves the system makes, and what
 * blocks the move when the API refuses it (409 STAGE_PRECONDITION_FAILED `errors`).
 */
import { type FormEvent, useEffect, useState } from 'react';
import type {
  Application,
  ApplicationStatus,
  Round,
} from '../../../../functions/handlers/api/schemas/index.ts';
import { CallNoticeForm } from '../../components/CallNoticeForm.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ExtendDeadlineForm } from '../../components/ExtendDeadlineForm.tsx';
import { RoundNav } from '../../components/RoundNav.tsx';
import { RoundTimeline } from '../../components/RoundTimeline.tsx';
import { Badge, CheckField, ErrorAlert, Loading, Notice, TextField } from '../../components/ui.tsx';
import { ApiError, api, roundWithApplications } from '../../lib/api.ts';
import type { Session } from '../../lib/auth.ts';
import { useFormFields, useSubmission } from '../../lib/forms.ts';
import { refreshAll, useAsync, useNow } from '../../lib/hooks.ts';
import {
  APPLICATION_STATUS_LABELS,
  CATEGORY_LABELS,
  label,
  ROUND_STAGE_LABELS,
  ROUND_TRANSITIONS,
  TIER_LABELS,
} from '../../lib/labels.ts';
import { Link, useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';

function StatusCounts(props: { applications: Application[] }) {
  const counts = new Map<ApplicationStatus, number>();
  for (const a of props.applications) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  const order = Object.keys(APPLICATION_STATUS_LABELS) as ApplicationStatus[];
  const rows = order.filter((s) => counts.has(s));
  return (
    <ul className="counts" aria-label="各状态申报数">
      <li className="count total">
        <span className="count-n">{props.applications.length}</span>
        <span className="count-label">申报总数</span>
      </li>
      {rows.map((s) => (
        <li className={`count ${s}`} key={s}>
          <span className="count-n">{counts.get(s)}</span>
          <span className="count-label">{APPLICATION_STATUS_LABELS[s]}</span>
        </li>
      ))}
    </ul>
  );
}

function AdvancePanel(props: { round: Round; applications: Application[]; onDone: () => void }) {
  const { round } = props;
  const transition = ROUND_TRANSITIONS.find((t) => t.from === round.stage);
  const inReview = props.applications.filter((a) => a.status === 'in-review');
  const [selected, setSelected] = useState<string[]>(() => inReview.map((a) => a.applicationId));
  const [note, setNote] = useState('');
  const submission = useSubmission(['documentNo', 'approvedOn']);
  const { error, busy } = submission;
  const [done, setDone] = useState<string>();
  const { values: approval, field } = useFormFields({ documentNo: '', approvedOn: '' }, submission.placed);
  // A new stage starts with a fresh form; the message of the last move stays.
  const inReviewIds = inReview.map((a) => a.applicationId).join(',');
  useEffect(() => {
    setSelected(inReviewIds ? inReviewIds.split(',') : []);
    setNote('');
  }, [inReviewIds]);

  if (!transition)
    return (
      <>
        {done ? <Notice tone="success">{done}</Notice> : null}
        <Notice tone="success">本届评选已公告，评选程序结束。</Notice>
      </>
    );
  const toLabel = ROUND_STAGE_LABELS[transition.to];

  async function run(action: () => Promise<unknown>, message: string) {
    setDone(undefined);
    if (!(await submission.run(action))) return;
    setDone(message);
    refreshAll();
  }

  function advance(event: FormEvent) {
    event.preventDefault();
    if (!transition) return;
    const to = transition.to;
    void run(
      () =>
        api.advance(round.roundId, to, {
          ...(note.trim() ? { note: note.trim() } : {}),
          ...(to === 'onsite-review' ? { selected } : {}),
        }),
      `已进入“${toLabel}”阶段。`,
    );
  }

  function approve(event: FormEvent) {
    event.preventDefault();
    void run(() => api.approve(round.roundId, approval), '已登记市政府批准文件，获奖名单已公告。');
  }

  const blocked = error instanceof ApiError && error.code === 'STAGE_PRECONDITION_FAILED';

  return (
    <div>
      <p>
        下一阶段：<strong>{toLabel}</strong>。{transition.condition}。
      </p>
      {done ? <Notice tone="success">{done}</Notice> : null}
      {blocked ? (
        <div className="alert error" role="alert">
          <strong>尚不能进入“{toLabel}”阶段，以下事项未完成：</strong>
          <ul>
            {(error.problem.errors ?? []).map((f) => (
              <li key={`${f.path}|${f.message}`}>{f.message}</li>
            ))}
          </ul>
          {(error.problem.errors ?? []).length === 0 ? <p>{error.problem.detail}</p> : null}
        </div>
      ) : (
        <ErrorAlert error={error} extra={submission.placed.general} />
      )}
      {transition.trigger === 'staff' && transition.to !== 'announced' ? (
        <form onSubmit={advance}>
          {transition.to === 'onsite-review' ? (
            <fieldset>
              <legend>入围现场评审的申报（未选中的将标记为“未入围”）</legend>
              {inReview.length === 0 ? <p>没有处于评审中的申报。</p> : null}
              {inReview.map((a) => (
                <CheckField
                  key={a.applicationId}
                  id={`sel-${a.applicationId}`}
                  label={`${a.displayName}（${label(CATEGORY_LABELS, a.category)}）`}
                  checked={selected.includes(a.applicationId)}
                  onChange={(e) =>
                    setSelected(
                      e.target.checked
                        ? [...selected, a.applicationId]
                        : selected.filter((x) => x !== a.applicationId),
                    )
                  }
                />
              ))}
            </fieldset>
          ) : null}
          <TextField label="备注（可选）" value={note} onChange={(e) => setNote(e.target.value)} />
          <button type="submit" disabled={busy}>
            推进到“{toLabel}”
          </button>
        </form>
      ) : null}
      {transition.to === 'announced' ? (
        <form onSubmit={approve} noValidate>
          <div className="grid-2">
            <TextField
              label="市政府批准文件文号"
              required
              placeholder="例如：并政函〔2027〕1号"
              {...field('documentNo')}
            />
            <TextField label="批准日期" required type="date" {...field('approvedOn')} />
          </div>
          <button type="submit" disabled={busy || !approval.documentNo.trim() || !approval.approvedOn}>
            登记批准并公告
          </button>
        </form>
      ) : null}
      {transition.trigger !== 'staff' ? (
        <p className="muted">
          此阶段转换由
          {transition.trigger === 'schedule'
            ? '定时任务'
            : transition.trigger === 'leader'
              ? '领导小组'
              : '系统'}
          自动完成，无须操作。
        </p>
      ) : null}
    </div>
  );
}

export function RoundPage(props: { roundId: string; session: Session | undefined }) {
  const state = useAsync(() => roundWithApplications(props.roundId), [props.roundId]);
  const now = useNow();
  const round = state.data?.round;
  useTitle(round?.title ?? '评选概况');
  const isStaff = props.session?.claims.roles.includes('staff') ?? false;
  return (
    <>
      <p>
        <Link to="/staff">← 各届评选</Link>
      </p>
      <Loading state={state} />
      {round && state.data ? (
        <>
          <h1>
            {round.title} <Badge tone={round.stage}>{ROUND_STAGE_LABELS[round.stage]}</Badge>
          </h1>
          <RoundNav roundId={round.roundId} />
          <section className="card">
            <h2>评选进度</h2>
            <RoundTimeline round={round} />
            <dl className="facts compact">
              <dt>名额</dt>
              <dd>
                {TIER_LABELS.award} {round.quotas.award} 个，{TIER_LABELS.nomination}{' '}
                {round.quotas.nomination} 个
              </dd>
              <dt>权重</dt>
              <dd>
                材料 {round.weights.material}，现场 {round.weights.onsite}，答辩 {round.weights.defense}
              </dd>
              <dt>评分细则版本</dt>
              <dd>{round.rubricVersion}</dd>
              <dt>平台时间</dt>
              <dd>{formatBeijing(new Date(now).toISOString())}</dd>
            </dl>
          </section>
          <section className="card">
            <h2>申报统计</h2>
            <StatusCounts applications={state.data.applications} />
          </section>
          {round.escalations && round.escalations.length > 0 ? (
            <section className="card">
              <h2>待办提醒</h2>
              <ul>
                {round.escalations.map((e) => (
                  <li key={e.at}>
                    {formatBeijing(e.at)}：{e.note}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {isStaff ? (
            <section className="card">
              <h2>推进评选</h2>
              <AdvancePanel round={round} applications={state.data.applications} onDone={state.reload} />
              {round.stage === 'call-open' ? (
                <ExtendDeadlineForm
                  id="call-closes"
                  label="新的申报截止时间（北京时间，只能延后）"
                  submitLabel="延长申报期"
                  closesAt={round.callClosesAt}
                  extend={(closesAt) => api.extendCall(round.roundId, closesAt)}
                />
              ) : null}
            </section>
          ) : null}
          {isStaff && round.stage === 'call-open' ? (
            <section className="card">
              <h2>申报通知</h2>
              <CallNoticeForm roundId={round.roundId} />
            </section>
          ) : null}
          <section className="card">
            <h2>阶段记录</h2>
            <DataTable
              rows={round.stageHistory}
              rowKey={(h) => `${h.stage}-${h.at}`}
              columns={[
                { header: '阶段', cell: (h) => ROUND_STAGE_LABELS[h.stage] },
                { header: '开始时间（北京时间）', cell: (h) => formatBeijing(h.at, { bare: true }) },
                { header: '操作人', cell: (h) => h.by },
                { header: '备注', cell: (h) => h.note ?? '' },
              ]}
            />
            <p>
              <Link to={`/audit?entityId=${encodeURIComponent(round.roundId)}`}>查看本届评选的审计记录</Link>
            </p>
          </section>
        </>
      ) : null}
    </>
  );
}
