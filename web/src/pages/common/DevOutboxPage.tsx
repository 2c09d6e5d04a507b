/**
 * 本地短信与邮件 (local mode only): what the local SMS sink and the embedded SMTP server received
 * (`GET /v1/dev/outbox`), so a round played on one machine shows what each person would have got.
 */
import type { DevOutbox } from '../../../../functions/handlers/api/schemas/index.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Loading } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/hooks.ts';
import { useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';

type Message = DevOutbox['items'][number];

export function DevOutboxPage() {
  useTitle('本地短信与邮件');
  const state = useAsync(() => api.devOutbox(), []);
  return (
    <section className="card">
      <h1>本地短信与邮件</h1>
      <p>本地模式下，邮件经 SMTP 发往内嵌邮件服务器，短信发往本地短信替身；收件人已脱敏。</p>
      <button type="button" onClick={state.reload}>
        刷新
      </button>
      <Loading state={state} />
      {state.data ? (
        <DataTable<Message>
          rows={[...state.data.items].reverse()}
          rowKey={(m) => m.messageId}
          caption="收到的短信和邮件，新的在前"
          empty="还没有短信或邮件。"
          columns={[
            { header: '时间', cell: (m) => formatBeijing(m.at) },
            { header: '方式', cell: (m) => (m.channel === 'sms' ? '短信' : '邮件') },
            { header: '收件人', cell: (m) => m.to },
            { header: '标题', cell: (m) => m.subject ?? '' },
            { header: '内容', cell: (m) => m.body },
          ]}
        />
      ) : null}
    </section>
  );
}
