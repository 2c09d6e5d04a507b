/** The procedure of a round (Art. 18) as a timeline: done, current and coming stages with their times. */

import type { Round, RoundStage, WindowKind } from '../../../functions/handlers/api/schemas/index.ts';
import { ROUND_STAGE_LABELS, ROUND_STAGES, WINDOW_KIND_LABELS } from '../lib/labels.ts';
import { formatBeijing } from '../lib/time.ts';
import { Countdown } from './ui.tsx';

/** What the timeline says under a stage: when it started, or the deadline that ends it. */
function stageNote(round: Round, stage: RoundStage): string | undefined {
  const entered = [...round.stageHistory].reverse().find((h) => h.stage === stage);
  const window = (kind: WindowKind) => round.windows.find((w) => w.kind === kind);
  switch (stage) {
    case 'call-open':
      return `${formatBeijing(round.callOpensAt, { bare: true })} 至 ${formatBeijing(round.callClosesAt, { deadline: true, bare: true })}`;
    case 'accepted-publicity':
    case 'winner-publicity': {
      const w = window(stage === 'accepted-publicity' ? 'accepted' : 'winners');
      if (w)
        return `${formatBeijing(w.opensAt, { bare: true })} 至 ${formatBeijing(w.closesAt, { deadline: true, bare: true })}`;
      return entered ? `开始于 ${formatBeijing(entered.at, { bare: true })}` : '不少于5个工作日';
    }
    default:
      return entered ? `开始于 ${formatBeijing(entered.at, { bare: true })}` : undefined;
  }
}

export function RoundTimeline(props: { round: Round }) {
  const { round } = props;
  const current = ROUND_STAGES.indexOf(round.stage);
  // The countdown of the window that belongs to the current stage, if it is open.
  const currentKind =
    round.stage === 'accepted-publicity'
      ? 'accepted'
      : round.stage === 'winner-publicity'
        ? 'winners'
        : undefined;
  const openWindow = round.windows.find((w) => w.status === 'open' && w.kind === currentKind);
  return (
    <div className="timeline-wrap">
      <p className="muted">时间均为北京时间。</p>
      <ol className="timeline" aria-label={`${round.title}评选进度`}>
        {ROUND_STAGES.map((stage, i) => {
          const state = i < current ? 'done' : i === current ? 'current' : 'todo';
          const note = stageNote(round, stage);
          return (
            <li key={stage} className={state} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="dot" aria-hidden="true">
                {i + 1}
              </span>
              <span className="stage-name">
                {ROUND_STAGE_LABELS[stage]}
                <span className="visually-hidden">
                  {state === 'done' ? '（已完成）' : state === 'current' ? '（当前阶段）' : '（未开始）'}
                </span>
              </span>
              {note ? <span className="stage-note">{note}</span> : null}
              {state === 'current' && stage === 'call-open' ? (
                <Countdown to={round.callClosesAt} prefix="申报截止" />
              ) : null}
              {state === 'current' && openWindow ? (
                <Countdown to={openWindow.closesAt} prefix={`${WINDOW_KIND_LABELS[openWindow.kind]}截止`} />
              ) : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
