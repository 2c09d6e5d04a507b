/**
 * Bans and revocations (Art. 6, 25, 27, 29): look sanctions up by credit code or ID number, import
 * the history of rounds held before the platform, and revoke an award.
 */
import { type FormEvent, useState } from 'react';
import {
  Badge,
  ErrorAlert,
  Loading,
  Notice,
  SelectField,
  TextArea,
  TextField,
} from '../../components/ui.tsx';
import { ApiError, api } from '../../lib/api.ts';
import type { Session } from '../../lib/auth.ts';
import { placeFindings } from '../../lib/findings.ts';
import { useAsync } from '../../lib/hooks.ts';
import {
  AWARD_STATUS_LABELS,
  CATEGORY_LABELS,
  label,
  REVOCATION_REASON_LABELS,
  SANCTION_KIND_LABELS,
  TIER_LABELS,
} from '../../lib/labels.ts';
import { useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';
import type { Award } from '../../lib/types.ts';

function ImportForm(props: { onDone: () => void }) {
  const [form, setForm] = useState({
    type: 'organization' as 'organization' | 'individual',
    code: '',
    kind: 'award-holder',
    from: '',
    through: '',
    reason: '',
  });
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const placed = placeFindings(error instanceof ApiError ? (error.problem.errors ?? []) : [], [
    'subject.creditCode',
    'subject.idNumber',
    'kind',
    'barredFromOrdinal',
    'barredThroughOrdinal',
    'reason',
  ]);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setDone(false);
    try {
      await api.importSanction({
        subject:
          form.type === 'organization'
            ? { type: 'organization', creditCode: form.code.trim().toUpperCase() }
            : { type: 'individual', idNumber: form.code.trim().toUpperCase() },
        kind: form.kind,
        barredFromOrdinal: Number(form.from),
        barredThroughOrdinal: Number(form.through),
        reason: form.reason.trim(),
      });
      setDone(true);
      props.onDone();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      {done ? <Notice tone="success">已登记。</Notice> : null}
      <ErrorAlert error={error} extra={error instanceof ApiError ? placed.general : undefined} />
      <div className="grid-2">
        <SelectField
          label="对象类型"
          value={form.type}
          onChange={set('type')}
          options={[
            { value: 'organization', label: '组织（统一社会信用代码）' },
            { value: 'individual', label: '个人（居民身份证号码）' },
          ]}
        />
        <TextField
          label={form.type === 'organization' ? '统一社会信用代码' : '居民身份证号码'}
          path={form.type === 'organization' ? 'subject.creditCode' : 'subject.idNumber'}
          findings={placed}
          required
          maxLength={18}
          value={form.code}
          onChange={set('code')}
        />
        <SelectField
          label="类型"
          path="kind"
          findings={placed}
          value={form.kind}
          onChange={set('kind')}
          options={[
            { value: 'award-holder', label: SANCTION_KIND_LABELS['award-holder'] ?? '' },
            { value: 'revoked', label: SANCTION_KIND_LABELS.revoked ?? '' },
          ]}
        />
        <TextField
          label="禁报起始届次"
          path="barredFromOrdinal"
          findings={placed}
          required
          type="number"
          min={1}
          value={form.from}
          onChange={set('from')}
        />
        <TextField
          label="禁报截止届次（含）"
          path="barredThroughOrdinal"
          findings={placed}
          required
          type="number"
          min={1}
          value={form.through}
          onChange={set('through')}
        />
      </div>
      <TextArea
        label="依据或原因"
        path="reason"
        findings={placed}
        required
        rows={2}
        value={form.reason}
        onChange={set('reason')}
      />
      <button type="submit">登记</button>
    </form>
  );
}

function RevokeForm(props: { award: Award; onDone: () => void }) {
  const [reason, setReason] = useState('fraud');
  const [findings, setFindings] = useState('');
  const [error, setError] = useState<unknown>();
  const id = `rev-${props.award.awardId}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!window.confirm(`确定撤销“${props.award.displayName}”的奖项吗？撤销后将公告并禁报3届。`)) return;
    setError(undefined);
    try {
      await api.revoke(props.award.awardId, reason, findings);
      props.onDone();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <form onSubmit={submit} className="inline-review" aria-label={`撤销奖项：${props.award.displayName}`}>
      <ErrorAlert error={error} />
      <label htmlFor={`${id}-reason`}>撤销情形</label>
      <select id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)}>
        {Object.entries(REVOCATION_REASON_LABELS).map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-findings`}>查证情况</label>
      <textarea
        id={`${id}-findings`}
        rows={2}
        value={findings}
        onChange={(e) => setFindings(e.target.value)}
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
          <label htmlFor="sanction-subject">统一社会信用代码或居民身份证号码</label>
          <input
            id="sanction-subject"
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
            maxLength={18}
          />
          <button type="submit">查询</button>
        </form>
        <Loading state={sanctions} />
        {sanctions.data && sanctions.data.length === 0 ? <p>没有记录。</p> : null}
        {sanctions.data && sanctions.data.length > 0 ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">对象</th>
                  <th scope="col">类型</th>
                  <th scope="col">禁报届次</th>
                  <th scope="col">原因</th>
                  <th scope="col">登记时间（北京时间）</th>
                </tr>
              </thead>
              <tbody>
                {sanctions.data.map((s) => (
                  <tr key={s.sanctionId}>
                    <td className="mono">{s.subject}</td>
                    <td>{label(SANCTION_KIND_LABELS, s.kind)}</td>
                    <td>
                      第{s.barredFromOrdinal}届至第{s.barredThroughOrdinal}届
                    </td>
                    <td>{s.reason}</td>
                    <td>{formatBeijing(s.createdAt, { bare: true })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
                <strong>{a.displayName}</strong>
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
