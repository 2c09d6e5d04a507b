/** Current and past publicity notices (公示), with their exact start and end in Beijing time. */

import type { PublicityWindow } from '../../../../functions/handlers/api/schemas/index.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Badge, Countdown, Loading } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/hooks.ts';
import { WINDOW_KIND_LABELS, WINDOW_STATUS_LABELS } from '../../lib/labels.ts';
import { Link, useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';

function NoticeTable(props: { windows: PublicityWindow[]; caption: string }) {
  return (
    <DataTable
      rows={props.windows}
      rowKey={(w) => w.windowId}
      caption={props.caption}
      empty="暂无。"
      columns={[
        {
          header: '公示',
          cell: (w) => (
            <Link to={`/notices/${encodeURIComponent(w.windowId)}`}>{WINDOW_KIND_LABELS[w.kind]}</Link>
          ),
        },
        { header: '开始时间（北京时间）', cell: (w) => formatBeijing(w.opensAt, { bare: true }) },
        {
          header: '截止时间（北京时间）',
          cell: (w) => (
            <>
              {formatBeijing(w.closesAt, { deadline: true, bare: true })}
              {w.status === 'open' ? (
                <>
                  <br />
                  <Countdown to={w.closesAt} />
                </>
              ) : null}
            </>
          ),
        },
        { header: '公示对象', cell: (w) => `${w.entries.length} 个` },
        { header: '状态', cell: (w) => <Badge tone={w.status}>{WINDOW_STATUS_LABELS[w.status]}</Badge> },
      ]}
    />
  );
}

export function NoticesPage() {
  useTitle('公示公告');
  const notices = useAsync(() => api.notices(), []);
  const all = [...(notices.data ?? [])].sort((a, b) => b.opensAt.localeCompare(a.opensAt));
  return (
    <>
      <h1>公示公告</h1>
      <p>
        按《太原市政府质量奖管理办法》第十八条，受理名单和拟获奖名单各公示不少于5个工作日；公示自发布次日起计算，于第5个工作日24:00（北京时间）截止。公示期内可对公示对象实名提出异议。
      </p>
      <Loading state={notices} />
      <section className="card">
        <h2>正在公示</h2>
        <NoticeTable windows={all.filter((w) => w.status === 'open')} caption="正在公示" />
      </section>
      <section className="card">
        <h2>往期公示</h2>
        <NoticeTable windows={all.filter((w) => w.status !== 'open')} caption="往期公示" />
      </section>
    </>
  );
}
