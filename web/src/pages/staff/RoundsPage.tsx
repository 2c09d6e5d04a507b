/** Staff's start page: every round with its stage, and the form that opens a new round. */

import type { FormEvent } from 'react';
import { DataTable } from '../../components/DataTable.tsx';
import { Badge, ErrorAlert, Loading, TextField } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import type { Session } from '../../lib/auth.ts';
import { useFormFields, useSubmission } from '../../lib/forms.ts';
import { useAsync } from '../../lib/hooks.ts';
import { ROUND_STAGE_LABELS } from '../../lib/labels.ts';
import { Link, navigate, useTitle } from '../../lib/router.tsx';
import { formatBeijing, fromBeijingInput } from '../../lib/time.ts';
import { AfterAwardPanel } from '../awards/AfterAwardPanel.tsx';

/** The values of the form, each under the API path it is sent as, so its findings land next to it. */
const NEW_ROUND = {
  title: '',
  ordinal: '',
  callOpensAt: '',
  callClosesAt: '',
  'quotas.award': '5',
  'quotas.nomination': '10',
  'weights.material': '0.3',
  'weights.onsite': '0.5',
  'weights.defense': '0.2',
  'minimumPercent.award': '',
  'minimumPercent.nomination': '',
};

/** The tiers (Art. 8): at most 5 awards and 10 nominations a round. */
const TIERS = [
  { tier: 'award', label: '质量奖', maxQuota: 5 },
  { tier: 'nomination', label: '提名奖', maxQuota: 10 },
] as const;

/** The weight of each review stage in the composite score (Art. 18 (7)). */
const STAGE_WEIGHTS = [
  { stage: 'material', label: '材料评审' },
  { stage: 'onsite', label: '现场评审' },
  { stage: 'defense', label: '陈述答辩' },
] as const;

function CreateRoundForm() {
  // A finding about the weights together (`weights`) is about no one field: it stays general.
  const submission = useSubmission(Object.keys(NEW_ROUND));
  const { values: form, field } = useFormFields(NEW_ROUND, submission.placed);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const minimumPercent = {
      ...(form['minimumPercent.award'] ? { award: Number(form['minimumPercent.award']) } : {}),
      ...(form['minimumPercent.nomination'] ? { nomination: Number(form['minimumPercent.nomination']) } : {}),
    };
    await submission.run(async () => {
      const round = await api.createRound({
        title: form.title.trim(),
        ...(form.ordinal ? { ordinal: Number(form.ordinal) } : {}),
        callOpensAt: fromBeijingInput(form.callOpensAt) ?? form.callOpensAt,
        callClosesAt: fromBeijingInput(form.callClosesAt) ?? form.callClosesAt,
        quotas: { award: Number(form['quotas.award']), nomination: Number(form['quotas.nomination']) },
        weights: {
          material: Number(form['weights.material']),
          onsite: Number(form['weights.onsite']),
          defense: Number(form['weights.defense']),
        },
        ...(Object.keys(minimumPercent).length > 0 ? { minimumPercent } : {}),
      });
      navigate(`/staff/rounds/${encodeURIComponent(round.roundId)}`);
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorAlert error={submission.error} extra={submission.placed.general} />
      <div className="grid-2">
        <TextField label="评选名称" required placeholder="例如：第二届太原市政府质量奖" {...field('title')} />
        <TextField label="届次" type="number" min={1} hint="留空则为上一届 + 1" {...field('ordinal')} />
        <TextField
          label="申报开始时间（北京时间）"
          required
          type="datetime-local"
          {...field('callOpensAt')}
        />
        <TextField
          label="申报截止时间（北京时间）"
          required
          type="datetime-local"
          hint="截止当天24:00请填次日00:00"
          {...field('callClosesAt')}
        />
      </div>
      <fieldset>
        <legend>名额（第八条：质量奖不超过5个，提名奖不超过10个）</legend>
        <div className="grid-2">
          {TIERS.map((t) => (
            <TextField
              key={t.tier}
              label={`${t.label}名额`}
              type="number"
              min={0}
              max={t.maxQuota}
              {...field(`quotas.${t.tier}`)}
            />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>各阶段权重（和为1）</legend>
        <div className="grid-3">
          {STAGE_WEIGHTS.map((w) => (
            <TextField
              key={w.stage}
              label={w.label}
              type="number"
              step={0.05}
              min={0}
              max={1}
              {...field(`weights.${w.stage}`)}
            />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>最低综合得分率（可选，0–100）</legend>
        <div className="grid-2">
          {TIERS.map((t) => (
            <TextField
              key={t.tier}
              label={`${t.label}最低得分率`}
              type="number"
              min={0}
              max={100}
              {...field(`minimumPercent.${t.tier}`)}
            />
          ))}
        </div>
      </fieldset>
      <button type="submit" disabled={submission.busy}>
        {submission.busy ? '正在创建……' : '创建评选'}
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
        {rounds.data ? (
          <DataTable
            rows={list}
            rowKey={(r) => r.roundId}
            empty="尚未创建评选。"
            columns={[
              { header: '届次', cell: (r) => `第${r.ordinal}届` },
              {
                header: '名称',
                cell: (r) => <Link to={`/staff/rounds/${encodeURIComponent(r.roundId)}`}>{r.title}</Link>,
              },
              {
                header: '当前阶段',
                cell: (r) => <Badge tone={r.stage}>{ROUND_STAGE_LABELS[r.stage]}</Badge>,
              },
              {
                header: '申报时间（北京时间）',
                cell: (r) =>
                  r.imported ? (
                    '平台启用前的届次（已导入获奖名单）'
                  ) : (
                    <>
                      {formatBeijing(r.callOpensAt, { bare: true })} 至{' '}
                      {formatBeijing(r.callClosesAt, { deadline: true, bare: true })}
                    </>
                  ),
              },
            ]}
          />
        ) : null}
      </section>
      {isStaff ? <AfterAwardPanel /> : null}
      {isStaff ? (
        <section className="card">
          <h2>创建评选</h2>
          <CreateRoundForm />
        </section>
      ) : null}
    </>
  );
}
