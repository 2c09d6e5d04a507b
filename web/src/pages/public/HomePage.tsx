/** The front page: what the award is, the notices now open, and where each kind of user goes. */
import { Countdown, Loading } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { currentSession } from '../../lib/auth.ts';
import { useAsync } from '../../lib/hooks.ts';
import { WINDOW_KIND_LABELS } from '../../lib/labels.ts';
import { Link, useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';

export function HomePage() {
  useTitle('首页');
  const notices = useAsync(() => api.notices(), []);
  const calls = useAsync(() => api.publicCalls(), []);
  const open = (notices.data ?? []).filter((w) => w.status === 'open');
  const roles = currentSession()?.claims.roles ?? [];
  return (
    <>
      <section className="hero">
        <h1>太原市政府质量奖申报与评审平台</h1>
        <p>
          太原市政府质量奖是市人民政府设立的质量管理领域最高奖项，设组织和个人两个奖项，每个奖项分市政府质量奖和提名奖两个等次，原则上每3年评选一届（《太原市政府质量奖管理办法》第二、五、八条）。评选不收取任何费用。
        </p>
        <div className="actions">
          {roles.includes('applicant') ? (
            <Link className="button" to="/my">
              我的申报
            </Link>
          ) : null}
          <Link className="button" to="/calls">
            申报通知
          </Link>
          <Link className="button secondary" to="/notices">
            查看公示
          </Link>
          <Link className="button secondary" to="/winners">
            历届获奖名单
          </Link>
        </div>
      </section>
      <section className="card">
        <h2>申报通知</h2>
        <Loading state={calls} />
        {calls.data && calls.data.length === 0 ? <p>目前没有正在受理或即将开始的申报。</p> : null}
        <ul className="plain-list">
          {(calls.data ?? []).map((c) => (
            <li key={c.roundId}>
              <Link to="/calls">{c.title}</Link>：{formatBeijing(c.callOpensAt)} 至{' '}
              {formatBeijing(c.callClosesAt, { deadline: true })}{' '}
              <Countdown to={c.callClosesAt} prefix="申报截止" />
            </li>
          ))}
        </ul>
      </section>
      <section className="card">
        <h2>正在公示</h2>
        <Loading state={notices} />
        {notices.data && open.length === 0 ? <p>目前没有正在进行的公示。</p> : null}
        <ul className="plain-list">
          {open.map((w) => (
            <li key={w.windowId}>
              <Link to={`/notices/${encodeURIComponent(w.windowId)}`}>{WINDOW_KIND_LABELS[w.kind]}</Link>：
              {formatBeijing(w.opensAt)} 至 {formatBeijing(w.closesAt, { deadline: true })}{' '}
              <Countdown to={w.closesAt} />
            </li>
          ))}
        </ul>
      </section>
      <section className="card grid-3">
        <div>
          <h2>申报</h2>
          <p>
            本市注册并正常运行3年以上的制造业、服务业、建筑业企业，以及从事质量工作3年以上的个人（可3人以内共同申报），经所在县（市、区）、开发区或主管部门推荐后参评。
          </p>
        </div>
        <div>
          <h2>公示与异议</h2>
          <p>受理名单和拟获奖名单各公示不少于5个工作日。对公示对象有异议的，可在公示期内实名提出。</p>
          <Link to="/contact">异议受理方式</Link>
        </div>
        <div>
          <h2>评审程序</h2>
          <p>
            资格审查、材料评审、现场评审、陈述答辩、综合评价，经领导小组审定和公示后报市政府批准（第十八条）。
          </p>
        </div>
      </section>
    </>
  );
}
