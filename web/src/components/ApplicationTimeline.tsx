/**
 * One application's own path through the round (Art. 18), for its applicant: each step that has
 * happened, in order, with its Beijing-time date, then what comes next. Built from the application,
 * its round (stage history, publicity windows) and, where the office has set one, its schedule.
 */
import type { Application, Round } from '../../../functions/handlers/api/schemas/index.ts';
import { jurisdictionName, label, TIER_LABELS, WINDOW_KIND_LABELS } from '../lib/labels.ts';
import { formatBeijing } from '../lib/time.ts';

/** A slot of the on-site review or the defence, as `GET /v1/applications/{id}` gives the owner. */
interface ScheduleSlot {
  stage: string;
  startsAt: string;
  endsAt: string;
  venue: string;
}

interface Step {
  key: string;
  title: string;
  detail?: string;
  /** When it happened (or is to happen), shown in Beijing time. */
  at?: string;
  state: 'done' | 'next' | 'later';
}

/** Where an application's path ends early: nothing follows these. */
const ENDED: Record<string, string> = {
  'not-recommended': '未获推荐，评选到此结束',
  disqualified: '资格审查未通过，评选到此结束',
  withdrawn: '申报已撤回',
  struck: '经公示异议核实，已从名单中撤销',
  'not-selected': '未入选现场评审，评选到此结束',
  'not-awarded': '未获奖',
  revoked: '奖项已撤销',
};

const REVIEWED = [
  'accepted',
  'in-review',
  'not-selected',
  'candidate',
  'proposed',
  'awarded',
  'not-awarded',
  'revoked',
];

const REVIEW_STEPS = [
  { stage: 'material-review', title: '材料评审' },
  { stage: 'onsite-review', title: '现场评审', slot: 'onsite' },
  { stage: 'defense', title: '陈述答辩', slot: 'defense' },
  { stage: 'evaluation', title: '综合评价' },
] as const;

export function applicationSteps(a: Application, round: Round | undefined): Step[] {
  const steps: Step[] = [{ key: 'created', title: '填写申报书（草稿）', at: a.createdAt, state: 'done' }];
  const reached = (stage: string) => round?.stageHistory.find((h) => h.stage === stage)?.at;
  steps.push(
    a.submittedAt
      ? { key: 'submitted', title: '提交申报', at: a.submittedAt, state: 'done' }
      : {
          key: 'submitted',
          title: '提交申报',
          detail: round
            ? `须在申报截止（${formatBeijing(round.callClosesAt, { deadline: true })}）前提交`
            : undefined,
          state: 'later',
        },
  );
  steps.push(
    a.recommendation
      ? {
          key: 'recommendation',
          title: a.recommendation.decision === 'recommend' ? '推荐单位同意推荐' : '推荐单位不予推荐',
          at: a.recommendation.at,
          state: 'done',
        }
      : {
          key: 'recommendation',
          title: `推荐单位推荐（${jurisdictionName(a.jurisdiction)}）`,
          state: 'later',
        },
  );
  steps.push(
    a.qualification
      ? {
          key: 'qualification',
          title: a.qualification.decision === 'qualified' ? '资格审查通过' : '资格审查未通过',
          ...(a.qualification.reason ? { detail: a.qualification.reason } : {}),
          at: a.qualification.at,
          state: 'done',
        }
      : {
          key: 'qualification',
          title: '资格审查',
          ...(round
            ? { detail: `申报截止（${formatBeijing(round.callClosesAt, { deadline: true })}）后进行` }
            : {}),
          state: 'later',
        },
  );
  const windows = (round?.windows ?? []).filter(
    (w) =>
      w.entries.some((e) => e.applicationId === a.applicationId) ||
      (w.struck ?? []).some((e: { applicationId: string }) => e.applicationId === a.applicationId),
  );
  const schedule = (a as Application & { schedule?: ScheduleSlot[] }).schedule ?? [];
  const ended = ENDED[a.status];
  const pushWindow = (kind: string) => {
    for (const w of windows.filter((x) => x.kind === kind)) {
      steps.push({
        key: `window-${w.windowId}`,
        title: `列入${label(WINDOW_KIND_LABELS, w.kind)}`,
        detail: `公示期 ${formatBeijing(w.opensAt)} 至 ${formatBeijing(w.closesAt, { deadline: true })}`,
        at: w.opensAt,
        state: w.status === 'closed' ? 'done' : 'later',
      });
    }
  };
  pushWindow('accepted');
  if (REVIEWED.includes(a.status) || windows.length > 0) {
    for (const review of REVIEW_STEPS) {
      const at = reached(review.stage);
      const slots = 'slot' in review ? schedule.filter((s) => s.stage === review.slot) : [];
      const detail = slots
        .map((s) => `安排：${formatBeijing(s.startsAt)} 至 ${formatBeijing(s.endsAt)}，${s.venue}`)
        .join('；');
      if (a.status === 'not-selected' && review.stage !== 'material-review') break;
      steps.push({
        key: review.stage,
        title: review.title,
        ...(detail ? { detail } : {}),
        ...(at ? { at } : {}),
        state: at ? 'done' : 'later',
      });
    }
  }
  pushWindow('winners');
  if (a.tier || a.status === 'awarded') {
    steps.push({
      key: 'result',
      title: `获得${label(TIER_LABELS, a.tier ?? 'award')}`,
      at: round?.approval?.at ?? a.updatedAt,
      state: 'done',
    });
  } else if (ended) {
    steps.push({ key: 'result', title: ended, at: a.updatedAt, state: 'done' });
  } else {
    steps.push({ key: 'result', title: '评选结果（市政府批准后通报表彰）', state: 'later' });
  }
  // The first step not yet done is what comes next.
  const next = steps.findIndex((s) => s.state !== 'done');
  if (next >= 0 && !ended) steps[next] = { ...steps[next]!, state: 'next' };
  return ended ? steps.filter((s) => s.state === 'done') : steps;
}

export function ApplicationTimeline(props: { application: Application; round: Round | undefined }) {
  const steps = applicationSteps(props.application, props.round);
  return (
    <ol className="app-timeline" aria-label="本申报的评选进程">
      {steps.map((s) => (
        <li key={s.key} className={s.state}>
          <strong>{s.title}</strong>
          {s.state === 'next' ? '（下一步）' : s.state === 'later' ? '（尚未进行）' : ''}
          {s.at ? <span className="when">{formatBeijing(s.at)}</span> : null}
          {s.detail ? <div className="hint">{s.detail}</div> : null}
        </li>
      ))}
    </ol>
  );
}
