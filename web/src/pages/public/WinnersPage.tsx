/** Announced winners by round (GET /v1/awards), with the award year winners must state (Art. 22). */

import type { Award } from '../../../../functions/handlers/api/schemas/index.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { DocumentButton } from '../../components/DocumentButton.tsx';
import { Badge, Loading } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { documents } from '../../lib/documents.ts';
import { useAsync } from '../../lib/hooks.ts';
import { AWARD_STATUS_LABELS, CATEGORY_LABELS, label, TIER_LABELS } from '../../lib/labels.ts';
import { useTitle } from '../../lib/router.tsx';
import { formatBeijingDate } from '../../lib/time.ts';

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
            {first ? (
              <p>
                <DocumentButton
                  label="下载表彰决定（PDF）"
                  load={() => documents.commendation(first.roundId)}
                />
              </p>
            ) : null}
            <DataTable
              rows={list}
              rowKey={(a) => a.awardId}
              columns={[
                { header: '名称', cell: (a) => a.displayName },
                { header: '类别', cell: (a) => label(CATEGORY_LABELS, a.category) },
                { header: '奖项', cell: (a) => label(TIER_LABELS, a.tier) },
                { header: '获奖年度', cell: (a) => (a.awardYear ? `${a.awardYear}年度` : '—') },
                {
                  header: '状态',
                  cell: (a) => <Badge tone={a.status}>{label(AWARD_STATUS_LABELS, a.status)}</Badge>,
                },
                {
                  header: '撤销公告',
                  cell: (a) =>
                    a.status === 'revoked' ? (
                      <DocumentButton
                        label="下载撤销公告"
                        secondary
                        load={() => documents.revocation(a.awardId)}
                      />
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
          </section>
        );
      })}
    </>
  );
}
