/** Staff's start page: every round with its stage, and the form that opens a new round. */
import { type FormEvent, useState } from 'react';
import { Badge, ErrorAlert, Loading, TextField } from '../../components/ui.tsx';
import { ApiError, api } from '../../lib/api.ts';
import type { Session } from '../../lib/auth.ts';
import { placeFindings } from '../../lib/findings.ts';
import { useAsync } from '../../lib/hooks.ts';
import { ROUND_STAGE_LABELS } from '../../lib/labels.ts';
import { Link, navigate, useTitle } from '../../lib/router.tsx';
import { formatBeijing, fromBeijingInput } from '../../lib/time.ts';

const ROUND_FIELDS = [
  'title',
  'ordinal',
  'callOpensAt',
  'callClosesAt',
  'quotas.award',
  'quotas.nomination',
  'weights.material',
  'weights.onsite',
  'weights.defense',
  'weights',
  'minimumPercent.award',
  'minimumPercent.nomination',
];

function CreateRoundForm() {
  const [form, setForm] = useState({
    title: '',
    ordinal: '',
    callOpensAt: '',
    callClosesAt: '',
    award: '5',
    nomination: '10',
    material: '0.3',
    onsite: '0.5',
    defense: '0.2',
    minAward: '',
    minNomination: '',
  });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const placed = placeFindings(error instanceof ApiError ? (error.problem.errors ?? []) : [], ROUND_FIELDS);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const minimumPercent = {
        ...(form.minAward ? { award: Number(form.minAward) } : {}),
        ...(form.minNomination ? { nomination: Number(form.minNomination) } : {}),
      };
      const round = await api.createRound({
        title: form.title.trim(),
        ...(form.ordinal ? { ordinal: Number(form.ordinal) } : {}),
        callOpensAt: fromBeijingInput(form.callOpensAt) ?? form.callOpensAt,
        callClosesAt: fromBeijingInput(form.callClosesAt) ?? form.callClosesAt,
        quotas: { award: Number(form.award), nomination: Number(form.nomination) },
        weights: {
          material: Number(form.material),
          onsite: Number(form.onsite),
          defense: Number(form.defense),
        },
        ...(Object.keys(minimumPercent).length > 0 ? { minimumPercent } : {}),
      });
      navigate(`/staff/rounds/${encodeURIComponent(round.roundId)}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorAlert error={error} extra={error instanceof ApiError ? placed.general : undefined} />
      <div className="grid-2">
        <TextField
          label="评选名称"
          path="title"
          findings={placed}
          required
          placeholder="例如：第二届太原市政府质量奖"
          value={form.title}
          onChange={set('title')}
        />
        <TextField
          label="届次"
          path="ordinal"
          findings={placed}
          type="number"
          min={1}
          hint="留空则为上一届 + 1"
          value={form.ordinal}
          onChange={set('ordinal')}
        />
        <TextField
          label="申报开始时间（北京时间）"
          path="callOpensAt"
          findings={placed}
          required
          type="datetime-local"
          value={form.callOpensAt}
          onChange={set('callOpensAt')}
        />
        <TextField
          label="申报截止时间（北京时间）"
          path="callClosesAt"
          findings={placed}
          required
          type="datetime-local"
          hint="截止当天24:00请填次日00:00"
          value={form.callClosesAt}
          onChange={set('callClosesAt')}
        />
      </div>
      <fieldset>
        <legend>名额（第八条：质量奖不超过5个，提名奖不超过10个）</legend>
        <div className="grid-2">
          <TextField
            label="质量奖名额"
            path="quotas.award"
            findings={placed}
            type="number"
            min={0}
            max={5}
            value={form.award}
            onChange={set('award')}
          />
          <TextField
            label="提名奖名额"
            path="quotas.nomination"
            findings={placed}
            type="number"
            min={0}
            max={10}
            value={form.nomination}
            onChange={set('nomination')}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>各阶段权重（和为1）</legend>
        <div className="grid-3">
          <TextField
            label="材料评审"
            path="weights.material"
            findings={placed}
            type="number"
            step={0.05}
            min={0}
            max={1}
            value={form.material}
            onChange={set('material')}
          />
          <TextField
            label="现场评审"
            path="weights.onsite"
            findings={placed}
            type="number"
            step={0.05}
            min={0}
            max={1}
            value={form.onsite}
            onChange={set('onsite')}
          />
          <TextField
            label="陈述答辩"
            path="weights.defense"
            findings={placed}
            type="number"
            step={0.05}
            min={0}
            max={1}
            value={form.defense}
            onChange={set('defense')}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>最低综合得分率（可选，0–100）</legend>
        <div className="grid-2">
          <TextField
            label="质量奖最低得分率"
            path="minimumPercent.award"
            findings={placed}
            type="number"
            min={0}
            max={100}
            value={form.minAward}
            onChange={set('minAward')}
          />
          <TextField
            label="提名奖最低得分率"
            path="minimumPercent.nomination"
            findings={placed}
            type="number"
            min={0}
            max={100}
            value={form.minNomination}
            onChange={set('minNomination')}
          />
        </div>
      </fieldset>
      <button type="submit" disabled={busy}>
        {busy ? '正在创建……' : '创建评选'}
      </button>
    </form>
  );
}

export function RoundsPage(props: { session: Session | undefined }) {
  useTitle('评选工作台');
  const rounds = useAsync(() => api.rounds(), []);
  const isStaff = props.session?.claims.roles.includes('staff') ?? false;
  const list = [...(rounds.data ?? [])].sort((a, b) => b.ordinal - a.ordinal);
  return (
    <>
      <h1>{isStaff ? '评选工作台' : '评选情况（只读）'}</h1>
      <section className="card">
        <h2>各届评选</h2>
        <Loading state={rounds} />
        {rounds.data && list.length === 0 ? <p>尚未创建评选。</p> : null}
        {list.length > 0 ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">届次</th>
                  <th scope="col">名称</th>
                  <th scope="col">当前阶段</th>
                  <th scope="col">申报时间（北京时间）</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <tr key={r.roundId}>
                    <td>第{r.ordinal}届</td>
                    <td>
                      <Link to={`/staff/rounds/${encodeURIComponent(r.roundId)}`}>{r.title}</Link>
                    </td>
                    <td>
                      <Badge tone={r.stage}>{ROUND_STAGE_LABELS[r.stage]}</Badge>
                    </td>
                    <td>
                      {formatBeijing(r.callOpensAt, { bare: true })} 至{' '}
                      {formatBeijing(r.callClosesAt, { deadline: true, bare: true })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      {isStaff ? (
        <section className="card">
          <h2>创建评选</h2>
          <CreateRoundForm />
        </section>
      ) : null}
    </>
  );
}
