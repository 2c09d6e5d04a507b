/** Revoked awards announced to the public (Art. 25, 27: “并向社会公告”), with the article each rests on. */
import { DataTable } from '../../components/DataTable.tsx';
import { Loading } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/hooks.ts';
import { label, TIER_LABELS } from '../../lib/labels.ts';
import { useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';

const ARTICLES: Record<number, string> = { 25: '第二十五条', 27: '第二十七条' };

export function RevocationsPage() {
  useTitle('撤销公告');
  const list = useAsync(() => api.publicRevocations(), []);
  return (
    <>
      <h1>撤销公告</h1>
      <p className="hint">
        依据《太原市政府质量奖管理办法》第二十五条、第二十七条，以下奖项已被撤销，相关组织或个人 3
        个评选周期内不得申报。
      </p>
      <section className="card">
        <Loading state={list} />
        {list.data ? (
          <DataTable
            rows={list.data}
            rowKey={(r) => r.awardId}
            empty="尚无被撤销的奖项。"
            caption="被撤销的奖项"
            columns={[
              { header: '名称', cell: (r) => r.displayName },
              { header: '届次', cell: (r) => `第${r.ordinal}届（${r.awardYear}年）` },
              { header: '奖项', cell: (r) => label(TIER_LABELS, r.tier) },
              { header: '撤销事由', cell: (r) => r.reasonLabel },
              { header: '依据', cell: (r) => ARTICLES[r.article] ?? '' },
              { header: '撤销时间（北京时间）', cell: (r) => formatBeijing(r.revokedAt, { bare: true }) },
            ]}
          />
        ) : null}
      </section>
    </>
  );
}
