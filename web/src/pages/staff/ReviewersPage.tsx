/** The reviewer pool (Art. 14): register or edit a reviewer with PUT /v1/reviewers/{id}. */
import { type FormEvent, useState } from 'react';
import type { Reviewer } from '../../../../functions/handlers/api/schemas/index.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Badge, ErrorAlert, Loading, Notice, TextArea, TextField } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { useFormFields, useSubmission } from '../../lib/forms.ts';
import { useAsync } from '../../lib/hooks.ts';
import { useTitle } from '../../lib/router.tsx';
import { formatBeijingDate } from '../../lib/time.ts';

const EMPTY = { reviewerId: '', name: '', organizationCode: '', formerEmployers: '', fields: '' };

/** `91140105MA0K12345X 2024-06-30` lines → former employers. */
function parseFormer(text: string): { creditCode: string; until: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [creditCode = '', until = ''] = line.split(/[\s,，]+/);
      return { creditCode: creditCode.toUpperCase(), until };
    });
}

export function ReviewersPage() {
  useTitle('评审专家库');
  const reviewers = useAsync(() => api.reviewers(), []);
  const submission = useSubmission(['name', 'organizationCode', 'formerEmployers', 'fields']);
  const { values: form, setValues: setForm, field } = useFormFields(EMPTY, submission.placed);
  const [saved, setSaved] = useState<string>();

  function edit(r: Reviewer) {
    setForm({
      reviewerId: r.reviewerId,
      name: r.name,
      organizationCode: r.organizationCode ?? '',
      formerEmployers: (r.formerEmployers ?? []).map((f) => `${f.creditCode} ${f.until}`).join('\n'),
      fields: (r.fields ?? []).join('、'),
    });
    document.getElementById('reviewer-form')?.scrollIntoView();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(undefined);
    const stored = await submission.run(() =>
      api.putReviewer(form.reviewerId.trim(), {
        name: form.name.trim(),
        ...(form.organizationCode.trim()
          ? { organizationCode: form.organizationCode.trim().toUpperCase() }
          : {}),
        formerEmployers: parseFormer(form.formerEmployers),
        fields: form.fields
          .split(/[、,，\n]/)
          .map((f) => f.trim())
          .filter(Boolean),
      }),
    );
    if (!stored) return;
    setSaved(form.name);
    setForm(EMPTY);
    reviewers.reload();
  }

  return (
    <>
      <h1>评审专家库</h1>
      <section className="card">
        <h2>专家名单</h2>
        <Loading state={reviewers} />
        {reviewers.data ? (
          <DataTable
            rows={reviewers.data}
            rowKey={(r) => r.reviewerId}
            empty="尚未登记评审专家。"
            columns={[
              { header: '姓名', cell: (r) => r.name },
              { header: '登录标识', className: 'mono', cell: (r) => r.reviewerId },
              { header: '现任职单位代码', className: 'mono', cell: (r) => r.organizationCode ?? '—' },
              {
                header: '原任职单位',
                cell: (r) =>
                  (r.formerEmployers ?? []).map((f) => (
                    <div key={f.creditCode + f.until} className="mono">
                      {f.creditCode}（至{formatBeijingDate(f.until)}）
                    </div>
                  )),
              },
              { header: '专业领域', cell: (r) => (r.fields ?? []).join('、') },
              {
                header: '状态',
                cell: (r) =>
                  r.disqualified ? (
                    <Badge tone="revoked">已取消评审资格</Badge>
                  ) : (
                    <Badge tone="active">可用</Badge>
                  ),
              },
              {
                header: '操作',
                cell: (r) => (
                  <button type="button" className="link-button" onClick={() => edit(r)}>
                    修改<span className="visually-hidden">{r.name}</span>
                  </button>
                ),
              },
            ]}
          />
        ) : null}
      </section>
      <section className="card" id="reviewer-form">
        <h2>登记或修改评审专家</h2>
        {saved ? <Notice tone="success">已保存：{saved}</Notice> : null}
        <form onSubmit={submit} noValidate>
          <ErrorAlert error={submission.error} extra={submission.placed.general} />
          <div className="grid-2">
            <TextField
              label="登录标识（sub）"
              required
              hint="专家登录平台的账号标识"
              {...field('reviewerId')}
            />
            <TextField label="姓名" required {...field('name')} />
            <TextField label="现任职单位统一社会信用代码" maxLength={18} {...field('organizationCode')} />
            <TextField label="专业领域" hint="多个领域用顿号分隔" {...field('fields')} />
          </div>
          <TextArea
            label="近3年原任职单位"
            hint="每行一个：统一社会信用代码 离职日期（YYYY-MM-DD），用于识别须回避的申报"
            rows={3}
            {...field('formerEmployers')}
          />
          <button type="submit" disabled={!form.reviewerId.trim() || !form.name.trim()}>
            保存
          </button>
        </form>
      </section>
    </>
  );
}
