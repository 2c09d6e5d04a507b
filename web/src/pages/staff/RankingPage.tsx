/**
 * The comprehensive evaluation (Art. 18 (7)–(8)): the ranking with stage scores, composite
 * percentage and the proposal under the quotas. The Leading Group confirms it or changes it within
 * the quotas, giving a reason (POST decision).
 */
import { type FormEvent, useState } from 'react';
import type { RankingRow, Round, Tier } from '../../../../functions/handlers/api/schemas/index.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { DocumentButton, ExportButton } from '../../components/DocumentButton.tsx';
import { RoundNav } from '../../components/RoundNav.tsx';
import { Badge, ErrorAlert, Loading, Notice } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import type { Session } from '../../lib/auth.ts';
import { documents } from '../../lib/documents.ts';
import { useSubmission } from '../../lib/forms.ts';
import { refreshAll, useAsync } from '../../lib/hooks.ts';
import {
  CATEGORY_LABELS,
  label,
  REVIEW_STAGE_LABELS,
  ROUND_STAGE_LABELS,
  TIER_LABELS,
} from '../../lib/labels.ts';
import { Link, useTitle } from '../../lib/router.tsx';

const fmt = (n: number | null | undefined, digits = 2) =>
  n === null || n === undefined ? '—' : n.toFixed(digits);

type Choice = Tier | 'none';

function DecisionForm(props: { round: Round; rows: RankingRow[]; onDecided: () => void }) {
  const { round, rows } = props;
  const [choice, setChoice] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(rows.map((r) => [r.applicationId, r.proposedTier ?? 'none'])),
  );
  const [note, setNote] = useState('');
  const submission = useSubmission();
  const pick = (tier: Tier) =>
    rows.filter((r) => choice[r.applicationId] === tier).map((r) => r.applicationId);
  const award = pick('award');
  const nomination = pick('nomination');
  const changed = rows.some((r) => (r.proposedTier ?? 'none') !== choice[r.applicationId]);
  const over = award.length > round.quotas.award || nomination.length > round.quotas.nomination;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const decided = await submission.run(() =>
      api.decide(round.roundId, { award, nomination, ...(note.trim() ? { note: note.trim() } : {}) }),
    );
    if (!decided) return;
    props.onDecided();
    refreshAll();
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorAlert error={submission.error} />
      <DataTable
        rows={rows}
        rowKey={(r) => r.applicationId}
        rowClassName={(r) => ((r.proposedTier ?? 'none') !== choice[r.applicationId] ? 'changed' : '')}
        columns={[
          { header: '排名', cell: (r) => r.rank },
          { header: '名称', cell: (r) => r.displayName },
          { header: '综合得分率', cell: (r) => `${fmt(r.compositePercent)}%` },
          { header: '建议', cell: (r) => (r.proposedTier ? TIER_LABELS[r.proposedTier] : '不授奖') },
          {
            header: '审定',
            cell: (r) => (
              <>
                <label className="visually-hidden" htmlFor={`tier-${r.applicationId}`}>
                  {r.displayName}的审定等次
                </label>
                <select
                  id={`tier-${r.applicationId}`}
                  value={choice[r.applicationId]}
                  onChange={(e) => setChoice({ ...choice, [r.applicationId]: e.target.value as Choice })}
                >
                  <option value="award">{TIER_LABELS.award}</option>
                  <option value="nomination">{TIER_LABELS.nomination}</option>
                  <option value="none">不授奖</option>
                </select>
              </>
            ),
          },
        ]}
      />
      <p className={over ? 'field-errors' : ''} aria-live="polite">
        已选 {TIER_LABELS.award} {award.length} / {round.quotas.award} 个，{TIER_LABELS.nomination}{' '}
        {nomination.length} / {round.quotas.nomination} 个{over ? '：超出名额（第八条）' : ''}
      </p>
      <div className={`field ${changed && !note.trim() ? 'has-error' : ''}`}>
        <label htmlFor="decision-note">
          审定意见{changed ? '（与建议名单不一致，须说明理由）' : '（可选）'}
          {changed ? <span className="required">*</span> : null}
        </label>
        <textarea id="decision-note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <button type="submit" disabled={submission.busy || over || (changed && !note.trim())}>
        {changed ? '调整并确认拟获奖名单' : '确认建议名单'}
      </button>
    </form>
  );
}

