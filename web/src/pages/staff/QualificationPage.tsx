/** The qualification queue (Art. 18 (3)): recommended applications await the office's review. */
import { QualificationForm } from '../../components/ApplicationDecisionForms.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { RoundNav } from '../../components/RoundNav.tsx';
import { Badge, Loading, Notice } from '../../components/ui.tsx';
import { roundWithApplications } from '../../lib/api.ts';
import type { Session } from '../../lib/auth.ts';
import { useAsync } from '../../lib/hooks.ts';
import {
  APPLICATION_STATUS_LABELS,
  CATEGORY_LABELS,
  jurisdictionName,
  label,
  ROUND_STAGE_LABELS,
} from '../../lib/labels.ts';
import { Link, useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';

export function QualificationPage(props: { roundId: string; session: Session | undefined }) {
  useTitle('资格审查');
  const state = useAsync(() => roundWithApplications(props.roundId), [props.roundId]);
  const isStaff = props.session?.claims.roles.includes('staff') ?? false;
  const round = state.data?.round;
  const apps = state.data?.applications ?? [];
  const queue = apps.filter((a) => a.status === 'recommended');
  const waiting = apps.filter((a) => a.status === 'submitted');
  const decided = apps.filter((a) => a.qualification);
  return (
    <>
      <p>
        <Link to="/staff">← 各届评选</Link>
      </p>
      <h1>资格审查{round ? ` · ${round.title}` : ''}</h1>
      <RoundNav roundId={props.roundId} />
      <Loading state={state} />
      {round ? (
        <>
          {round.stage !== 'qualification' ? (
            <Notice tone="info">
              当前阶段为“{ROUND_STAGE_LABELS[round.stage]}”，资格审查结论只能在“资格审查”阶段记录。
            </Notice>
          ) : null}
          <section className="card">
            <h2>待审查（已获推荐）{queue.length} 件</h2>
            {queue.length === 0 ? <p>没有待审查的申报。</p> : null}
            <ul className="review-list">
              {queue.map((a) => (
                <li key={a.applicationId}>
                  <div className="review-head">
                    <Link to={`/applications/${encodeURIComponent(a.applicationId)}`}>{a.displayName}</Link>
                    <span>{label(CATEGORY_LABELS, a.category)}</span>
                    <span>{jurisdictionName(a.jurisdiction)}</span>
                    <span className="muted">证明材料 {a.evidence.length} 份</span>
                    {a.vetting.findings.length > 0 ? (
                      <Badge tone="disqualified">基本条件有 {a.vetting.findings.length} 项问题</Badge>
                    ) : null}
                  </div>
                  {a.recommendation ? <p className="muted">推荐意见：{a.recommendation.opinion}</p> : null}
                  {isStaff && round.stage === 'qualification' ? (
                    <QualificationForm application={a} onDone={state.reload} />
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
          <section className="card">
            <h2>待推荐单位推荐 {waiting.length} 件</h2>
            <ul className="plain-list">
              {waiting.map((a) => (
                <li key={a.applicationId}>
                  <Link to={`/applications/${encodeURIComponent(a.applicationId)}`}>{a.displayName}</Link>（
                  {jurisdictionName(a.jurisdiction)}，提交于 {formatBeijing(a.submittedAt)}）
                </li>
              ))}
            </ul>
          </section>
          <section className="card">
            <h2>已审查 {decided.length} 件</h2>
            <DataTable
              rows={decided}
              rowKey={(a) => a.applicationId}
              columns={[
                { header: '名称', cell: (a) => a.displayName },
                {
                  header: '结论',
                  cell: (a) => (a.qualification?.decision === 'qualified' ? '通过' : '不通过'),
                },
                { header: '理由', cell: (a) => a.qualification?.reason ?? '' },
                {
                  header: '当前状态',
                  cell: (a) => <Badge tone={a.status}>{APPLICATION_STATUS_LABELS[a.status]}</Badge>,
                },
              ]}
            />
          </section>
        </>
      ) : null}
    </>
  );
}
