/**
 * Review panels at scale (DESIGN.md "Review load"): staff set the round's load limits and deadlines,
 * draw a stage's panels from the reviewer pool with a recorded seed (and see the resulting load of
 * each reviewer), withdraw or replace a reviewer with a reason, and schedule the on-site reviews and
 * defences; discipline inspection (Art. 15) browses the same assignments and every score sheet.
 */
import { type FormEvent, useState } from 'react';
import type {
  Application,
  Draw,
  Reviewer,
  ReviewSettingsBody,
  ReviewStage,
  Round,
  RoundAssignment,
  ScheduleSlot,
} from '../../../../functions/handlers/api/schemas/index.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { RoundNav } from '../../components/RoundNav.tsx';
import { Badge, ErrorAlert, InlineInput, InlineSelect, Loading, Notice } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import type { Session } from '../../lib/auth.ts';
import { useSubmission } from '../../lib/forms.ts';
import { refreshAll, useAsync } from '../../lib/hooks.ts';
import { REVIEW_STAGE_LABELS } from '../../lib/labels.ts';
import { Link, useTitle } from '../../lib/router.tsx';
import { formatBeijing, fromBeijingInput, toBeijingInput } from '../../lib/time.ts';

const STAGES = Object.keys(REVIEW_STAGE_LABELS) as ReviewStage[];
const STAGE_OPTIONS = STAGES.map((s) => ({ value: s, label: REVIEW_STAGE_LABELS[s] }));
const DEADLINES = [
  ['recommendation', '推荐'],
  ['qualification', '资格审查'],
  ['material', '材料评审'],
  ['onsite', '现场评审'],
  ['defense', '陈述答辩'],
] as const;
type DeadlineKind = (typeof DEADLINES)[number][0];

