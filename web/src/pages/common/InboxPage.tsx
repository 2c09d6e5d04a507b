/**
 * 站内通知: every signed-in role's inbox (API.md `GET /v1/my/notifications`), newest first, with
 * "mark read" per notice and an unread-only filter; staff also see the SMS and emails that could
 * not be delivered after every retry, to follow them up by telephone.
 */
import { useState } from 'react';
import type { Delivery, Notification } from '../../../../functions/handlers/api/schemas/index.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Badge, ErrorAlert, Loading } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import type { Session } from '../../lib/auth.ts';
import { refreshAll, useAsync } from '../../lib/hooks.ts';
import { Link, useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';

const CHANNEL_LABELS: Record<Delivery['channel'], string> = { sms: '短信', email: '邮件' };

function FailedDeliveries() {
  const state = useAsync(() => api.failedDeliveries(), []);
  return (
    <section className="card">
      <h2>未能送达的短信和邮件</h2>
      <p>以下通知重试多次仍未送达，请通过电话等方式另行告知。</p>
      <Loading state={state} />
      {state.data ? (
        <DataTable<Delivery>
          rows={state.data.items}
          rowKey={(d) => d.messageId}
          caption="未能送达的通知"
          empty="没有未送达的通知。"
          columns={[
            { header: '时间', cell: (d) => formatBeijing(d.failedAt ?? d.at) },
            { header: '方式', cell: (d) => CHANNEL_LABELS[d.channel] },
            { header: '收件人', cell: (d) => d.to },
            { header: '通知', cell: (d) => d.subject },
            { header: '尝试次数', cell: (d) => d.attempts },
            { header: '原因', cell: (d) => d.lastError ?? '' },
          ]}
        />
      ) : null}
    </section>
  );
}

export function InboxPage(props: { session: Session | undefined }) {
  useTitle('我的通知');
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [pages, setPages] = useState<string[]>([]);
  const token = pages.at(-1);
  const state = useAsync(
    () => api.myNotifications({ unread: unreadOnly, ...(token ? { nextToken: token } : {}), limit: 20 }),
    [unreadOnly, token],
  );
  const [error, setError] = useState<unknown>();
  const markRead = async (n: Notification) => {
    try {
      await api.markNotificationRead(n.notificationId);
      setError(undefined);
      // The header's unread count reads the inbox too.
      refreshAll();
    } catch (e) {
      setError(e);
    }
  };
  const staff = props.session?.claims.roles.includes('staff') ?? false;
  return (
    <>
      <section className="card">
        <h1>我的通知</h1>
        <label className="inline-check">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(e) => {
              setUnreadOnly(e.target.checked);
              setPages([]);
            }}
          />{' '}
          只看未读
        </label>
        {error ? <ErrorAlert error={error} title="操作失败" /> : null}
        <Loading state={state} />
        {state.data ? (
          <ul className="inbox">
            {state.data.items.length === 0 ? <li>没有通知。</li> : null}
            {state.data.items.map((n) => (
              <li key={n.notificationId} className={n.read ? 'read' : 'unread'}>
                <h2>
                  {n.read ? null : <Badge tone="warning">未读</Badge>} {n.title}
                </h2>
                <p className="meta">{formatBeijing(n.at)}</p>
                <p>{n.body}</p>
                {n.read ? null : (
                  <button type="button" className="link-button" onClick={() => void markRead(n)}>
                    标记为已读
                  </button>
                )}
              </li>
            ))}
          </ul>
        ) : null}
        <p>
          {pages.length > 0 ? (
            <button type="button" className="link-button" onClick={() => setPages(pages.slice(0, -1))}>
              上一页
            </button>
          ) : null}{' '}
          {state.data?.nextToken ? (
            <button
              type="button"
              className="link-button"
              onClick={() => setPages([...pages, state.data?.nextToken as string])}
            >
              下一页
            </button>
          ) : null}
        </p>
      </section>
      {staff ? <FailedDeliveries /> : null}
    </>
  );
}

/** The header's link to the inbox, with the number of unread notices (“99+” beyond a page). */
export function InboxLink() {
  const state = useAsync(() => api.myNotifications({ unread: true, limit: 99 }), []);
  const count = state.data?.items.length ?? 0;
  const text = state.data?.nextToken ? '99+' : String(count);
  return (
    <Link to="/inbox" className="inbox-link" aria-label={`我的通知，${text} 条未读`}>
      我的通知{count > 0 ? <span className="unread-count">{text}</span> : null}
    </Link>
  );
}
