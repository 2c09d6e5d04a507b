/** The staff dashboard's after-award panel (Art. 26): visits due now and follow-up actions overdue, by the platform clock. */
import { DataTable } from '../../components/DataTable.tsx';
import { Loading } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/hooks.ts';
import { Link } from '../../lib/router.tsx';

export function AfterAwardPanel() {
  const due = useAsync(() => api.dueVisits(), []);
  const overdue = useAsync(() => api.overdueActions(), []);
  // DESIGN.md "Visits": a `serious-concern` rating flags the award for staff (it revokes nothing).
  // Every award in its validity falls due by a far date, so this lists the valid awards' last ratings.
  const valid = useAsync(() => api.dueVisits('2999-12-31'), []);
  const flagged = (valid.data ?? []).filter((d) => d.lastVisitRating === 'serious-concern');
  return (
    <section className="card" aria-labelledby="after-award-heading">
      <h2 id="after-award-heading">获奖后管理</h2>
      <h3>应巡访的获奖单位</h3>
      <Loading state={due} />
      {due.data ? (
        <DataTable
          rows={due.data}
          rowKey={(d) => d.awardId}
          empty="目前没有到期应巡访的获奖单位。"
          columns={[
            { header: '名称', cell: (d) => <Link to={`/awards/${d.awardId}`}>{d.displayName}</Link> },
            { header: '届次', cell: (d) => `第${d.ordinal}届` },
            { header: '应于此日前巡访', cell: (d) => d.nextVisitDue },
            { header: '上次巡访', cell: (d) => d.lastVisitOn ?? '尚未巡访' },
          ]}
        />
      ) : null}
      {flagged.length > 0 ? (
        <>
          <h3>上次巡访发现严重问题的获奖单位</h3>
          <ul>
            {flagged.map((d) => (
              <li key={d.awardId}>
                <Link to={`/awards/${d.awardId}`}>{d.displayName}</Link>（巡访日期 {d.lastVisitOn}）
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>逾期未办结的整改事项</h3>
      <Loading state={overdue} />
      {overdue.data ? (
        <DataTable
          rows={overdue.data}
          rowKey={(a) => `${a.visitId}-${a.index}`}
          empty="没有逾期的整改事项。"
          columns={[
            { header: '名称', cell: (a) => <Link to={`/awards/${a.awardId}`}>{a.displayName}</Link> },
            { header: '整改事项', cell: (a) => a.item },
            { header: '期限', cell: (a) => a.dueOn },
          ]}
        />
      ) : null}
    </section>
  );
}
