/** The demo's readable Chinese summary of a played round. */
import type { DemoResult } from './demo-round.ts';

const TIER = { award: '市政府质量奖', nomination: '提名奖' } as const;
const CATEGORY = { organization: '组织', individual: '个人' } as const;
const beijing = (iso: string) =>
  `${new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')}（北京时间）`;

export function summarize(result: DemoResult): string {
  const lines: string[] = [];
  const { round } = result;
  lines.push(`═══ ${round.title} 演示结果 ═══`, '');
  lines.push(`当前阶段：${round.stage}`, '');
  lines.push('【未能提交的申报】');
  for (const r of result.refusedAtSubmission) lines.push(`  ✗ ${r.displayName}：${r.messages.join('；')}`);
  lines.push(
    '',
    `【受理名单公示】${beijing(result.accepted.opensAt)} 至 ${beijing(result.accepted.closesAt)}`,
  );
  for (const e of result.accepted.entries)
    lines.push(`  · ${e.displayName}（${CATEGORY[e.category as 'organization']}）`);
  for (const s of result.struck) lines.push(`  ✗ 异议成立，取消：${s.displayName} —— ${s.findings}`);
  lines.push('', `【回避】${result.conflictBlocked.message}`);
  lines.push('', '【综合评价排名】');
  lines.push('  名次  类别  综合得分%  拟授奖等次  名称');
  for (const r of result.ranking) {
    const tier = r.proposedTier ? TIER[r.proposedTier] : '—';
    const flags = r.flags.length ? `  [${r.flags.join(',')}]` : '';
    lines.push(
      `  ${String(r.rank).padStart(3)}  ${CATEGORY[r.category as 'organization']}  ${r.compositePercent.toFixed(2).padStart(8)}  ${tier.padEnd(6, '　')}  ${r.displayName}${flags}`,
    );
  }
  lines.push(
    '',
    `【拟获奖名单公示】${beijing(result.winners.opensAt)} 至 ${beijing(result.winners.closesAt)}`,
  );
  lines.push('', '【获奖名单（市政府批准后通报表彰）】');
  for (const a of result.awards)
    lines.push(
      `  ★ ${TIER[a.tier as 'award']}（${CATEGORY[a.category as 'organization']}）：${a.displayName}`,
    );
  lines.push('', '【写入的禁报记录（第六条：获奖后两届内不得重复申报）】');
  for (const b of result.bans) lines.push(`  · ${b.displayName}：第${b.from}届至第${b.through}届不得申报`);
  return lines.join('\n');
}
