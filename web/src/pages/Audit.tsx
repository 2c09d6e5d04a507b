/** The audit trail of one entity (GET /v1/audit?entityId=), with filters, for supervisors and staff. */
import { type FormEvent, useState } from 'react';
import type { AuditEntry, Role } from '../../../functions/handlers/api/schemas/index.ts';
import { DataTable } from '../components/DataTable.tsx';
import { Badge, InlineInput, InlineSelect, Loading } from '../components/ui.tsx';
import { api } from '../lib/api.ts';
import { useAsync } from '../lib/hooks.ts';
import { ROLE_LABELS } from '../lib/labels.ts';
import { navigate, useLocation, useTitle } from '../lib/router.tsx';
import { beijingDateOf, formatBeijing } from '../lib/time.ts';

const ACTION_LABELS: Record<string, string> = {
  created: '创建',
  submitted: '提交',
  withdrawn: '撤回',
  recommended: '推荐',
  qualified: '资格审查',
  downloaded: '下载',
  advanced: '阶段推进',
  resolved: '处理',
  filed: '提出',
  scored: '评分',
  assigned: '分配',
  revoked: '撤销',
  approved: '批准',
  decided: '审定',
};

const ALL = { value: '', label: '全部' };

const describe = (action: string) => {
  const verb = action.split('.').pop() ?? action;
  return ACTION_LABELS[verb] ? `${ACTION_LABELS[verb]}（${action}）` : action;
};

function Change(props: { entry: AuditEntry }) {
  const { before, after } = props.entry;
  if (before === undefined && after === undefined) return null;
  return (
    <details>
      <summary>变更内容</summary>
      {before !== undefined ? (
        <>
          <p>变更前：</p>
          <pre>{JSON.stringify(before, null, 2)}</pre>
        </>
      ) : null}
      {after !== undefined ? (
        <>
          <p>变更后：</p>
          <pre>{JSON.stringify(after, null, 2)}</pre>
        </>
      ) : null}
    </details>
  );
}

export function AuditPage() {
  useTitle('审计记录');
  const { search } = useLocation();
  const entityId = search.get('entityId') ?? '';
  const [input, setInput] = useState(entityId);
  const [filters, setFilters] = useState({ action: '', actor: '', role: '', from: '', to: '' });
  const trail = useAsync(
    () => (entityId ? api.audit(entityId) : Promise.resolve([] as AuditEntry[])),
    [entityId],
  );
  const rows = (trail.data ?? []).filter((e) => {
    const day = beijingDateOf(e.at);
    return (
      (!filters.action || e.action.includes(filters.action)) &&
      (!filters.actor || e.actor.includes(filters.actor)) &&
      (!filters.role || e.role === filters.role) &&
      (!filters.from || day >= filters.from) &&
      (!filters.to || day <= filters.to)
    );
  });
  const actions = [...new Set((trail.data ?? []).map((e) => e.action))].sort();
  const filter = (key: keyof typeof filters) => ({
    value: filters[key],
    onChange: (e: { target: { value: string } }) => setFilters({ ...filters, [key]: e.target.value }),
  });
  const broken = (trail.data ?? []).some((e) => e.chainIntact === false);

  function submit(event: FormEvent) {
    event.preventDefault();
    navigate(`/audit?entityId=${encodeURIComponent(input.trim())}`);
  }

  return (
    <>
      <h1>审计记录</h1>
      <p>审计记录只增不改，逐条以哈希链相连，可发现篡改。记录保存不少于六个月。</p>
      <form onSubmit={submit} className="inline-form">
        <InlineInput
          id="audit-entity"
          label="对象编号（申报、评选届次、异议等）"
          value={input}
          onChange={(e) => setInput(e.target.value)}
        />
        <button type="submit" disabled={!input.trim()}>
          查询
        </button>
      </form>
      {entityId ? (
        <section className="card">
          <h2>
            <span className="mono">{entityId}</span> 的审计记录
          </h2>
          <fieldset className="filters">
            <legend>筛选</legend>
            <InlineSelect
              id="f-action"
              label="操作"
              {...filter('action')}
              options={[ALL, ...actions.map((a) => ({ value: a, label: describe(a) }))]}
            />
            <InlineInput id="f-actor" label="操作人" {...filter('actor')} />
            <InlineSelect
              id="f-role"
              label="角色"
              {...filter('role')}
              options={[
                ALL,
                ...(Object.keys(ROLE_LABELS) as Role[]).map((r) => ({ value: r, label: ROLE_LABELS[r] })),
                { value: 'system', label: '系统' },
                { value: 'public', label: '公众' },
              ]}
            />
            <InlineInput id="f-from" label="起始日期" type="date" {...filter('from')} />
            <InlineInput id="f-to" label="截止日期" type="date" {...filter('to')} />
          </fieldset>
          <Loading state={trail} />
          {broken ? (
            <p className="alert error" role="alert">
              哈希链校验未通过：审计记录可能被篡改，请立即报告。
            </p>
          ) : trail.data && trail.data.length > 0 ? (
            <p className="muted">哈希链校验通过。</p>
          ) : null}
          {trail.data ? (
            <>
              <DataTable
                rows={rows}
                rowKey={(e, i) => `${e.seq ?? i}-${e.at}`}
                caption={`审计记录，共 ${rows.length} 条`}
                columns={[
                  {
                    header: '时间（北京时间）',
                    cell: (e) => formatBeijing(e.at, { bare: true, seconds: true }),
                  },
                  { header: '操作人', cell: (e) => e.actor },
                  { header: '角色', cell: (e) => ROLE_LABELS[e.role as Role] ?? e.role },
                  {
                    header: '操作',
                    cell: (e) => (
                      <>
                        {describe(e.action)}
                        {e.chainIntact === false ? <Badge tone="revoked">校验失败</Badge> : null}
                      </>
                    ),
                  },
                  { header: '详情', cell: (e) => <Change entry={e} /> },
                ]}
              />
              {rows.length === 0 ? <p>没有符合条件的记录。</p> : null}
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
