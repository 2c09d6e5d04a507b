/** The portal's shell: header with the role's menu, local-mode panel, the page, and the footer. */
import { type ReactNode, useEffect, useState } from 'react';
import type { Role } from '../../functions/handlers/api/schemas/index.ts';
import { DevPanel } from './components/DevPanel.tsx';
import { ErrorAlert } from './components/ui.tsx';
import { runtimeConfig } from './config.ts';
import {
  beginSignIn,
  completeSignIn,
  currentSession,
  onSessionChange,
  type Session,
  signOut,
} from './lib/auth.ts';
import { ROLE_LABELS } from './lib/labels.ts';
import { Link, matchPath, navigate, useLocation } from './lib/router.tsx';
import { AuditPage } from './pages/Audit.tsx';
import { ApplicationPage } from './pages/applicant/ApplicationPage.tsx';
import { ApplyPage } from './pages/applicant/ApplyPage.tsx';
import { MyApplicationsPage } from './pages/applicant/MyApplicationsPage.tsx';
import { AwardPage } from './pages/awards/AwardPage.tsx';
import { DevOutboxPage } from './pages/common/DevOutboxPage.tsx';
import { InboxLink, InboxPage } from './pages/common/InboxPage.tsx';
import { LeaderPage } from './pages/leader/LeaderPage.tsx';
import { CallsPage } from './pages/public/CallsPage.tsx';
import { ContactPage } from './pages/public/ContactPage.tsx';
import { HomePage } from './pages/public/HomePage.tsx';
import { NoticePage } from './pages/public/NoticePage.tsx';
import { NoticesPage } from './pages/public/NoticesPage.tsx';
import { RevocationsPage } from './pages/public/RevocationsPage.tsx';
import { WinnersPage } from './pages/public/WinnersPage.tsx';
import { RecommenderPage } from './pages/recommender/RecommenderPage.tsx';
import { ReviewerPage } from './pages/reviewer/ReviewerPage.tsx';
import { ScoringPage } from './pages/reviewer/ScoringPage.tsx';
import { AssignmentsPage } from './pages/staff/AssignmentsPage.tsx';
import { CalendarPage } from './pages/staff/CalendarPage.tsx';
import { PanelsPage } from './pages/staff/PanelsPage.tsx';
import { PublicityPage } from './pages/staff/PublicityPage.tsx';
import { QualificationPage } from './pages/staff/QualificationPage.tsx';
import { RankingPage } from './pages/staff/RankingPage.tsx';
import { ReviewersPage } from './pages/staff/ReviewersPage.tsx';
import { RoundPage } from './pages/staff/RoundPage.tsx';
import { RoundsPage } from './pages/staff/RoundsPage.tsx';
import { SanctionsPage } from './pages/staff/SanctionsPage.tsx';
import { StatisticsPage } from './pages/staff/StatisticsPage.tsx';

interface MenuItem {
  to: string;
  label: string;
}

const PUBLIC_MENU: MenuItem[] = [
  { to: '/', label: '首页' },
  { to: '/calls', label: '申报通知' },
  { to: '/notices', label: '公示公告' },
  { to: '/winners', label: '获奖名单' },
  { to: '/revocations', label: '撤销公告' },
  { to: '/contact', label: '异议与联系' },
];

const ROLE_MENUS: Record<Role, MenuItem[]> = {
  applicant: [{ to: '/my', label: '我的申报' }],
  recommender: [{ to: '/recommend', label: '推荐审核' }],
  staff: [
    { to: '/staff', label: '评选工作台' },
    { to: '/staff/reviewers', label: '评审专家库' },
    { to: '/staff/sanctions', label: '禁报与撤销' },
    { to: '/staff/calendar', label: '工作日历' },
    { to: '/audit', label: '审计记录' },
  ],
  reviewer: [{ to: '/review', label: '评审任务' }],
  leader: [{ to: '/leader', label: '审定获奖名单' }],
  supervisor: [
    { to: '/staff', label: '评选情况' },
    { to: '/staff/sanctions', label: '禁报记录' },
    { to: '/audit', label: '审计记录' },
  ],
};

