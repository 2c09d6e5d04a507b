/** Current and past publicity notices (公示), with their exact start and end in Beijing time. */
import { Badge, Countdown, Loading } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/hooks.ts';
import { WINDOW_KIND_LABELS, WINDOW_STATUS_LABELS } from '../../lib/labels.ts';
import { Link, useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';
import type { PublicityWindow } from '../../lib/types.ts';

function NoticeTable(props: { windows: PublicityWindow[]; caption: string }) {
  if (props.windows.length === 0) return <p>暂无。</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">公示</th>
            <th scope="col">开始时间（北京时间）</th>
            <th scope="col">截止时间（北京时间）</th>
            <th scope="col">公示对象</th>
            <th scope="col">状态</th>
          </tr>
        </thead>
        <tbody>
          {props.windows.map((w) => (
            <tr key={w.windowId}>
              <td>
                <Link to={`/notices/${encodeURIComponent(w.windowId)}`}>{WINDOW_KIND_LABELS[w.kind]}</Link>
              </td>
              <td>{formatBeijing(w.opensAt, { bare: true })}</td>
              <td>
                {formatBeijing(w.closesAt, { deadline: true, bare: true })}
                {w.status === 'open' ? (
                  <>
                    <br />
                    <Countdown to={w.closesAt} />
                  </>
                ) : null}
              </td>
              <td>{w.entries.length} 个</td>
              <td>
                <Badge tone={w.status}>{WINDOW_STATUS_LABELS[w.status]}</Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
