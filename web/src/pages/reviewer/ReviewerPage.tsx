/** The reviewer's assignments (GET /v1/my/assignments): what to score, in which stage. */
import { Badge, Loading } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/hooks.ts';
import { CATEGORY_LABELS, label, REVIEW_STAGE_LABELS } from '../../lib/labels.ts';
import { Link, useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';

export function ReviewerPage() {
  useTitle('评审任务');
  const list = useAsync(() => api.myAssignments(), []);
  const items = [...(list.data ?? [])].sort(
    (a, b) => Number(b.open) - Number(a.open) || a.assignedAt.localeCompare(b.assignedAt),
  );
  return (
    <>
      <h1>评审任务</h1>
      <p>
        请遵守保密要求，不得泄露申报单位的商业和技术秘密（第二十八条）。与申报方存在利害关系的，请在评分前申报回避。
      </p>
      <Loading state={list} />
      {list.data && items.length === 0 ? <p>目前没有分配给您的评审任务。</p> : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">申报</th>
                <th scope="col">类别</th>
                <th scope="col">评审阶段</th>
                <th scope="col">分配时间（北京时间）</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={`${a.applicationId}-${a.stage}`}>
                  <td>
                    <Link to={`/review/${encodeURIComponent(a.applicationId)}/${a.stage}`}>
                      {a.displayName}
                    </Link>
                  </td>
                  <td>{label(CATEGORY_LABELS, a.category)}</td>
                  <td>{REVIEW_STAGE_LABELS[a.stage]}</td>
                  <td>{formatBeijing(a.assignedAt, { bare: true })}</td>
                  <td>
                    {a.scored ? <Badge tone="verified">已评分</Badge> : <Badge tone="pending">待评分</Badge>}{' '}
                    {a.open ? null : <Badge>评审阶段未开放或已结束</Badge>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
