/** Announced winners by round (GET /v1/awards), with the award year winners must state (Art. 22). */
import { Badge, Loading } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/hooks.ts';
import { AWARD_STATUS_LABELS, CATEGORY_LABELS, label, TIER_LABELS } from '../../lib/labels.ts';
import { useTitle } from '../../lib/router.tsx';
import { formatBeijingDate } from '../../lib/time.ts';
import type { Award } from '../../lib/types.ts';

export function WinnersPage() {
  useTitle('获奖名单');
  const awards = useAsync(() => api.awards(), []);
  const byRound = new Map<number, Award[]>();
  for (const a of awards.data ?? []) byRound.set(a.ordinal, [...(byRound.get(a.ordinal) ?? []), a]);
  const ordinals = [...byRound.keys()].sort((a, b) => b - a);
  const tierOrder = (t: string) => (t === 'award' ? 0 : 1);
  return (
    <>
      <h1>获奖名单</h1>
      <Loading state={awards} />
      {awards.data && ordinals.length === 0 ? <p>尚无已公布的获奖名单。</p> : null}
      {ordinals.map((ordinal) => {
        const list = [...(byRound.get(ordinal) ?? [])].sort(
          (a, b) =>
            tierOrder(a.tier) - tierOrder(b.tier) || a.displayName.localeCompare(b.displayName, 'zh-CN'),
        );
        const first = list[0];
        return (
          <section className="card" key={ordinal}>
            <h2>第{ordinal}届太原市政府质量奖</h2>
            {first?.documentNo ? (
              <p className="muted">
                批准文件：{first.documentNo}
                {first.awardedOn ? `，${formatBeijingDate(first.awardedOn)}` : ''}
              </p>
            ) : null}
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">名称</th>
                    <th scope="col">类别</th>
                    <th scope="col">奖项</th>
                    <th scope="col">获奖年度</th>
                    <th scope="col">状态</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((a) => (
                    <tr key={a.awardId}>
                      <td>{a.displayName}</td>
                      <td>{label(CATEGORY_LABELS, a.category)}</td>
                      <td>{label(TIER_LABELS, a.tier)}</td>
                      <td>{a.awardYear ? `${a.awardYear}年度` : '—'}</td>
                      <td>
                        <Badge tone={a.status}>{label(AWARD_STATUS_LABELS, a.status)}</Badge>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </>
  );
}
