/**
 * A round's statistics (GET /v1/rounds/{roundId}/statistics) as charts (echarts, tree-shaken to the
 * bar and pie charts) and tables, with every export of the round (Excel, and the archive as a ZIP).
 * Drafts are not counted; industry and the SME share (Art. 10) concern organizations only.
 */
import { BarChart, PieChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { RoundStatistics } from '../../../../functions/handlers/api/schemas/index.ts';
import { ExportButton } from '../../components/DocumentButton.tsx';
import { RoundNav } from '../../components/RoundNav.tsx';
import { Loading } from '../../components/ui.tsx';
import { documents, type ExportKind } from '../../lib/documents.ts';
import { useAsync } from '../../lib/hooks.ts';
import {
  APPLICATION_STATUS_LABELS,
  CATEGORY_LABELS,
  INDUSTRY_LABELS,
  jurisdictionName,
  label,
} from '../../lib/labels.ts';
import { useTitle } from '../../lib/router.tsx';

echarts.use([
  BarChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  TitleComponent,
  LegendComponent,
  AriaComponent,
  CanvasRenderer,
]);

type Entry = { name: string; value: number };

function Chart(props: { title: string; kind: 'bar' | 'pie'; data: Entry[] }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      aria: { enabled: true },
      title: { text: props.title, left: 'center', textStyle: { fontSize: 15 } },
      tooltip: {},
      ...(props.kind === 'bar'
        ? {
            grid: { left: 40, right: 16, bottom: 70, top: 40 },
            xAxis: { type: 'category', data: props.data.map((d) => d.name), axisLabel: { rotate: 30 } },
            yAxis: { type: 'value', minInterval: 1 },
            series: [{ type: 'bar', data: props.data.map((d) => d.value), itemStyle: { color: '#1f5fa8' } }],
          }
        : {
            legend: { bottom: 0 },
            series: [
              {
                type: 'pie',
                // Below the title with room for the labels: a slice at the top labels above itself.
                center: ['50%', '56%'],
                radius: ['30%', '56%'],
                data: props.data,
                label: { formatter: '{b}：{c}' },
              },
            ],
          }),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [props.title, props.kind, props.data]);
  return (
    <figure className="chart">
      <div
        ref={element}
        style={{ width: '100%', height: 300 }}
        role="img"
        aria-label={`${props.title}：${props.data.map((d) => `${d.name} ${d.value}`).join('，')}`}
      />
    </figure>
  );
}

const entries = (counts: Record<string, number | undefined>, name: (key: string) => string): Entry[] =>
  Object.entries(counts).map(([key, value]) => ({ name: name(key), value: value ?? 0 }));

const EXPORTS: { kind: ExportKind; label: string }[] = [
  { kind: 'applications', label: '申报名单（Excel）' },
  { kind: 'scores', label: '评分表（Excel）' },
  { kind: 'ranking', label: '排名（Excel）' },
  { kind: 'objections', label: '异议处理（Excel）' },
  { kind: 'winners', label: '获奖名单（Excel）' },
  { kind: 'statistics', label: '统计（Excel）' },
  { kind: 'audit', label: '审计记录（Excel）' },
  { kind: 'archive', label: '本届评选档案（ZIP）' },
];

export function StatisticsPage(props: { roundId: string }) {
  useTitle('统计与导出');
  const stats = useAsync(() => documents.statistics(props.roundId), [props.roundId]);
  const s: RoundStatistics | undefined = stats.data;
  return (
    <>
      <h1>统计与导出</h1>
      <RoundNav roundId={props.roundId} />
      <section className="card">
        <h2>导出</h2>
        <p className="muted">
          Excel 导出即时生成；评选档案包含全部导出、公示与表彰文件、评分表和审计记录，生成需要几分钟。
        </p>
        <div className="actions">
          {EXPORTS.map((e) => (
            <ExportButton key={e.kind} roundId={props.roundId} kind={e.kind} label={e.label} />
          ))}
        </div>
      </section>
      <Loading state={stats} />
      {s ? (
        <>
          <section className="card">
            <h2>概况</h2>
            <p>
              申报总数（不含草稿）<strong>{s.total}</strong>；组织 {s.byCategory.organization}，个人{' '}
              {s.byCategory.individual}； 中小企业 {s.sme.count} 家，占组织申报的{' '}
              <strong>{(s.sme.share * 100).toFixed(1)}%</strong>（第十条）。
            </p>
            <p className="muted">另有草稿 {s.drafts} 份：草稿在提交前只有申请人本人可见，这里只统计数目。</p>
          </section>
          <section className="chart-grid">
            <Chart title="按推荐单位（地区）" kind="bar" data={entries(s.byJurisdiction, jurisdictionName)} />
            <Chart
              title="按申报状态"
              kind="bar"
              data={entries(s.byStatus, (k) => label(APPLICATION_STATUS_LABELS, k))}
            />
            <Chart title="按类别" kind="pie" data={entries(s.byCategory, (k) => label(CATEGORY_LABELS, k))} />
            <Chart
              title="按行业（组织）"
              kind="pie"
              data={entries(s.byIndustry, (k) => label(INDUSTRY_LABELS, k))}
            />
            <Chart
              title="中小企业占比（组织）"
              kind="pie"
              data={[
                { name: '中小企业', value: s.sme.count },
                { name: '其他企业', value: s.byCategory.organization - s.sme.count },
              ]}
            />
          </section>
        </>
      ) : null}
    </>
  );
}
