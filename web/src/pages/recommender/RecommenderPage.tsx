/**
 * The recommender's queue (Art. 5, 18 (3)): the applications of its own jurisdiction, with the
 * recommendation opinion given inline.
 */
import { RecommendForm } from '../../components/ApplicationDecisionForms.tsx';
import { Badge, Loading } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { currentSession } from '../../lib/auth.ts';
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

export function RecommenderPage() {
  useTitle('推荐审核');
  const jurisdiction = currentSession()?.claims.jurisdiction;
  const state = useAsync(async () => {
    const rounds = await api.rounds();
    const active = rounds.filter((r) => r.stage !== 'announced');
    const lists = await Promise.all(
      active.map(async (r) => ({ round: r, items: await api.roundApplications(r.roundId) })),
    );
    return lists;
  }, []);
  return (
    <>
      <h1>推荐审核</h1>
      <p>
        推荐单位：<strong>{jurisdictionName(jurisdiction)}</strong>
        。按《太原市政府质量奖管理办法》第十八条，申报经所在县（市、区）人民政府、开发区管委会或市有关主管部门初审并出具推荐意见后，进入资格审查。
      </p>
      <Loading state={state} />
      {state.data?.length === 0 ? <p>目前没有进行中的评选。</p> : null}
      {state.data?.map(({ round, items }) => (
        <section className="card" key={round.roundId}>
          <h2>
            {round.title} <Badge>{ROUND_STAGE_LABELS[round.stage]}</Badge>
          </h2>
          <p className="muted">申报截止：{formatBeijing(round.callClosesAt, { deadline: true })}</p>
          {items.length === 0 ? <p>本辖区暂无申报。</p> : null}
          <ul className="review-list">
            {items.map((a) => (
              <li key={a.applicationId}>
                <div className="review-head">
                  <Link to={`/applications/${encodeURIComponent(a.applicationId)}`}>{a.displayName}</Link>
                  <span>{label(CATEGORY_LABELS, a.category)}</span>
                  <Badge tone={a.status}>{APPLICATION_STATUS_LABELS[a.status] ?? a.status}</Badge>
                  {a.submittedAt ? (
                    <span className="muted">提交于 {formatBeijing(a.submittedAt)}</span>
                  ) : null}
                </div>
                {a.status === 'submitted' && ['call-open', 'qualification'].includes(round.stage) ? (
                  <RecommendForm application={a} onDone={state.reload} />
                ) : a.recommendation ? (
                  <p className="muted">
                    {a.recommendation.decision === 'recommend' ? '已同意推荐' : '不予推荐'}：
                    {a.recommendation.opinion}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