type Render = (params: Record<string, string>, session: Session | undefined) => ReactNode;

/** Route table: template, the roles that may open it (none = public), and the page. */
const ROUTES: { path: string; roles?: Role[]; render: Render }[] = [
  { path: '/', render: () => <HomePage /> },
  { path: '/calls', render: () => <CallsPage /> },
  { path: '/notices', render: () => <NoticesPage /> },
  { path: '/notices/:windowId', render: (p) => <NoticePage windowId={p.windowId as string} /> },
  { path: '/winners', render: () => <WinnersPage /> },
  { path: '/contact', render: () => <ContactPage /> },
  { path: '/revocations', render: () => <RevocationsPage /> },
  {
    path: '/awards/:awardId',
    roles: ['staff', 'supervisor', 'applicant'],
    render: (p, s) => <AwardPage awardId={p.awardId as string} session={s} />,
  },
  { path: '/my', roles: ['applicant'], render: () => <MyApplicationsPage /> },
  {
    path: '/apply/:roundId',
    roles: ['applicant'],
    render: (p) => <ApplyPage roundId={p.roundId as string} />,
  },
  {
    path: '/applications/:id',
    roles: ['applicant', 'recommender', 'staff', 'reviewer', 'leader', 'supervisor'],
    render: (p, s) => <ApplicationPage applicationId={p.id as string} session={s} />,
  },
  { path: '/recommend', roles: ['recommender'], render: () => <RecommenderPage /> },
  { path: '/staff', roles: ['staff', 'supervisor'], render: (_, s) => <RoundsPage session={s} /> },
  {
    path: '/staff/rounds/:roundId',
    roles: ['staff', 'supervisor'],
    render: (p, s) => <RoundPage roundId={p.roundId as string} session={s} />,
  },
  {
    path: '/staff/rounds/:roundId/qualification',
    roles: ['staff', 'supervisor'],
    render: (p, s) => <QualificationPage roundId={p.roundId as string} session={s} />,
  },
  {
    path: '/staff/rounds/:roundId/assignments',
    roles: ['staff', 'supervisor'],
    render: (p, s) => <AssignmentsPage roundId={p.roundId as string} session={s} />,
  },
  {
    path: '/staff/rounds/:roundId/panels',
    roles: ['staff', 'supervisor'],
    render: (p, s) => <PanelsPage roundId={p.roundId as string} session={s} />,
  },
  {
    path: '/staff/rounds/:roundId/publicity',
    roles: ['staff', 'supervisor'],
    render: (p, s) => <PublicityPage roundId={p.roundId as string} session={s} />,
  },
  {
    path: '/staff/rounds/:roundId/ranking',
    roles: ['staff', 'supervisor', 'leader'],
    render: (p, s) => <RankingPage roundId={p.roundId as string} session={s} />,
  },
  {
    path: '/staff/rounds/:roundId/statistics',
    roles: ['staff', 'supervisor'],
    render: (p) => <StatisticsPage roundId={p.roundId as string} />,
  },
  { path: '/staff/reviewers', roles: ['staff'], render: () => <ReviewersPage /> },
  {
    path: '/staff/sanctions',
    roles: ['staff', 'supervisor'],
    render: (_, s) => <SanctionsPage session={s} />,
  },
  { path: '/staff/calendar', roles: ['staff'], render: () => <CalendarPage /> },
  { path: '/review', roles: ['reviewer'], render: () => <ReviewerPage /> },
  {
    path: '/review/:applicationId/:stage',
    roles: ['reviewer'],
    render: (p) => <ScoringPage applicationId={p.applicationId as string} stage={p.stage as string} />,
  },
  { path: '/leader', roles: ['leader'], render: () => <LeaderPage /> },
  { path: '/audit', roles: ['staff', 'supervisor'], render: () => <AuditPage /> },
  {
    path: '/inbox',
    roles: ['applicant', 'recommender', 'staff', 'reviewer', 'leader', 'supervisor'],
    render: (_, s) => <InboxPage session={s} />,
  },
  { path: '/dev/outbox', render: () => <DevOutboxPage /> },
];

