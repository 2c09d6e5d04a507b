/** The Leading Group's start page (Art. 12, 18 (8)): rounds awaiting its decision on the proposed list. */
import { Badge, Loading } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/hooks.ts';
import { ROUND_STAGE_LABELS } from '../../lib/labels.ts';
import { Link, useTitle } from '../../lib/router.tsx';

export function LeaderPage() {
  useTitle('审定获奖名单');
  const rounds = useAsync(() => api.rounds(), []);
  const list = [...(rounds.data ?? [])].sort((a, b) => b.ordinal - a.ordinal);
  return (
    <>
      <h1>审定获奖名单</h1>
      <p>综合评价完成后，领导小组在名额内确定拟获奖名单；与建议名单不一致的，须说明理由。</p>
      <Loading state={rounds} />
      <ul className="review-list">
        {list.map((r) => (
          <li key={r.roundId}>
            <div className="review-head">
              <strong>{r.title}</strong>
              <Badge tone={r.stage}>{ROUND_STAGE_LABELS[r.stage]}</Badge>
              {['decision', 'winner-publicity', 'approval', 'announced'].includes(r.stage) ? (
                <Link to={`/staff/rounds/${encodeURIComponent(r.roundId)}/ranking`}>
                  {r.stage === 'decision' ? '审定拟获奖名单' : '查看排名'}
                </Link>
              ) : (
                <span className="muted">尚未进入审定阶段</span>
              )}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
