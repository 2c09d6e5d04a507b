/** The reviewer pool (Art. 14): register or edit a reviewer with PUT /v1/reviewers/{id}. */
import { type FormEvent, useState } from 'react';
import { Badge, ErrorAlert, Loading, Notice, TextArea, TextField } from '../../components/ui.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { placeFindings } from '../../lib/findings.ts';
import { useAsync } from '../../lib/hooks.ts';
import { useTitle } from '../../lib/router.tsx';
import { formatBeijingDate } from '../../lib/time.ts';
import type { Reviewer } from '../../lib/types.ts';

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
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const placed = placeFindings(error instanceof ApiError ? (error.problem.errors ?? []) : [], [
    'name',
    'organizationCode',
    'formerEmployers',
    'fields',
  ]);
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

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
    setError(undefined);
    setSaved(undefined);
    try {
      await api.putReviewer(form.reviewerId.trim(), {
        name: form.name.trim(),
        ...(form.organizationCode.trim()
          ? { organizationCode: form.organizationCode.trim().toUpperCase() }
          : {}),
        formerEmployers: parseFormer(form.formerEmployers),
        fields: form.fields
          .split(/[、,，\n]/)
          .map((f) => f.trim())
          .filter(Boolean),
      });
      setSaved(form.name);
      setForm(EMPTY);
      reviewers.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <h1>评审专家库</h1>
      <section className="card">
        <h2>专家名单</h2>
        <Loading state={reviewers} />
        {reviewers.data && reviewers.data.length === 0 ? <p>尚未登记评审专家。</p> : null}
        {reviewers.data && reviewers.data.length > 0 ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">姓名</th>
                  <th scope="col">登录标识</th>
                  <th scope="col">现任职单位代码</th>
                  <th scope="col">原任职单位</th>
                  <th scope="col">专业领域</th>
                  <th scope="col">状态</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {reviewers.data.map((r) => (
                  <tr key={r.reviewerId}>
                    <td>{r.name}</td>
                    <td className="mono">{r.reviewerId}</td>
                    <td className="mono">{r.organizationCode ?? '—'}</td>
                    <td>
                      {(r.formerEmployers ?? []).map((f) => (
                        <div key={f.creditCode + f.until} className="mono">
                          {f.creditCode}（至{formatBeijingDate(f.until)}）
                        </div>
                      ))}
                    </td>
                    <td>{(r.fields ?? []).join('、')}</td>
                    <td>
                      {r.disqualified ? (
                        <Badge tone="revoked">已取消评审资格</Badge>
                      ) : (
                        <Badge tone="active">可用</Badge>
                      )}
                    </td>
                    <td>
                      <button type="button" className="link-button" onClick={() => edit(r)}>
                        修改<span className="visually-hidden">{r.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <section className="card" id="reviewer-form">
        <h2>登记或修改评审专家</h2>
        {saved ? <Notice tone="success">已保存：{saved}</Notice> : null}
        <form onSubmit={submit} noValidate>
          <ErrorAlert error={error} extra={error instanceof ApiError ? placed.general : undefined} />
          <div className="grid-2">
            <TextField
              label="登录标识（sub）"
              required
              hint="专家登录平台的账号标识"
              value={form.reviewerId}
              onChange={set('reviewerId')}
            />
            <TextField
              label="姓名"
              path="name"
              findings={placed}
              required
              value={form.name}
              onChange={set('name')}
            />
            <TextField
              label="现任职单位统一社会信用代码"
              path="organizationCode"
              findings={placed}
              maxLength={18}
              value={form.organizationCode}
              onChange={set('organizationCode')}
            />
            <TextField
              label="专业领域"
              path="fields"
              findings={placed}
              hint="多个领域用顿号分隔"
              value={form.fields}
              onChange={set('fields')}
            />
          </div>
          <TextArea
            label="近3年原任职单位"
            path="formerEmployers"
            findings={placed}
            hint="每行一个：统一社会信用代码 离职日期（YYYY-MM-DD），用于识别须回避的申报"
            rows={3}
            value={form.formerEmployers}
            onChange={set('formerEmployers')}
          />
          <button type="submit" disabled={!form.reviewerId.trim() || !form.name.trim()}>
            保存
          </button>
        </form>
      </section>
    </>
  );
}
