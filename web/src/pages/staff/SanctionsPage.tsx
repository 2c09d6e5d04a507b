/**
 * Bans and revocations (Art. 6, 25, 27, 29): look sanctions up by credit code or ID number, import
 * the history of rounds held before the platform, and revoke an award.
 */
import { type FormEvent, useState } from 'react';
import type {
  Award,
  Category,
  ImportSanctionBody,
  RevocationBody,
} from '../../../../functions/handlers/api/schemas/index.ts';
import { DataTable } from '../../components/DataTable.tsx';
import {
  Badge,
  ErrorAlert,
  InlineInput,
  Loading,
  Notice,
  SelectField,
  TextArea,
  TextField,
} from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import type { Session } from '../../lib/auth.ts';
import { bindField, useFormFields, useSubmission } from '../../lib/forms.ts';
import { useAsync } from '../../lib/hooks.ts';
import {
  AWARD_STATUS_LABELS,
  CATEGORY_LABELS,
  label,
  REVOCATION_REASON_LABELS,
  SANCTION_KIND_LABELS,
  TIER_LABELS,
} from '../../lib/labels.ts';
import { Link, useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';

const IMPORT_FIELDS = [
  'subject.creditCode',
  'subject.idNumber',
  'kind',
  'barredFromOrdinal',
  'barredThroughOrdinal',
  'reason',
];

function ImportForm(props: { onDone: () => void }) {
  const submission = useSubmission(IMPORT_FIELDS);
  const { values: form, field } = useFormFields(
    {
      type: 'organization' as Category,
      code: '',
      kind: 'award-holder',
      from: '',
      through: '',
      reason: '',
    },
    submission.placed,
  );
  const [done, setDone] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const imported = await submission.run(() =>
      api.importSanction({
        subject:
          form.type === 'organization'
            ? { type: 'organization', creditCode: form.code.trim().toUpperCase() }
            : { type: 'individual', idNumber: form.code.trim().toUpperCase() },
        // The select offers the schema's kinds only; the server validates again.
        kind: form.kind as ImportSanctionBody['kind'],
        barredFromOrdinal: Number(form.from),
        barredThroughOrdinal: Number(form.through),
        reason: form.reason.trim(),
      }),
    );
    if (!imported) return;
    setDone(true);
    props.onDone();
  }
  return (
    <form onSubmit={submit} noValidate>
      {done ? <Notice tone="success">已登记。</Notice> : null}
      <ErrorAlert error={submission.error} extra={submission.placed.general} />
      <div className="grid-2">
        <SelectField
          label="对象类型"
          {...field('type')}
          options={[
            { value: 'organization', label: '组织（统一社会信用代码）' },
            { value: 'individual', label: '个人（居民身份证号码）' },
          ]}
        />
        <TextField
          label={form.type === 'organization' ? '统一社会信用代码' : '居民身份证号码'}
          required
          maxLength={18}
          {...field('code', form.type === 'organization' ? 'subject.creditCode' : 'subject.idNumber')}
        />
        <SelectField
          label="类型"
          {...field('kind')}
          options={[
            { value: 'award-holder', label: SANCTION_KIND_LABELS['award-holder'] ?? '' },
            { value: 'revoked', label: SANCTION_KIND_LABELS.revoked ?? '' },
          ]}
        />
        <TextField
          label="禁报起始届次"
          required
          type="number"
          min={1}
          {...field('from', 'barredFromOrdinal')}
        />
        <TextField
          label="禁报截止届次（含）"
          required
          type="number"
          min={1}
          {...field('through', 'barredThroughOrdinal')}
        />
      </div>
      <TextArea label="依据或原因" required rows={2} {...field('reason')} />
      <button type="submit">登记</button>
    </form>
  );
}