function useSession(): Session | undefined {
  const [session, setSession] = useState(currentSession());
  useEffect(() => onSessionChange(setSession), []);
  return session;
}

function AuthCallback() {
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const { auth, apiBase } = runtimeConfig();
    completeSignIn(auth, apiBase).then(
      (returnTo) => navigate(returnTo, { replace: true }),
      (e: unknown) => setError(e),
    );
  }, []);
  return error ? <ErrorAlert error={error} title="登录失败" /> : <p role="status">正在完成登录……</p>;
}

function SignInPrompt(props: { roles: Role[]; localMode: boolean; session: Session | undefined }) {
  const names = props.roles.map((r) => ROLE_LABELS[r]).join('、');
  return (
    <section className="card">
      <h1>需要登录</h1>
      <p>
        本页面供{names}使用。
        {props.session ? '当前登录的身份没有相应权限。' : '请先登录。'}
      </p>
      {props.localMode ? (
        <p>本地模式：请在页面顶部“切换身份”中选择相应身份。</p>
      ) : (
        <button type="button" onClick={() => void beginSignIn(runtimeConfig().auth)}>
          登录
        </button>
      )}
    </section>
  );
}

export function App(props: { localMode: boolean }) {
  const { pathname } = useLocation();
  const session = useSession();
  const roles = session?.claims.roles ?? [];
  const menu = [...PUBLIC_MENU];
  for (const role of roles)
    for (const item of ROLE_MENUS[role]) if (!menu.some((m) => m.to === item.to)) menu.push(item);

  let page: ReactNode = (
    <section className="card">
      <h1>页面不存在</h1>
      <p>
        没有找到这个页面。<Link to="/">返回首页</Link>
      </p>
    </section>
  );
  if (pathname === '/auth/callback') page = <AuthCallback />;
  else
    for (const route of ROUTES) {
      const params = matchPath(route.path, pathname);
      if (!params) continue;
      page =
        route.roles && !route.roles.some((r) => roles.includes(r)) ? (
          <SignInPrompt roles={route.roles} localMode={props.localMode} session={session} />
        ) : (
          route.render(params, session)
        );
      break;
    }

  return (
    <>
      <a className="skip-link" href="#main">
        跳到主要内容
      </a>
      {props.localMode ? <DevPanel /> : null}
      <header className="site-header">
        <div className="brand">
          <span className="emblem" aria-hidden="true">
            质
          </span>
          <div>
            <p className="brand-title">太原市政府质量奖</p>
            <p className="brand-sub">申报与评审平台</p>
          </div>
        </div>
        <div className="account">
          {session ? (
            <>
              <span className="account-name">
                {session.claims.name ?? session.claims.sub}（
                {roles.map((r) => ROLE_LABELS[r]).join('、') || '无角色'}）
              </span>
              <InboxLink />
              {props.localMode ? null : (
                <button type="button" className="link-button" onClick={() => signOut(runtimeConfig().auth)}>
                  退出登录
                </button>
              )}
            </>
          ) : props.localMode ? null : (
            <button type="button" onClick={() => void beginSignIn(runtimeConfig().auth)}>
              登录
            </button>
          )}
        </div>
        <nav aria-label="主菜单">
          <ul>
            {menu.map((item) => (
              <li key={item.to}>
                <Link to={item.to}>{item.label}</Link>
              </li>
            ))}
            {props.localMode ? (
              <li>
                <Link to="/dev/outbox">本地短信与邮件</Link>
              </li>
            ) : null}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
      <footer className="site-footer">
        <p>
          太原市标准化和质量强市工作领导组办公室 ·
          依据《太原市政府质量奖管理办法》开展评选，评选不收取任何费用（第七条）
        </p>
        <p>
          页面时间均为北京时间。<Link to="/contact">异议受理与联系方式</Link>
        </p>
      </footer>
    </>
  );
}
