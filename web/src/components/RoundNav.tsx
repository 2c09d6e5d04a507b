/** The sub-pages of one round in the staff workspace. */
import { Link } from '../lib/router.tsx';

export function RoundNav(props: { roundId: string }) {
  const base = `/staff/rounds/${encodeURIComponent(props.roundId)}`;
  const items = [
    { to: base, label: '概况与推进' },
    { to: `${base}/qualification`, label: '资格审查' },
    { to: `${base}/assignments`, label: '评审分配' },
    { to: `${base}/panels`, label: '评审组与日程' },
    { to: `${base}/publicity`, label: '公示与异议' },
    { to: `${base}/ranking`, label: '排名与批准' },
    { to: `${base}/statistics`, label: '统计与导出' },
  ];
  return (
    <nav className="tabs" aria-label="本届评选">
      <ul>
        {items.map((i) => (
          <li key={i.to}>
            <Link to={i.to}>{i.label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
