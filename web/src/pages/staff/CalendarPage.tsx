/**
 * The working-day calendar (DESIGN.md §2 "Working days"): the State Council's holidays and make-up
 * working days per year. Publicity deadlines reaching into a year without data are refused, so the
 * coming year must be entered when its notice is published.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { ErrorAlert, Loading, Notice, TextArea, TextField } from '../../components/ui.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { placeFindings } from '../../lib/findings.ts';
import { platformNow, useAsync } from '../../lib/hooks.ts';
import { useTitle } from '../../lib/router.tsx';
import { beijingParts, formatBeijing, formatBeijingDate } from '../../lib/time.ts';
import type { CalendarYear } from '../../lib/types.ts';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const weekday = (date: string) => `周${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}`;
const lines = (text: string) =>
  text
    .split(/[\s,，、]+/)
    .map((d) => d.trim())
    .filter(Boolean);

function DaysTable(props: { data: CalendarYear }) {
  const months = new Map<number, { holidays: string[]; workdays: string[] }>();
  for (const d of props.data.holidays) {
    const m = Number(d.slice(5, 7));
    months.set(m, {
      holidays: [...(months.get(m)?.holidays ?? []), d],
      workdays: months.get(m)?.workdays ?? [],
    });
  }
  for (const d of props.data.workdays) {
    const m = Number(d.slice(5, 7));
    months.set(m, {
      holidays: months.get(m)?.holidays ?? [],
      workdays: [...(months.get(m)?.workdays ?? []), d],
    });
  }
  const order = [...months.keys()].sort((a, b) => a - b);
  if (order.length === 0) return <p>该年度没有登记节假日。</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">月份</th>
            <th scope="col">放假日</th>
            <th scope="col">调休上班日</th>
          </tr>
        </thead>
        <tbody>
          {order.map((m) => (
            <tr key={m}>
              <th scope="row">{m}月</th>
              <td>
                {(months.get(m)?.holidays ?? [])
                  .map((d) => `${formatBeijingDate(d).replace(/^\d+年/, '')}（${weekday(d)}）`)
                  .join('、')}
              </td>
              <td>
                {(months.get(m)?.workdays ?? [])
                  .map((d) => `${formatBeijingDate(d).replace(/^\d+年/, '')}（${weekday(d)}）`)
                  .join('、')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
  const [form, setForm] = useState({ holidays: '', workdays: '', source: '' });
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const placed = placeFindings(error instanceof ApiError ? (error.problem.errors ?? []) : [], [
    'holidays',
    'workdays',
    'source',
  ]);

  useEffect(() => {
    setSaved(false);
    setError(undefined);
    setForm({
      holidays: (data?.holidays ?? []).join('\n'),
      workdays: (data?.workdays ?? []).join('\n'),
      source: data?.source ?? `国务院办公厅关于${year}年部分节假日安排的通知`,
    });
  }, [data, year]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      await api.putCalendar(year, {
        holidays: lines(form.holidays),
        workdays: lines(form.workdays),
        source: form.source.trim(),
      });
      setSaved(true);
      state.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <h1>工作日历</h1>
      <p>
        公示期按工作日计算，以国务院办公厅每年发布的节假日安排为准（含调休上班的周末）。缺少某年度数据时，平台拒绝计算延伸到该年度的公示截止时间。
      </p>
      <div className="inline-form">
        <label htmlFor="calendar-year">年度</label>
        <select id="calendar-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => (
            <option key={y} value={y}>
              {y}年{y === thisYear + 1 ? '（下一年度）' : ''}
            </option>
          ))}
        </select>
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
          <ErrorAlert error={error} extra={error instanceof ApiError ? placed.general : undefined} />
          <div className="grid-2">
            <TextArea
              label="放假日（每行一个日期 YYYY-MM-DD，含假期内的周末）"
              path="holidays"
              findings={placed}
              rows={10}
              value={form.holidays}
              onChange={(e) => setForm({ ...form, holidays: e.target.value })}
            />
            <TextArea
              label="调休上班日（每行一个日期，通常为周六或周日）"
              path="workdays"
              findings={placed}
              rows={10}
              value={form.workdays}
              onChange={(e) => setForm({ ...form, workdays: e.target.value })}
            />
          </div>
          <TextField
            label="数据来源"
            path="source"
            findings={placed}
            required
            value={form.source}
            onChange={(e) => setForm({ ...form, source: e.target.value })}
          />
          <button type="submit">保存{year}年日历</button>
        </form>
      </section>
    </>
  );
}