function SettingsForm(props: { round: Round; readOnly: boolean }) {
  const current = props.round.reviewSettings;
  const [limits, setLimits] = useState<Record<ReviewStage, string>>(() => ({
    material: String(current?.loadLimits.material ?? ''),
    onsite: String(current?.loadLimits.onsite ?? ''),
    defense: String(current?.loadLimits.defense ?? ''),
  }));
  const [deadlines, setDeadlines] = useState<Record<DeadlineKind, string>>(
    () =>
      Object.fromEntries(
        DEADLINES.map(([kind]) => [
          kind,
          current?.deadlines[kind] ? toBeijingInput(current.deadlines[kind]) : '',
        ]),
      ) as Record<DeadlineKind, string>,
  );
  const [days, setDays] = useState(String(current?.reminderWorkingDays ?? 2));
  const [saved, setSaved] = useState(false);
  const submission = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const body: ReviewSettingsBody = {
      loadLimits: Object.fromEntries(
        STAGES.filter((s) => limits[s].trim() !== '').map((s) => [s, Number(limits[s])]),
      ),
      deadlines: Object.fromEntries(
        DEADLINES.flatMap(([kind]) => {
          const at = fromBeijingInput(deadlines[kind]);
          return at ? [[kind, at]] : [];
        }),
      ),
      reminderWorkingDays: Number(days),
    };
    if (await submission.run(() => api.putReviewSettings(props.round.roundId, body))) setSaved(true);
  }

  return (
    <form onSubmit={submit} className="stack">
      <ErrorAlert error={submission.error} />
      {saved ? <Notice tone="success">评审设置已保存。</Notice> : null}
      <fieldset>
        <legend>工作量上限（每位专家每阶段最多评审的申报数，留空为不限）</legend>
        <div className="inline-form">
          {STAGES.map((s) => (
            <InlineInput
              key={s}
              id={`limit-${s}`}
              label={REVIEW_STAGE_LABELS[s]}
              type="number"
              min={1}
              value={limits[s]}
              disabled={props.readOnly}
              onChange={(e) => setLimits({ ...limits, [s]: e.target.value })}
            />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>工作期限（北京时间；只用于提醒，不阻止推进）</legend>
        <div className="inline-form">
          {DEADLINES.map(([kind, name]) => (
            <InlineInput
              key={kind}
              id={`deadline-${kind}`}
              label={name}
              type="datetime-local"
              value={deadlines[kind]}
              disabled={props.readOnly}
              onChange={(e) => setDeadlines({ ...deadlines, [kind]: e.target.value })}
            />
          ))}
        </div>
        <div className="inline-form">
          <InlineInput
            id="reminder-days"
            label="提前提醒的工作日数"
            type="number"
            min={0}
            max={30}
            value={days}
            disabled={props.readOnly}
            onChange={(e) => setDays(e.target.value)}
          />
        </div>
      </fieldset>
      {props.readOnly ? null : (
        <button type="submit" disabled={submission.busy}>
          保存评审设置
        </button>
      )}
    </form>
  );
}

function DrawForm(props: { roundId: string; names: Map<string, string>; appNames: Map<string, string> }) {
  const [stage, setStage] = useState<ReviewStage>('material');
  const [size, setSize] = useState('5');
  const [seed, setSeed] = useState('');
  const [draw, setDraw] = useState<Draw>();
  const submission = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await submission.run(async () => {
      const result = await api.draw(props.roundId, {
        stage,
        panelSize: Number(size),
        ...(seed.trim() ? { seed: seed.trim() } : {}),
      });
      setDraw(result);
      refreshAll();
    });
  }

  const loads = Object.entries(draw?.loads ?? {}).sort(([, a], [, b]) => b - a);
  return (
    <>
      <form onSubmit={submit} className="inline-form">
        <InlineSelect
          id="draw-stage"
          label="评审阶段"
          value={stage}
          onChange={(e) => setStage(e.target.value as ReviewStage)}
          options={STAGE_OPTIONS}
        />
        <InlineInput
          id="draw-size"
          label="每组人数"
          type="number"
          min={1}
          max={30}
          value={size}
          onChange={(e) => setSize(e.target.value)}
        />
        <InlineInput
          id="draw-seed"
          label="随机种子（可不填，由系统生成）"
          value={seed}
          onChange={(e) => setSeed(e.target.value)}
        />
        <button type="submit" disabled={submission.busy}>
          随机抽取
        </button>
      </form>
      <p className="hint">
        补足本阶段未满的评审组：不抽须回避、已取消资格或已从该组撤出的专家，不超过工作量上限，尽量均衡。
        种子和专家库快照记入审计记录，任何人可据此复核抽取结果；任一组抽不满时不写入任何分配。
      </p>
      <ErrorAlert error={submission.error} />
      {draw ? (
        <div aria-live="polite">
          <Notice tone="success">
            随机种子：<code>{draw.seed}</code>，本次抽取{' '}
            {draw.assignments.filter((a) => a.drawn.length > 0).length} 个评审组
            {draw.assignments.length === 0 ? '（各组均已满员）' : ''}。
          </Notice>
          <h3>抽取后各专家的评审数</h3>
          <DataTable
            rows={loads}
            rowKey={([id]) => id}
            empty="无可抽取的专家。"
            columns={[
              { header: '专家', cell: ([id]) => `${props.names.get(id) ?? id}（${id}）` },
              { header: `${REVIEW_STAGE_LABELS[stage]}评审数`, cell: ([, n]) => n },
            ]}
          />
          <h3>评审组</h3>
          <ul className="plain-list">
            {draw.assignments.map((a) => (
              <li key={a.applicationId}>
                {props.appNames.get(a.applicationId) ?? a.applicationId}：
                {a.reviewerIds.map((id) => props.names.get(id) ?? id).join('、')}
                {a.drawn.length > 0
                  ? `（本次抽中 ${a.drawn.map((id) => props.names.get(id) ?? id).join('、')}）`
                  : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

function WithdrawForm(props: {
  roundId: string;
  assignment: RoundAssignment;
  reviewers: Reviewer[];
  onDone: () => void;
}) {
  const a = props.assignment;
  const [reason, setReason] = useState('');
  const [replacementId, setReplacementId] = useState('');
  const submission = useSubmission();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const done = await submission.run(() =>
      api.withdrawAssignment(props.roundId, {
        stage: a.stage,
        applicationId: a.applicationId,
        reviewerId: a.reviewerId,
        reason,
        ...(replacementId ? { replacementId } : {}),
      }),
    );
    if (done) props.onDone();
  }
  const key = `${a.applicationId}-${a.stage}-${a.reviewerId}`;
  return (
    <form onSubmit={submit} className="inline-form">
      <ErrorAlert error={submission.error} />
      <InlineInput
        id={`wd-reason-${key}`}
        label="撤出理由"
        value={reason}
        required
        onChange={(e) => setReason(e.target.value)}
      />
      <InlineSelect
        id={`wd-replacement-${key}`}
        label="替换专家（可选）"
        value={replacementId}
        onChange={(e) => setReplacementId(e.target.value)}
        options={[
          { value: '', label: '不替换' },
          ...props.reviewers
            .filter((r) => r.reviewerId !== a.reviewerId && !r.disqualified)
            .map((r) => ({ value: r.reviewerId, label: `${r.name}（${r.reviewerId}）` })),
        ]}
      />
      <button type="submit" disabled={submission.busy || !reason.trim()}>
        确认撤出
      </button>
    </form>
  );
}

function AssignmentsTable(props: {
  roundId: string;
  isStaff: boolean;
  reviewers: Reviewer[];
  appNames: Map<string, string>;
}) {
  const [stage, setStage] = useState<ReviewStage | ''>('');
  const [open, setOpen] = useState<string>();
  const list = useAsync(
    () => api.roundAssignments(props.roundId, stage ? { stage } : {}),
    [props.roundId, stage],
  );
  return (
    <>
      <div className="inline-form">
        <InlineSelect
          id="list-stage"
          label="评审阶段"
          value={stage}
          onChange={(e) => setStage(e.target.value as ReviewStage | '')}
          options={[{ value: '', label: '全部阶段' }, ...STAGE_OPTIONS]}
        />
      </div>
      <Loading state={list} />
      {list.data ? (
        <DataTable
          rows={list.data}
          rowKey={(a) => `${a.applicationId}-${a.stage}-${a.reviewerId}`}
          empty="本届尚无评审分配。"
          columns={[
            { header: '申报', cell: (a) => props.appNames.get(a.applicationId) ?? a.applicationId },
            { header: '阶段', cell: (a) => REVIEW_STAGE_LABELS[a.stage] },
            { header: '专家', cell: (a) => `${a.reviewerName}（${a.reviewerId}）` },
            {
              header: '状态',
              cell: (a) =>
                a.status === 'active' ? (
                  <Badge tone="verified">在组</Badge>
                ) : (
                  <>
                    <Badge tone="rejected">已撤出</Badge> {a.withdrawReason}
                    {a.replacedBy ? `；由 ${a.replacedBy} 替换` : ''}
                  </>
                ),
            },
            { header: '评分', cell: (a) => (a.scored ? '已评分' : '未评分') },
            { header: '来源', cell: (a) => (a.drawId ? '随机抽取' : '手动分配') },
            {
              header: '操作',
              cell: (a) => {
                const key = `${a.applicationId}-${a.stage}-${a.reviewerId}`;
                if (!props.isStaff || a.status !== 'active') return null;
                return open === key ? (
                  <WithdrawForm
                    roundId={props.roundId}
                    assignment={a}
                    reviewers={props.reviewers}
                    onDone={() => {
                      setOpen(undefined);
                      refreshAll();
                    }}
                  />
                ) : (
                  <button type="button" className="link-button" onClick={() => setOpen(key)}>
                    撤出或替换
                  </button>
                );
              },
            },
          ]}
        />
      ) : null}
    </>
  );
}

/** The round's applications to pick one from, none picked at first. */
const applicationOptions = (applications: readonly Application[]) => [
  { value: '', label: '请选择' },
  ...applications.map((a) => ({ value: a.applicationId, label: a.displayName })),
];

function ScoreSheets(props: { applications: Application[] }) {
  const [applicationId, setApplicationId] = useState('');
  const sheets = useAsync(
    () => (applicationId ? api.scoreSheets(applicationId) : Promise.resolve([])),
    [applicationId],
  );
  return (
    <>
      <div className="inline-form">
        <InlineSelect
          id="sheets-application"
          label="申报"
          value={applicationId}
          onChange={(e) => setApplicationId(e.target.value)}
          options={applicationOptions(props.applications)}
        />
      </div>
      <Loading state={sheets} />
      {applicationId && sheets.data ? (
        <DataTable
          rows={sheets.data}
          rowKey={(s) => `${s.stage}-${s.reviewerId}`}
          empty="该申报尚无评分表。"
          columns={[
            { header: '阶段', cell: (s) => REVIEW_STAGE_LABELS[s.stage] },
            { header: '专家', cell: (s) => `${s.reviewerName}（${s.reviewerId}）` },
            { header: '总分', cell: (s) => s.total },
            { header: '提交时间（北京时间）', cell: (s) => formatBeijing(s.submittedAt, { bare: true }) },
            {
              header: '是否计入',
              cell: (s) =>
                s.counted ? (
                  <Badge tone="verified">计入</Badge>
                ) : (
                  <Badge tone="rejected">不计入（已撤出）</Badge>
                ),
            },
            { header: '评审意见', cell: (s) => s.comment ?? '—' },
          ]}
        />
      ) : null}
    </>
  );
}

function ScheduleForm(props: { roundId: string; applications: Application[]; reviewers: Reviewer[] }) {
  const [applicationId, setApplicationId] = useState('');
  const [stage, setStage] = useState<'onsite' | 'defense'>('onsite');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [venue, setVenue] = useState('');
  const [leaderId, setLeaderId] = useState('');
  const [saved, setSaved] = useState<ScheduleSlot>();
  const submission = useSubmission();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(undefined);
    await submission.run(async () => {
      const slot = await api.putScheduleSlot(props.roundId, applicationId, {
        stage,
        startsAt: fromBeijingInput(startsAt) ?? startsAt,
        endsAt: fromBeijingInput(endsAt) ?? endsAt,
        venue,
        ...(leaderId ? { leaderId } : {}),
      });
      setSaved(slot);
      refreshAll();
    });
  }
  return (
    <form onSubmit={submit} className="stack">
      <ErrorAlert error={submission.error} />
      {saved ? (
        <Notice tone="success">
          已安排“{saved.displayName}”的{REVIEW_STAGE_LABELS[saved.stage]}。
        </Notice>
      ) : null}
      <div className="inline-form">
        <InlineSelect
          id="slot-application"
          label="申报"
          value={applicationId}
          onChange={(e) => setApplicationId(e.target.value)}
          options={applicationOptions(props.applications)}
        />
        <InlineSelect
          id="slot-stage"
          label="阶段"
          value={stage}
          onChange={(e) => setStage(e.target.value as 'onsite' | 'defense')}
          options={[
            { value: 'onsite', label: REVIEW_STAGE_LABELS.onsite },
            { value: 'defense', label: REVIEW_STAGE_LABELS.defense },
          ]}
        />
      </div>
      <div className="inline-form">
        <InlineInput
          id="slot-starts"
          label="开始（北京时间）"
          type="datetime-local"
          value={startsAt}
          required
          onChange={(e) => setStartsAt(e.target.value)}
        />
        <InlineInput
          id="slot-ends"
          label="结束（北京时间）"
          type="datetime-local"
          value={endsAt}
          required
          onChange={(e) => setEndsAt(e.target.value)}
        />
      </div>
      <div className="inline-form">
        <InlineInput
          id="slot-venue"
          label="地点"
          value={venue}
          required
          onChange={(e) => setVenue(e.target.value)}
        />
        <InlineSelect
          id="slot-leader"
          label="评审组长"
          value={leaderId}
          onChange={(e) => setLeaderId(e.target.value)}
          options={[
            { value: '', label: '未指定' },
            ...props.reviewers.map((r) => ({ value: r.reviewerId, label: `${r.name}（${r.reviewerId}）` })),
          ]}
        />
      </div>
      <button
        type="submit"
        disabled={submission.busy || !applicationId || !startsAt || !endsAt || !venue.trim()}
      >
        保存日程
      </button>
      <p className="hint">同一位专家（含组长）的日程不能重叠，冲突时平台会指出冲突的专家和安排。</p>
    </form>
  );
}

/** A round's schedule, for staff, supervisors and (their own panels only) reviewers. */
export function ScheduleTable(props: { slots: ScheduleSlot[]; names?: Map<string, string> }) {
  return (
    <DataTable
      rows={props.slots}
      rowKey={(s) => `${s.applicationId}-${s.stage}`}
      empty="尚未安排现场评审或陈述答辩。"
      columns={[
        { header: '申报', cell: (s) => s.displayName },
        { header: '阶段', cell: (s) => REVIEW_STAGE_LABELS[s.stage] },
        {
          header: '时间（北京时间）',
          cell: (s) =>
            `${formatBeijing(s.startsAt, { bare: true })} 至 ${formatBeijing(s.endsAt, { bare: true })}`,
        },
        { header: '地点', cell: (s) => s.venue },
        {
          header: '评审组长',
          cell: (s) => (s.leaderId ? (props.names?.get(s.leaderId) ?? s.leaderId) : '—'),
        },
      ]}
    />
  );
}

export function PanelsPage(props: { roundId: string; session: Session | undefined }) {
  useTitle('评审组与日程');
  const isStaff = props.session?.claims.roles.includes('staff') ?? false;
  const state = useAsync(async () => {
    const [round, applications, reviewers, slots] = await Promise.all([
      api.round(props.roundId),
      api.roundApplications(props.roundId),
      isStaff ? api.reviewers() : Promise.resolve([] as Reviewer[]),
      api.schedule(props.roundId),
    ]);
    return { round, applications, reviewers, slots };
  }, [props.roundId, isStaff]);
  const data = state.data;
  const names = new Map((data?.reviewers ?? []).map((r) => [r.reviewerId, r.name]));
  const appNames = new Map((data?.applications ?? []).map((a) => [a.applicationId, a.displayName]));
  const reviewed = (data?.applications ?? []).filter((a) =>
    ['in-review', 'not-selected', 'candidate', 'proposed', 'awarded', 'not-awarded'].includes(a.status),
  );
  return (
    <>
      <p>
        <Link to="/staff">← 各届评选</Link>
      </p>
      <h1>评审组与日程{data ? ` · ${data.round.title}` : ''}</h1>
      <RoundNav roundId={props.roundId} />
      <Loading state={state} />
      {data ? (
        <>
          <section className="card">
            <h2>评审设置</h2>
            <SettingsForm round={data.round} readOnly={!isStaff} />
          </section>
          {isStaff ? (
            <section className="card">
              <h2>随机抽取评审专家</h2>
              <DrawForm roundId={props.roundId} names={names} appNames={appNames} />
            </section>
          ) : null}
          <section className="card">
            <h2>评审分配一览</h2>
            <AssignmentsTable
              roundId={props.roundId}
              isStaff={isStaff}
              reviewers={data.reviewers}
              appNames={appNames}
            />
          </section>
          <section className="card">
            <h2>评分表</h2>
            <ScoreSheets applications={reviewed} />
          </section>
          <section className="card">
            <h2>现场评审与陈述答辩日程</h2>
            <ScheduleTable slots={data.slots} names={names} />
            {isStaff ? (
              <ScheduleForm roundId={props.roundId} applications={reviewed} reviewers={data.reviewers} />
            ) : null}
          </section>
        </>
      ) : null}
    </>
  );
}
