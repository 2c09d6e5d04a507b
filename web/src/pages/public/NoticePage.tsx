/**
 * One publicity notice: the list, its exact period in Beijing time, and the real-name objection form
 * (DESIGN.md §2 "Objections": only while the window is open, about one listed application).
 */
import { type FormEvent, useState } from 'react';
import type {
  Category,
  FileObjectionBody,
  PublicityWindow,
} from '../../../../functions/handlers/api/schemas/index.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { DocumentButton } from '../../components/DocumentButton.tsx';
import {
  Badge,
  Countdown,
  ErrorAlert,
  Loading,
  Notice,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../components/ui.tsx';
import { runtimeConfig } from '../../config.ts';
import { api } from '../../lib/api.ts';
import { documents } from '../../lib/documents.ts';
import { useFormFields, useSubmission } from '../../lib/forms.ts';
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

const OBJECTION_FIELDS = ['applicationId', 'name', 'phone', 'idNumber', 'creditCode', 'content'];

function ObjectionForm(props: { window: PublicityWindow }) {
  const { window } = props;
  const submission = useSubmission(OBJECTION_FIELDS);
  const {
    values: form,
    set,
    field,
  } = useFormFields(
    {
      applicationId: window.entries[0]?.applicationId ?? '',
      objectorType: 'individual' as Category,
      name: '',
      phone: '',
      idNumber: '',
      creditCode: '',
      content: '',
    },
    submission.placed,
  );
  const [filed, setFiled] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body: FileObjectionBody = {
      applicationId: form.applicationId,
      name: form.name,
      phone: form.phone,
      content: form.content,
      ...(form.objectorType === 'individual' ? { idNumber: form.idNumber } : { creditCode: form.creditCode }),
    };
    await submission.run(async () => {
      const { objectionId } = await api.fileObjection(window.windowId, body);
      setFiled(objectionId);
    });
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
      <ErrorAlert error={submission.error} extra={submission.placed.general} />
      <SelectField
        label="异议对象"
        required
        {...field('applicationId')}
        options={window.entries.map((e) => ({
          value: e.applicationId,
          label: `${e.displayName}（${label(CATEGORY_LABELS, e.category)}）`,
        }))}
      />
      <RadioGroup
        legend="异议人类型"
        name="objectorType"
        value={form.objectorType}
        options={[
          { value: 'individual', label: '个人' },
          { value: 'organization', label: '单位' },
        ]}
        onChange={(type) => set('objectorType', type)}
      />
      <div className="grid-2">
        <TextField
          label={form.objectorType === 'individual' ? '真实姓名' : '单位名称'}
          required
          autoComplete={form.objectorType === 'individual' ? 'name' : 'organization'}
          {...field('name')}
        />
        <TextField label="联系电话" required type="tel" autoComplete="tel" {...field('phone')} />
        {form.objectorType === 'individual' ? (
          <TextField label="居民身份证号码" required maxLength={18} {...field('idNumber')} />
        ) : (
          <TextField label="统一社会信用代码" required maxLength={18} {...field('creditCode')} />
        )}
      </div>
      <TextArea
        label="异议内容"
        required
        hint="请写明异议的事实和理由，可附线索，10至5000字。"
        rows={6}
        {...field('content')}
      />
      <button type="submit" disabled={submission.busy}>
        {submission.busy ? '正在提交……' : '提交实名异议'}
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
          <p>
            <DocumentButton label="下载公示文件（PDF）" load={() => documents.notice(w.windowId)} />
          </p>
          <section className="card">
            <h2>公示名单</h2>
            <DataTable
              rows={w.entries}
              rowKey={(e) => e.applicationId}
              columns={[
                { header: '序号', cell: (_, i) => i + 1 },
                { header: '名称', cell: (e) => e.displayName },
                { header: '类别', cell: (e) => label(CATEGORY_LABELS, e.category) },
                w.kind === 'winners' && { header: '拟授奖项', cell: (e) => label(TIER_LABELS, e.tier) },
              ]}
            />
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
