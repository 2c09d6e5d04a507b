/** The reviewer's assignments (GET /v1/my/assignments): what to score, in which stage. */
import { DataTable } from '../../components/DataTable.tsx';
import { Badge, Loading } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/hooks.ts';
import { CATEGORY_LABELS, label, REVIEW_STAGE_LABELS } from '../../lib/labels.ts';
import { Link, useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';
import { ScheduleTable } from '../staff/PanelsPage.tsx';

export function ReviewerPage() {
  useTitle('评审任务');
  const list = useAsync(() => api.myAssignments(), []);
  // API.md: a reviewer sees the slots of their own panels only.
  const roundIds = [...new Set((list.data ?? []).map((a) => a.roundId))].sort();
  const schedule = useAsync(
    async () => (await Promise.all(roundIds.map((id) => api.schedule(id)))).flat(),
    [roundIds.join()],
  );
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
      {list.data ? (
        <DataTable
          rows={items}
          rowKey={(a) => `${a.applicationId}-${a.stage}`}
          empty="目前没有分配给您的评审任务。"
          columns={[
            {
              header: '申报',
              cell: (a) => (
                <Link to={`/review/${encodeURIComponent(a.applicationId)}/${a.stage}`}>{a.displayName}</Link>
              ),
            },
            { header: '类别', cell: (a) => label(CATEGORY_LABELS, a.category) },
            { header: '评审阶段', cell: (a) => REVIEW_STAGE_LABELS[a.stage] },
            { header: '分配时间（北京时间）', cell: (a) => formatBeijing(a.assignedAt, { bare: true }) },
            {
              header: '状态',
              cell: (a) => (
                <>
                  {a.scored ? <Badge tone="verified">已评分</Badge> : <Badge tone="pending">待评分</Badge>}{' '}
                  {a.open ? null : <Badge>评审阶段未开放或已结束</Badge>}
                </>
              ),
            },
          ]}
        />
      ) : null}
      <h2>我的日程</h2>
      <Loading state={schedule} />
      {schedule.data ? <ScheduleTable slots={schedule.data} /> : null}
    </>
  );
}
