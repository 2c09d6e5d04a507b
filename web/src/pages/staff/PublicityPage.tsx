/**
 * Publicity windows of a round with their countdowns, extension (later only), and the objections
 * to investigate: staff record `upheld` or `dismissed` with findings (DESIGN.md §2 "Objections").
 */
import { type FormEvent, useState } from 'react';
import type { Objection, ResolveObjectionBody } from '../../../../functions/handlers/api/schemas/index.ts';
import { ExtendDeadlineForm } from '../../components/ExtendDeadlineForm.tsx';
import { RoundNav } from '../../components/RoundNav.tsx';
import { Badge, Countdown, ErrorAlert, Loading, SelectField, TextArea } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import type { Session } from '../../lib/auth.ts';
import { bindField, useSubmission } from '../../lib/forms.ts';
import { refreshAll, useAsync } from '../../lib/hooks.ts';
import {
  label,
  OBJECTION_STATUS_LABELS,
  WINDOW_KIND_LABELS,
  WINDOW_STATUS_LABELS,
} from '../../lib/labels.ts';
import { Link, useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';

type Outcome = ResolveObjectionBody['outcome'];

function ResolveForm(props: { objection: Objection; onDone: () => void }) {
  const [outcome, setOutcome] = useState<Outcome>('dismissed');
  const [findings, setFindings] = useState('');
  const submission = useSubmission(['outcome', 'findings']);
  const { placed } = submission;
  const id = `res-${props.objection.objectionId}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    const resolved = await submission.run(() =>
      api.resolveObjection(props.objection.objectionId, outcome, findings),
    );
    if (resolved) props.onDone();
  }
  return (
    <form onSubmit={submit} className="inline-review" aria-label={`处理异议 ${props.objection.objectionId}`}>
      <ErrorAlert error={submission.error} extra={placed.general} />
      <SelectField
        label="调查结论"
        id={`${id}-outcome`}
        {...bindField(placed, 'outcome', outcome, (value) => setOutcome(value as Outcome))}
        options={[
          { value: 'dismissed', label: '异议不成立' },
          { value: 'upheld', label: '异议成立（从名单中取消该对象）' },
        ]}
      />
      <TextArea
        label="调查核实情况"
        id={`${id}-findings`}
        required
        rows={3}
        {...bindField(placed, 'findings', findings, setFindings)}
      />
      <button type="submit" disabled={submission.busy || !findings.trim()}>
        记录处理结果
      </button>
    </form>
  );
}

export function PublicityPage(props: { roundId: string; session: Session | undefined }) {
  useTitle('公示与异议');
  const isStaff = props.session?.claims.roles.includes('staff') ?? false;
  const state = useAsync(async () => {
    const [round, objections] = await Promise.all([api.round(props.roundId), api.objections(props.roundId)]);
    return { round, objections };
  }, [props.roundId]);
  const round = state.data?.round;
  const objections = state.data?.objections ?? [];
  const nameOf = (applicationId: string) =>
    round?.windows
      .flatMap((w) => [...w.entries, ...(w.struck ?? [])])
      .find((e) => e.applicationId === applicationId)?.displayName ?? applicationId;
  return (
    <>
      <p>
        <Link to="/staff">← 各届评选</Link>
      </p>
      <h1>公示与异议{round ? ` · ${round.title}` : ''}</h1>
      <RoundNav roundId={props.roundId} />
      <Loading state={state} />
      {round ? (
        <>
          <section className="card">
            <h2>公示</h2>
            {round.windows.length === 0 ? <p>本届尚未发布公示。</p> : null}
            {round.windows.map((w) => {
              const pending = objections.filter(
                (o) => o.windowId === w.windowId && o.status === 'pending',
              ).length;
              return (
                <article key={w.windowId} className="window">
                  <h3>
                    <Link to={`/notices/${encodeURIComponent(w.windowId)}`}>
                      {WINDOW_KIND_LABELS[w.kind]}
                    </Link>{' '}
                    <Badge tone={w.status}>{WINDOW_STATUS_LABELS[w.status]}</Badge>
                  </h3>
                  <p>
                    {formatBeijing(w.opensAt)} 至 {formatBeijing(w.closesAt, { deadline: true })}{' '}
                    {w.status === 'open' ? <Countdown to={w.closesAt} /> : null}
                  </p>
                  <p>
                    公示对象 {w.entries.length} 个{w.struck?.length ? `，已取消 ${w.struck.length} 个` : ''}
                    ；待处理异议 <strong>{pending}</strong> 件
                    {w.status === 'awaiting-objections'
                      ? '（公示期已满，异议处理完毕后自动进入下一阶段）'
                      : ''}
                  </p>
                  {isStaff && w.status === 'open' ? (
                    <ExtendDeadlineForm
                      id={`extend-${w.windowId}`}
                      label="延长至（北京时间）"
                      submitLabel="延长公示期"
                      closesAt={w.closesAt}
                      extend={(closesAt) => api.extendWindow(w.windowId, closesAt)}
                    />
                  ) : null}
                </article>
              );
            })}
          </section>
          <section className="card">
            <h2>异议 {objections.length} 件</h2>
            {objections.length === 0 ? <p>尚未收到异议。</p> : null}
            <ul className="review-list">
              {objections.map((o) => (
                <li key={o.objectionId}>
                  <div className="review-head">
                    <strong>关于“{nameOf(o.applicationId)}”</strong>
                    <Badge tone={o.status}>{label(OBJECTION_STATUS_LABELS, o.status)}</Badge>
                    <span className="muted">收到于 {formatBeijing(o.createdAt)}</span>
                  </div>
                  <p>
                    异议人：{o.objector.name}，电话 {o.objector.phone}
                    {o.objector.idNumber ? `，身份证号码 ${o.objector.idNumber}` : ''}
                    {o.objector.creditCode ? `，统一社会信用代码 ${o.objector.creditCode}` : ''}
                  </p>
                  <blockquote>{o.content}</blockquote>
                  {o.findings ? (
                    <p>
                      调查核实情况：{o.findings}（{formatBeijing(o.resolvedAt)}）
                    </p>
                  ) : null}
                  {isStaff && o.status === 'pending' ? (
                    <ResolveForm objection={o} onDone={() => refreshAll()} />
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </>
  );
}
