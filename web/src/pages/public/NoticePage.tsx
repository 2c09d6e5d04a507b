/**
 * One publicity notice: the list, its exact period in Beijing time, and the real-name objection form
 * (DESIGN.md §2 "Objections": only while the window is open, about one listed application).
 */
import { type FormEvent, useState } from 'react';
import {
  Badge,
  Countdown,
  ErrorAlert,
  Loading,
  Notice,
  SelectField,
  TextArea,
  TextField,
} from '../../components/ui.tsx';
import { runtimeConfig } from '../../config.ts';
import { ApiError, api } from '../../lib/api.ts';
import { placeFindings } from '../../lib/findings.ts';
import { useAsync } from '../../lib/hooks.ts';
import {
  CATEGORY_LABELS,
  label,
  TIER_LABELS,
  WINDOW_KIND_LABELS,
  WINDOW_STATUS_LABELS,
} from '../../lib/labels.ts';
import { Link, useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';
import type { PublicityWindow } from '../../lib/types.ts';

const OBJECTION_FIELDS = ['applicationId', 'name', 'phone', 'idNumber', 'creditCode', 'content'];

function ObjectionForm(props: { window: PublicityWindow }) {
  const { window } = props;
  const [form, setForm] = useState({
    applicationId: window.entries[0]?.applicationId ?? '',
    objectorType: 'individual' as 'individual' | 'organization',
    name: '',
    phone: '',
    idNumber: '',
    creditCode: '',
    content: '',
  });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [filed, setFiled] = useState<string>();
  const findings = placeFindings(
    error instanceof ApiError ? (error.problem.errors ?? []) : [],
    OBJECTION_FIELDS,
  );
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body: Record<string, string> = {
        applicationId: form.applicationId,
        name: form.name,
        phone: form.phone,
        content: form.content,
        ...(form.objectorType === 'individual'
          ? { idNumber: form.idNumber }
          : { creditCode: form.creditCode }),
      };
      const { objectionId } = await api.fileObjection(window.windowId, body);
      setFiled(objectionId);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (filed)
    return (
      <Notice tone="success">
        <p>
          <strong>异议已受理。</strong>受理编号：<span className="mono">{filed}</span>
          。评选办将调查核实并向您反馈处理结果，请保持联系电话畅通。
        </p>
      </Notice>
    );

  return (
    <form onSubmit={submit} noValidate aria-describedby="objection-note">
      <p id="objection-note" className="hint">
        异议须实名提出：个人填写姓名和居民身份证号码，单位填写单位名称和统一社会信用代码，并留下联系电话。您的证件号码和电话仅用于核实，对外脱敏显示。带{' '}
        <span className="required">*</span> 的为必填项。
      </p>
      <ErrorAlert error={error} extra={error instanceof ApiError ? findings.general : undefined} />
      <SelectField
        label="异议对象"
        path="applicationId"
        findings={findings}
        required
        value={form.applicationId}
        onChange={set('applicationId')}
        options={window.entries.map((e) => ({
          value: e.applicationId,
          label: `${e.displayName}（${label(CATEGORY_LABELS, e.category)}）`,
        }))}
      />
      <fieldset>
        <legend>异议人类型</legend>
        <label className="radio">
          <input
            type="radio"
            name="objectorType"
            value="individual"
            checked={form.objectorType === 'individual'}
            onChange={() => setForm({ ...form, objectorType: 'individual' })}
          />
          个人
        </label>
        <label className="radio">
          <input
            type="radio"
            name="objectorType"
            value="organization"
            checked={form.objectorType === 'organization'}
            onChange={() => setForm({ ...form, objectorType: 'organization' })}
          />
          单位
        </label>
      </fieldset>
      <div className="grid-2">
        <TextField
          label={form.objectorType === 'individual' ? '真实姓名' : '单位名称'}
          path="name"
          findings={findings}
          required
          autoComplete={form.objectorType === 'individual' ? 'name' : 'organization'}
          value={form.name}
          onChange={set('name')}
        />
        <TextField
          label="联系电话"
          path="phone"
          findings={findings}
          required
          type="tel"
          autoComplete="tel"
          value={form.phone}
          onChange={set('phone')}
        />
        {form.objectorType === 'individual' ? (
          <TextField
            label="居民身份证号码"
            path="idNumber"
            findings={findings}
            required
            maxLength={18}
            value={form.idNumber}
            onChange={set('idNumber')}
          />
        ) : (
          <TextField
            label="统一社会信用代码"
            path="creditCode"
            findings={findings}
            required
            maxLength={18}
            value={form.creditCode}
            onChange={set('creditCode')}
          />
        )}
      </div>
      <TextArea
        label="异议内容"
        path="content"
        findings={findings}
        required
        hint="请写明异议的事实和理由，可附线索，10至5000字。"
        rows={6}
        value={form.content}
        onChange={set('content')}
      />
      <button type="submit" disabled={busy}>
        {busy ? '正在提交……' : '提交实名异议'}
      </button>
    </form>
  );
}

export function NoticePage(props: { windowId: string }) {
  const notice = useAsync(() => api.notice(props.windowId), [props.windowId]);
  const w = notice.data;
  useTitle(w ? (WINDOW_KIND_LABELS[w.kind] ?? '公示') : '公示');
  const office = runtimeConfig().office;
  return (
    <>
      <p>
        <Link to="/notices">← 全部公示</Link>
      </p>
      <Loading state={notice} />
      {w ? (
        <>
          <h1>
            {WINDOW_KIND_LABELS[w.kind]} <Badge tone={w.status}>{WINDOW_STATUS_LABELS[w.status]}</Badge>
          </h1>
          <dl className="facts">
            <dt>公示开始</dt>
            <dd>{formatBeijing(w.opensAt)}</dd>
            <dt>公示截止</dt>
            <dd>
              {formatBeijing(w.closesAt, { deadline: true })}{' '}
              {w.status === 'open' ? <Countdown to={w.closesAt} /> : null}
            </dd>
          </dl>
          <section className="card">
            <h2>公示名单</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">序号</th>
                    <th scope="col">名称</th>
                    <th scope="col">类别</th>
                    {w.kind === 'winners' ? <th scope="col">拟授奖项</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {w.entries.map((e, i) => (
                    <tr key={e.applicationId}>
                      <td>{i + 1}</td>
                      <td>{e.displayName}</td>
                      <td>{label(CATEGORY_LABELS, e.category)}</td>
                      {w.kind === 'winners' ? <td>{label(TIER_LABELS, e.tier)}</td> : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {w.struck && w.struck.length > 0 ? (
              <p className="muted">
                经调查异议成立、已从名单中取消：{w.struck.map((e) => e.displayName).join('、')}
              </p>
            ) : null}
          </section>
          <section className="card">
            <h2>异议受理</h2>
            <p>
              公示期间，任何单位和个人对公示对象有异议的，可以通过本页面在线提出，也可以书面或电话向
              {office.name}提出（电话：{office.phone}；地址：{office.address}，邮编 {office.postcode}
              ；电子邮箱：{office.email}）。
              <Link to="/contact">查看全部联系方式</Link>
            </p>
            {w.status === 'open' ? (
              <ObjectionForm window={w} />
            ) : (
              <Notice tone="warning">
                本公示已于 {formatBeijing(w.closesAt, { deadline: true })} 截止，不再受理异议。
              </Notice>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}
