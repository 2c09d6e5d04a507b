/**
 * One award after the announcement. Staff record the trophy, certificate and bonus as issued
 * (Art. 19–20), their recovery after a revocation (Art. 25) and the periodic visits with their
 * follow-up actions (Art. 26); supervisors read it all; the holder sees its certificate number and
 * the award year it must cite (Art. 22).
 */
import { type FormEvent, useState } from 'react';
import type {
  AwardDetail,
  IssuanceBody,
  Visit,
  VisitBody,
} from '../../../../functions/handlers/api/schemas/index.ts';
import { DataTable } from '../../components/DataTable.tsx';
import {
  Badge,
  ErrorAlert,
  Loading,
  Notice,
  SelectField,
  TextArea,
  TextField,
} from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import type { Session } from '../../lib/auth.ts';
import { bindField, useSubmission } from '../../lib/forms.ts';
import { platformNow, useAsync } from '../../lib/hooks.ts';
import { AWARD_STATUS_LABELS, CATEGORY_LABELS, label, TIER_LABELS } from '../../lib/labels.ts';
import { useTitle } from '../../lib/router.tsx';
import { beijingDateOf } from '../../lib/time.ts';

const ITEM_LABELS: Record<string, string> = { trophy: '奖杯（牌）', certificate: '证书', bonus: '奖励金' };
const ITEMS = ['trophy', 'certificate', 'bonus'] as const;
const RATING_LABELS: Record<string, string> = {
  good: '良好',
  'needs-improvement': '需改进',
  'serious-concern': '问题严重',
};
const yuan = (n: number | undefined) => (n === undefined ? '—' : `${n.toLocaleString('zh-CN')} 元`);
const today = () => beijingDateOf(platformNow());

function IssueForm(props: { award: AwardDetail; onDone: () => void }) {
  const missing = ITEMS.filter((item) => !props.award.issuance[item]);
  const [item, setItem] = useState<string>(missing[0] ?? 'trophy');
  const [on, setOn] = useState(today());
  const [amount, setAmount] = useState('');
  const [voucherNo, setVoucherNo] = useState('');
  const submission = useSubmission(['item', 'on', 'amountYuan', 'voucherNo']);
  const { placed } = submission;
  if (missing.length === 0) return <p className="muted">奖杯（牌）、证书和奖励金均已发放。</p>;
  async function submit(event: FormEvent) {
    event.preventDefault();
    const body: IssuanceBody = {
      item: item as IssuanceBody['item'],
      on,
      ...(item === 'bonus' && amount.trim() ? { amountYuan: Number(amount) } : {}),
      ...(item === 'bonus' && voucherNo.trim() ? { voucherNo: voucherNo.trim() } : {}),
    };
    if (await submission.run(() => api.issue(props.award.awardId, body))) props.onDone();
  }
  return (
    <form onSubmit={submit} aria-label="登记发放">
      <ErrorAlert error={submission.error} extra={placed.general} />
      <div className="grid-2">
        <SelectField
          label="发放物品"
          id="issue-item"
          {...bindField(placed, 'item', item, setItem)}
          options={missing.map((value) => ({ value, label: ITEM_LABELS[value] ?? value }))}
        />
        <TextField
          label="发放日期"
          id="issue-on"
          type="date"
          required
          {...bindField(placed, 'on', on, setOn)}
        />
        {item === 'bonus' ? (
          <>
            <TextField
              label="金额（元，缺省为本届该等次的奖励金）"
              id="issue-amount"
              type="number"
              min={0}
              {...bindField(placed, 'amountYuan', amount, setAmount)}
            />
            <TextField
              label="付款凭证号"
              id="issue-voucher"
              required
              {...bindField(placed, 'voucherNo', voucherNo, setVoucherNo)}
            />
          </>
        ) : null}
      </div>
      <button type="submit" disabled={submission.busy}>
        登记发放
      </button>
    </form>
  );
}

