/** The applicant's home: calls open now, and the applications they have made with their status. */
import { DataTable } from '../../components/DataTable.tsx';
import { Badge, Countdown, Loading } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { useAsync, useNow } from '../../lib/hooks.ts';
import { APPLICATION_STATUS_LABELS, CATEGORY_LABELS, label } from '../../lib/labels.ts';
import { Link, useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';

export function MyApplicationsPage() {
  useTitle('我的申报');
  const now = useNow();
  const rounds = useAsync(() => api.rounds(), []);
  const mine = useAsync(() => api.myApplications(), []);
  // Art. 22: the holder's view of its award (certificate number, the award year to cite).
  const awards = useAsync(() => api.awards(), []);
  const awardOf = (applicationId: string) => awards.data?.find((a) => a.applicationId === applicationId);
  const open = (rounds.data ?? []).filter(
    (r) =>
      r.stage === 'call-open' &&
      new Date(r.callOpensAt).getTime() <= now &&
      now < new Date(r.callClosesAt).getTime(),
  );
  const titleOf = (roundId: string) => rounds.data?.find((r) => r.roundId === roundId)?.title ?? roundId;
  return (
    <>
      <h1>我的申报</h1>
      <section className="card">
        <h2>正在征集申报</h2>
        <Loading state={rounds} />
        {rounds.data && open.length === 0 ? <p>目前没有正在征集申报的评选。</p> : null}
        <ul className="plain-list">
          {open.map((r) => (
            <li key={r.roundId} className="round-call">
              <div>
                <strong>{r.title}</strong>
                <br />
                申报时间：{formatBeijing(r.callOpensAt)} 至{' '}
                {formatBeijing(r.callClosesAt, { deadline: true })} <Countdown to={r.callClosesAt} />
              </div>
              <Link className="button" to={`/apply/${encodeURIComponent(r.roundId)}`}>
                填写申报书
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section className="card">
        <h2>我的申报书</h2>
        <Loading state={mine} />
        {mine.data ? (
          <DataTable
            rows={[...mine.data].sort((a, b) => b.createdAt.localeCompare(a.createdAt))}
            rowKey={(a) => a.applicationId}
            empty="您还没有申报。"
            columns={[
              {
                header: '名称',
                cell: (a) => (
                  <Link to={`/applications/${encodeURIComponent(a.applicationId)}`}>{a.displayName}</Link>
                ),
              },
              { header: '评选', cell: (a) => titleOf(a.roundId) },
              { header: '类别', cell: (a) => label(CATEGORY_LABELS, a.category) },
              {
                header: '状态',
                cell: (a) => {
                  const award = awardOf(a.applicationId);
                  return (
                    <>
                      <Badge tone={a.status}>{APPLICATION_STATUS_LABELS[a.status] ?? a.status}</Badge>
                      {award ? (
                        <>
                          {' '}
                          <Link to={`/awards/${encodeURIComponent(award.awardId)}`}>查看奖项与证书</Link>
                        </>
                      ) : null}
                    </>
                  );
                },
              },
              { header: '创建时间（北京时间）', cell: (a) => formatBeijing(a.createdAt, { bare: true }) },
            ]}
          />
        ) : null}
      </section>
    </>
  );
}