export function RankingPage(props: { roundId: string; session: Session | undefined }) {
  useTitle('综合评价排名');
  const roles = props.session?.claims.roles ?? [];
  const state = useAsync(async () => {
    const round = await api.round(props.roundId);
    const ranking = await api.ranking(props.roundId).catch((e: unknown) => e);
    return { round, ranking };
  }, [props.roundId]);
  const round = state.data?.round;
  const ranking = Array.isArray(state.data?.ranking) ? (state.data?.ranking as RankingRow[]) : undefined;
  const rankingError = state.data && !ranking ? state.data.ranking : undefined;
  const staffish = roles.includes('staff') || roles.includes('supervisor');
  const [decided, setDecided] = useState(false);
  return (
    <>
      <p>{staffish ? <Link to="/staff">← 各届评选</Link> : <Link to="/leader">← 审定获奖名单</Link>}</p>
      <h1>综合评价排名{round ? ` · ${round.title}` : ''}</h1>
      {staffish ? <RoundNav roundId={props.roundId} /> : null}
      <Loading state={state} />
      {round ? (
        <p>
          当前阶段：<Badge tone={round.stage}>{ROUND_STAGE_LABELS[round.stage]}</Badge> 名额：
          {TIER_LABELS.award} {round.quotas.award} 个、{TIER_LABELS.nomination} {round.quotas.nomination}{' '}
          个（第八条，可少额或空缺）。
        </p>
      ) : null}
      {rankingError ? <ErrorAlert error={rankingError} title="排名暂不可用" /> : null}
      {ranking && round ? (
        <p className="actions">
          <ExportButton roundId={props.roundId} kind="ranking" label="导出排名（Excel）" />
          {round.stage === 'announced' ? (
            <DocumentButton
              label="下载表彰决定（PDF）"
              secondary
              load={() => documents.commendation(props.roundId)}
            />
          ) : null}
        </p>
      ) : null}
      {ranking && round ? (
        <>
          <section className="card">
            <h2>排名表</h2>
            <DataTable
              rows={ranking}
              rowKey={(r) => r.applicationId}
              empty="尚无排名数据（综合评价完成后生成）。"
              columns={[
                { header: '排名', cell: (r) => r.rank },
                {
                  header: '名称',
                  cell: (r) => (
                    <Link to={`/applications/${encodeURIComponent(r.applicationId)}`}>{r.displayName}</Link>
                  ),
                },
                { header: '类别', cell: (r) => label(CATEGORY_LABELS, r.category) },
                { header: '材料评审', cell: (r) => fmt(r.stageScores.material) },
                { header: '现场评审', cell: (r) => fmt(r.stageScores.onsite) },
                { header: '陈述答辩', cell: (r) => fmt(r.stageScores.defense) },
                { header: '综合得分率', cell: (r) => `${fmt(r.compositePercent)}%` },
                { header: '建议等次', cell: (r) => (r.proposedTier ? TIER_LABELS[r.proposedTier] : '—') },
                {
                  header: '提示',
                  cell: (r) =>
                    r.flags.includes('divergent-scores') ? (
                      <Badge tone="warning">
                        {(r.divergentStages ?? []).map((s) => REVIEW_STAGE_LABELS[s]).join('、')}
                        评分分歧大，需合议
                      </Badge>
                    ) : null,
                },
              ]}
            />
            <h3>材料评审明细</h3>
            <DataTable
              rows={ranking.filter((r) => r.stageReviews?.material)}
              rowKey={(r) => `material-${r.applicationId}`}
              empty="没有材料评审的评分明细。"
              columns={[
                { header: '名称', cell: (r) => r.displayName },
                {
                  header: '各位专家总分（仅计入在组专家）',
                  cell: (r) =>
                    (r.stageReviews?.material?.totals ?? [])
                      .map((t) => `${t.reviewerName} ${fmt(t.total, 0)}`)
                      .join('；'),
                },
                {
                  header: '阶段得分',
                  cell: (r) =>
                    `${fmt(r.stageReviews?.material?.score)}${r.stageReviews?.material?.trimmed ? '（去掉最高最低分）' : '（平均分）'}`,
                },
                {
                  header: '分歧',
                  cell: (r) =>
                    r.stageReviews?.material?.divergent ? (
                      <Badge tone="warning">
                        材料评审极差 {fmt(r.stageReviews.material.spread, 0)} 分，超过满分的 15%
                      </Badge>
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
            <p className="hint">
              综合得分率 = 各阶段得分率按权重（材料 {round.weights.material}、现场 {round.weights.onsite}
              、答辩 {round.weights.defense}）加权之和；5名以上专家评分时去掉最高分和最低分。
            </p>
          </section>
          {decided ? <Notice tone="success">审定意见已记录，拟获奖名单将进入公示。</Notice> : null}
          {roles.includes('leader') && round.stage === 'decision' && ranking.length > 0 && !decided ? (
            <section className="card">
              <h2>领导小组审定</h2>
              <DecisionForm round={round} rows={ranking} onDecided={() => setDecided(true)} />
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