function RecoverForm(props: { award: AwardDetail; item: string; onDone: () => void }) {
  const [on, setOn] = useState(today());
  const [note, setNote] = useState('');
  const submission = useSubmission(['on', 'note']);
  const { placed } = submission;
  const id = `recover-${props.item}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      item: props.item as IssuanceBody['item'],
      on,
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    if (await submission.run(() => api.recover(props.award.awardId, body))) props.onDone();
  }
  return (
    <form onSubmit={submit} className="inline-form" aria-label={`登记收回${ITEM_LABELS[props.item]}`}>
      <ErrorAlert error={submission.error} extra={placed.general} />
      <TextField
        label="收回日期"
        id={`${id}-on`}
        type="date"
        required
        {...bindField(placed, 'on', on, setOn)}
      />
      <TextField label="备注" id={`${id}-note`} {...bindField(placed, 'note', note, setNote)} />
      <button type="submit" disabled={submission.busy}>
        登记收回{ITEM_LABELS[props.item]}
      </button>
    </form>
  );
}

function VisitForm(props: { awardId: string; onDone: () => void }) {
  const [visitedOn, setVisitedOn] = useState(today());
  const [visitors, setVisitors] = useState('');
  const [findings, setFindings] = useState('');
  const [rating, setRating] = useState('good');
  const [actionItem, setActionItem] = useState('');
  const [actionDue, setActionDue] = useState('');
  const [done, setDone] = useState(false);
  const submission = useSubmission([
    'visitedOn',
    'visitors',
    'findings',
    'rating',
    'actions.0.item',
    'actions.0.dueOn',
  ]);
  const { placed } = submission;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const body: VisitBody = {
      visitedOn,
      visitors: visitors
        .split(/[，,、\s]+/)
        .map((v) => v.trim())
        .filter(Boolean),
      findings: findings.trim(),
      rating: rating as VisitBody['rating'],
      ...(actionItem.trim() ? { actions: [{ item: actionItem.trim(), dueOn: actionDue }] } : {}),
    };
    if (await submission.run(() => api.recordVisit(props.awardId, body))) {
      setDone(true);
      setFindings('');
      setActionItem('');
      setActionDue('');
      props.onDone();
    }
  }
  return (
    <form onSubmit={submit} aria-label="登记巡访" noValidate>
      {done ? <Notice tone="success">巡访已登记。</Notice> : null}
      <ErrorAlert error={submission.error} extra={placed.general} />
      <div className="grid-2">
        <TextField
          label="巡访日期"
          id="visit-on"
          type="date"
          required
          {...bindField(placed, 'visitedOn', visitedOn, setVisitedOn)}
        />
        <TextField
          label="巡访人员（以顿号分隔）"
          id="visit-visitors"
          required
          {...bindField(placed, 'visitors', visitors, setVisitors)}
        />
        <SelectField
          label="总体评价"
          id="visit-rating"
          {...bindField(placed, 'rating', rating, setRating)}
          options={Object.entries(RATING_LABELS).map(([value, text]) => ({ value, label: text }))}
        />
      </div>
      <TextArea
        label="巡访情况"
        id="visit-findings"
        required
        rows={3}
        {...bindField(placed, 'findings', findings, setFindings)}
      />
      <div className="grid-2">
        <TextField
          label="整改事项（可选）"
          id="visit-action"
          {...bindField(placed, 'actions.0.item', actionItem, setActionItem)}
        />
        <TextField
          label="整改期限"
          id="visit-action-due"
          type="date"
          {...bindField(placed, 'actions.0.dueOn', actionDue, setActionDue)}
        />
      </div>
      <button type="submit" disabled={submission.busy}>
        登记巡访
      </button>
    </form>
  );
}

function VisitList(props: { visits: Visit[]; isStaff: boolean; onChange: () => void }) {
  const [error, setError] = useState<unknown>();
  async function close(visit: Visit, index: number) {
    const note = window.prompt('办结情况');
    if (!note?.trim()) return;
    setError(undefined);
    try {
      await api.closeAction(visit.visitId, index, { closedOn: today(), note: note.trim() });
      props.onChange();
    } catch (e) {
      setError(e);
    }
  }
  if (props.visits.length === 0) return <p>尚无巡访记录。</p>;
  return (
    <>
      <ErrorAlert error={error} />
      <ul className="review-list">
        {props.visits.map((visit) => (
          <li key={visit.visitId}>
            <div className="review-head">
              <strong>{visit.visitedOn}</strong>
              <span>{visit.visitors.join('、')}</span>
              <Badge tone={visit.rating === 'serious-concern' ? 'revoked' : 'active'}>
                {label(RATING_LABELS, visit.rating)}
              </Badge>
            </div>
            <p>{visit.findings}</p>
            {visit.actions.length > 0 ? (
              <DataTable
                rows={visit.actions}
                rowKey={(_, i) => i}
                caption="整改事项"
                columns={[
                  { header: '整改事项', cell: (a) => a.item },
                  { header: '期限', cell: (a) => a.dueOn },
                  {
                    header: '状态',
                    cell: (a) =>
                      a.closedOn ? (
                        `已于 ${a.closedOn} 办结${a.note ? `：${a.note}` : ''}`
                      ) : a.overdue ? (
                        <Badge tone="revoked">已逾期</Badge>
                      ) : (
                        '整改中'
                      ),
                  },
                  props.isStaff && {
                    header: '操作',
                    cell: (a, i) =>
                      a.closedOn ? null : (
                        <button type="button" className="link-button" onClick={() => close(visit, i)}>
                          办结
                        </button>
                      ),
                  },
                ]}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export function AwardPage(props: { awardId: string; session: Session | undefined }) {
  useTitle('奖项详情');
  const roles = props.session?.claims.roles ?? [];
  const isStaff = roles.includes('staff');
  const isOffice = isStaff || roles.includes('supervisor');
  const award = useAsync(() => api.award(props.awardId), [props.awardId]);
  const visits = useAsync(
    () => (isOffice ? api.visits(props.awardId) : Promise.resolve([] as Visit[])),
    [props.awardId, isOffice],
  );
  const a = award.data;
  const reload = () => {
    award.reload();
    visits.reload();
  };
  return (
    <>
      <h1>奖项详情</h1>
      <Loading state={award} />
      {a ? (
        <>
          <section className="card">
            <h2>
              {a.displayName} <Badge tone={a.status}>{label(AWARD_STATUS_LABELS, a.status)}</Badge>
            </h2>
            <dl className="facts">
              <dt>奖项</dt>
              <dd>
                第{a.ordinal}届 {label(TIER_LABELS, a.tier)}（{label(CATEGORY_LABELS, a.category)}）
              </dd>
              <dt>证书编号</dt>
              <dd className="mono">{a.certificateNo ?? '—'}</dd>
              <dt>批准文件</dt>
              <dd>
                {a.documentNo}，{a.awardedOn}
              </dd>
              <dt>宣传时注明（第二十二条）</dt>
              <dd>{a.citation}</dd>
              <dt>有效期</dt>
              <dd>
                至第{a.validThroughOrdinal}届（含）{a.withinValidity ? '' : '，已不在有效期内'}
              </dd>
              {a.nextVisitDue ? (
                <>
                  <dt>下次巡访</dt>
                  <dd>{a.nextVisitDue} 前</dd>
                </>
              ) : null}
            </dl>
          </section>
          <section className="card">
            <h2>奖杯（牌）、证书和奖励金（第十九条）</h2>
            <DataTable
              rows={[...ITEMS]}
              rowKey={(item) => item}
              caption="发放情况"
              columns={[
                { header: '物品', cell: (item) => ITEM_LABELS[item] },
                {
                  header: '发放',
                  cell: (item) => {
                    const issued = a.issuance[item];
                    if (!issued) return '未发放';
                    const bonus = item === 'bonus' ? a.issuance.bonus : undefined;
                    return bonus
                      ? `${bonus.on}，${yuan(bonus.amountYuan)}，凭证 ${bonus.voucherNo}`
                      : issued.on;
                  },
                },
                a.recovery !== undefined && {
                  header: '收回（第二十五条）',
                  cell: (item) => {
                    const entry = a.recovery?.[item];
                    if (!entry) return '无需收回';
                    return entry.on ? `已于 ${entry.on} 收回` : <Badge tone="revoked">待收回</Badge>;
                  },
                },
              ]}
            />
            {isStaff && a.status === 'active' ? <IssueForm award={a} onDone={reload} /> : null}
            {isStaff && a.recovery
              ? ITEMS.filter((item) => a.recovery?.[item] && !a.recovery[item]?.on).map((item) => (
                  <RecoverForm key={item} award={a} item={item} onDone={reload} />
                ))
              : null}
          </section>
          {isOffice ? (
            <section className="card">
              <h2>巡访与动态管理（第二十六条）</h2>
              <Loading state={visits} />
              {visits.data ? <VisitList visits={visits.data} isStaff={isStaff} onChange={reload} /> : null}
              {isStaff && a.status === 'active' ? (
                <>
                  <h3>登记巡访</h3>
                  <VisitForm awardId={a.awardId} onDone={reload} />
                </>
              ) : null}
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
