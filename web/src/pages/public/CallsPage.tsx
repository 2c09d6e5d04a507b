/**
 * The calls (申报通知) for everyone, without signing in (API.md `GET /v1/public/calls`): each open or
 * upcoming round's call period in Beijing time with a countdown to its close, what it requires,
 * whom to ask, and its forms to download.
 */
import { Countdown, Loading } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { currentSession } from '../../lib/auth.ts';
import { platformNow, useAsync } from '../../lib/hooks.ts';
import { Link, useTitle } from '../../lib/router.tsx';
import { formatBeijing, formatBytes } from '../../lib/time.ts';

/** Plain text with paragraphs separated by blank lines (API.md), as paragraphs. */
function Paragraphs(props: { text: string }) {
  const paragraphs = props.text.split(/\n\s*\n/).filter((p) => p.trim() !== '');
  return (
    <>
      {paragraphs.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs are static text, never reordered.
        <p key={i} className="pre-line">
          {p.trim()}
        </p>
      ))}
    </>
  );
}

export function CallsPage() {
  useTitle('申报通知');
  const calls = useAsync(() => api.publicCalls(), []);
  const applicant = currentSession()?.claims.roles.includes('applicant') ?? false;
  return (
    <>
      <h1>申报通知</h1>
      <Loading state={calls} />
      {calls.data && calls.data.length === 0 ? <p>目前没有正在受理或即将开始的申报。</p> : null}
      {(calls.data ?? []).map((c) => {
        const opened = new Date(c.callOpensAt).getTime() <= platformNow();
        return (
          <section className="card" key={c.roundId} aria-labelledby={`call-${c.roundId}`}>
            <h2 id={`call-${c.roundId}`}>{c.title}</h2>
            <p>
              <strong>申报时间：</strong>
              {formatBeijing(c.callOpensAt)} 至 {formatBeijing(c.callClosesAt, { deadline: true })}
              {'　'}
              {opened ? (
                <Countdown to={c.callClosesAt} prefix="申报截止" />
              ) : (
                <Countdown to={c.callOpensAt} prefix="距开始受理" />
              )}
            </p>
            <h3>申报要求</h3>
            <Paragraphs text={c.requirements} />
            <h3>联系方式</h3>
            <Paragraphs text={c.contact} />
            <h3>附件下载</h3>
            {c.attachments.length === 0 ? (
              <p>暂无附件。</p>
            ) : (
              <ul className="plain-list">
                {c.attachments.map((a) => (
                  <li key={a.fileName}>
                    <a href={a.url} download={a.fileName}>
                      {a.fileName}
                    </a>
                    （{formatBytes(a.size)}）
                  </li>
                ))}
              </ul>
            )}
            {applicant && opened ? (
              <p>
                <Link className="button" to={`/apply/${encodeURIComponent(c.roundId)}`}>
                  在线填写申报书
                </Link>
              </p>
            ) : (
              <p className="hint">申报人登录后可在线填写申报书、上传证明材料并提交。</p>
            )}
          </section>
        );
      })}
    </>
  );
}