function RevokeForm(props: { award: Award; onDone: () => void }) {
  const [reason, setReason] = useState('fraud');
  const [findings, setFindings] = useState('');
  const submission = useSubmission(['reason', 'findings']);
  const { placed } = submission;
  const id = `rev-${props.award.awardId}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!window.confirm(`确定撤销“${props.award.displayName}”的奖项吗？撤销后将公告并禁报3届。`)) return;
    if (
      await submission.run(() =>
        api.revoke(props.award.awardId, reason as RevocationBody['reason'], findings),
      )
    )
      props.onDone();
  }
  return (
    <form onSubmit={submit} className="inline-review" aria-label={`撤销奖项：${props.award.displayName}`}>
      <ErrorAlert error={submission.error} extra={placed.general} />
      <SelectField
        label="撤销情形"
        id={`${id}-reason`}
        {...bindField(placed, 'reason', reason, setReason)}
        options={Object.entries(REVOCATION_REASON_LABELS).map(([value, label]) => ({ value, label }))}
      />
      <TextArea
        label="查证情况"
        id={`${id}-findings`}
        required
        rows={2}
        {...bindField(placed, 'findings', findings, setFindings)}
      />
      <button type="submit" className="danger" disabled={!findings.trim()}>
        撤销奖项
      </button>
    </form>
  );
}

export function SanctionsPage(props: { session: Session | undefined }) {
  useTitle('禁报与撤销');
  const isStaff = props.session?.claims.roles.includes('staff') ?? false;
  const [subject, setSubject] = useState('');
  const [query, setQuery] = useState<string>();
  const sanctions = useAsync(() => api.sanctions(query), [query]);
  const awards = useAsync(() => api.awards(), []);
  const [revoking, setRevoking] = useState<string>();
  return (
    <>
      <h1>禁报与撤销</h1>
      <section className="card">
        <h2>禁报记录</h2>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(subject.trim() || undefined);
          }}
        >
          <InlineInput
            id="sanction-subject"
            label="统一社会信用代码或居民身份证号码"
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
            maxLength={18}
          />
          <button type="submit">查询</button>
        </form>
        <Loading state={sanctions} />
        {sanctions.data ? (
          <DataTable
            rows={sanctions.data}
            rowKey={(s) => s.sanctionId}
            empty="没有记录。"
            columns={[
              { header: '对象', className: 'mono', cell: (s) => s.subject },
              { header: '类型', cell: (s) => label(SANCTION_KIND_LABELS, s.kind) },
              {
                header: '禁报届次',
                cell: (s) => `第${s.barredFromOrdinal}届至第${s.barredThroughOrdinal}届`,
              },
              { header: '原因', cell: (s) => s.reason },
              { header: '登记时间（北京时间）', cell: (s) => formatBeijing(s.createdAt, { bare: true }) },
            ]}
          />
        ) : null}
      </section>
      {isStaff ? (
        <section className="card">
          <h2>导入往届记录</h2>
          <p className="hint">登记平台启用前各届的获奖禁报（第六条）和撤销禁报（第二十五、二十七条）记录。</p>
          <ImportForm onDone={sanctions.reload} />
        </section>
      ) : null}
      <section className="card">
        <h2>奖项与撤销</h2>
        <Loading state={awards} />
        {awards.data && awards.data.length === 0 ? <p>尚无奖项。</p> : null}
        <ul className="review-list">
          {(awards.data ?? []).map((a) => (
            <li key={a.awardId}>
              <div className="review-head">
                <strong>
                  <Link to={`/awards/${encodeURIComponent(a.awardId)}`}>{a.displayName}</Link>
                </strong>
                <span>第{a.ordinal}届</span>
                <span>{label(CATEGORY_LABELS, a.category)}</span>
                <span>{label(TIER_LABELS, a.tier)}</span>
                <Badge tone={a.status}>{label(AWARD_STATUS_LABELS, a.status)}</Badge>
                {isStaff && a.status === 'active' && revoking !== a.awardId ? (
                  <button type="button" className="link-button" onClick={() => setRevoking(a.awardId)}>
                    撤销<span className="visually-hidden">{a.displayName}的奖项</span>
                  </button>
                ) : null}
              </div>
              {a.revocation ? (
                <p className="muted">
                  已于 {formatBeijing(a.revocation.at)} 撤销：
                  {label(REVOCATION_REASON_LABELS, a.revocation.reason)}
                </p>
              ) : null}
              {revoking === a.awardId ? (
                <RevokeForm
                  award={a}
                  onDone={() => {
                    setRevoking(undefined);
                    awards.reload();
                    sanctions.reload();
                  }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
