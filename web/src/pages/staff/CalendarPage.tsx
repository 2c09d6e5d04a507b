/**
 * The working-day calendar (DESIGN.md §2 "Working days"): the State Council's holidays and make-up
 * working days per year. Publicity deadlines reaching into a year without data are refused, so the
 * coming year must be entered when its notice is published.
 */
import { type FormEvent, useEffect, useState } from 'react';
import type { CalendarYear } from '../../../../functions/handlers/api/schemas/index.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert, InlineSelect, Loading, Notice, TextArea, TextField } from '../../components/ui.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { useFormFields, useSubmission } from '../../lib/forms.ts';
import { platformNow, useAsync } from '../../lib/hooks.ts';
import { useTitle } from '../../lib/router.tsx';
import { beijingParts, formatBeijing, formatBeijingDate } from '../../lib/time.ts';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const weekday = (date: string) => `周${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}`;
const lines = (text: string) =>
  text
    .split(/[\s,，、]+/)
    .map((d) => d.trim())
    .filter(Boolean);

function DaysTable(props: { data: CalendarYear }) {
  const months = new Map<number, { holidays: string[]; workdays: string[] }>();
  const monthOf = (date: string) => {
    const m = Number(date.slice(5, 7));
    const days = months.get(m) ?? { holidays: [], workdays: [] };
    months.set(m, days);
    return days;
  };
  for (const d of props.data.holidays) monthOf(d).holidays.push(d);
  for (const d of props.data.workdays) monthOf(d).workdays.push(d);
  const order = [...months.keys()].sort((a, b) => a - b);
  const days = (dates: string[] = []) =>
    dates.map((d) => `${formatBeijingDate(d).replace(/^\d+年/, '')}（${weekday(d)}）`).join('、');
  return (
    <DataTable
      rows={order}
      rowKey={(m) => m}
      empty="该年度没有登记节假日。"
      columns={[
        { header: '月份', rowHeader: true, cell: (m) => `${m}月` },
        { header: '放假日', cell: (m) => days(months.get(m)?.holidays) },
        { header: '调休上班日', cell: (m) => days(months.get(m)?.workdays) },
      ]}
    />
  );
}

export function CalendarPage() {
  useTitle('工作日历');
  const thisYear = beijingParts(platformNow()).year;
  const [year, setYear] = useState(thisYear + 1);
  const state = useAsync(
    () => api.calendar(year).catch((e: unknown) => (e instanceof ApiError ? e : Promise.reject(e))),
    [year],
  );
  const data = state.data instanceof ApiError ? undefined : state.data;
  const missing = state.data instanceof ApiError ? state.data : undefined;
  const submission = useSubmission(['holidays', 'workdays', 'source']);
  const {
    values: form,
    setValues: setForm,
    field,
  } = useFormFields({ holidays: '', workdays: '', source: '' }, submission.placed);
  const [saved, setSaved] = useState(false);
  const { reset } = submission;

  useEffect(() => {
    setSaved(false);
    reset();
    setForm({
      holidays: (data?.holidays ?? []).join('\n'),
      workdays: (data?.workdays ?? []).join('\n'),
      source: data?.source ?? `国务院办公厅关于${year}年部分节假日安排的通知`,
    });
  }, [data, year, reset, setForm]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const stored = await submission.run(() =>
      api.putCalendar(year, {
        holidays: lines(form.holidays),
        workdays: lines(form.workdays),
        source: form.source.trim(),
      }),
    );
    if (!stored) return;
    setSaved(true);
    state.reload();
  }

  return (
    <>
      <h1>工作日历</h1>
      <p>
        公示期按工作日计算，以国务院办公厅每年发布的节假日安排为准（含调休上班的周末）。缺少某年度数据时，平台拒绝计算延伸到该年度的公示截止时间。
      </p>
      <div className="inline-form">
        <InlineSelect
          id="calendar-year"
          label="年度"
          value={year}
          onChange={(e) => setYear(Number(e.target.value))}
          options={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => ({
            value: String(y),
            label: `${y}年${y === thisYear + 1 ? '（下一年度）' : ''}`,
          }))}
        />
      </div>
      <Loading state={{ ...state, error: state.error }} />
      {missing ? (
        <Notice tone="warning">
          {year}年的工作日历尚未录入：{missing.problem.detail ?? missing.problem.title}
        </Notice>
      ) : null}
      {data ? (
        <section className="card">
          <h2>{year}年节假日安排</h2>
          <p className="muted">
            来源：{data.source}
            {data.origin === 'seed' ? '（初始数据，尚未经工作人员确认）' : ''}
            {data.updatedAt ? `；最后修改于 ${formatBeijing(data.updatedAt)}` : ''}
          </p>
          <DaysTable data={data} />
        </section>
      ) : null}
      <section className="card">
        <h2>录入或修改{year}年日历</h2>
        {saved ? <Notice tone="success">已保存。</Notice> : null}
        <form onSubmit={submit} noValidate>
          <ErrorAlert error={submission.error} extra={submission.placed.general} />
          <div className="grid-2">
            <TextArea
              label="放假日（每行一个日期 YYYY-MM-DD，含假期内的周末）"
              rows={10}
              {...field('holidays')}
            />
            <TextArea label="调休上班日（每行一个日期，通常为周六或周日）" rows={10} {...field('workdays')} />
          </div>
          <TextField label="数据来源" required {...field('source')} />
          <button type="submit">保存{year}年日历</button>
        </form>
      </section>
    </>
  );
}
