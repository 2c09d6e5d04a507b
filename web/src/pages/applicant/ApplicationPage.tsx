/**
 * One application, for everyone who may read it (API.md `GET /v1/applications/{id}`): the owner
 * uploads evidence, reads the consent text and submits; the recommender of its jurisdiction gives
 * its opinion; staff record the qualification review; reviewers and staff download evidence.
 */
import { type FormEvent, useRef, useState } from 'react';
import type { Application, Round } from '../../../../functions/handlers/api/schemas/index.ts';
import { QualificationForm, RecommendForm } from '../../components/ApplicationDecisionForms.tsx';
import { ApplicationTimeline } from '../../components/ApplicationTimeline.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { DocumentButton } from '../../components/DocumentButton.tsx';
import { RoundTimeline } from '../../components/RoundTimeline.tsx';
import { Badge, CheckField, ErrorAlert, Loading, Notice, Progress } from '../../components/ui.tsx';
import { CONSENT_PARAGRAPHS, runtimeConfig } from '../../config.ts';
import { ApiError, api, errorMessage } from '../../lib/api.ts';
import type { Session } from '../../lib/auth.ts';
import { documents } from '../../lib/documents.ts';
import { useSubmission } from '../../lib/forms.ts';
import { useAsync } from '../../lib/hooks.ts';
import {
  APPLICATION_STATUS_LABELS,
  CATEGORY_LABELS,
  EVIDENCE_STATUS_LABELS,
  INDUSTRY_LABELS,
  jurisdictionName,
  label,
  TIER_LABELS,
} from '../../lib/labels.ts';
import { Link, useLocation, useTitle } from '../../lib/router.tsx';
import { formatBeijing, formatBeijingDate, formatBytes } from '../../lib/time.ts';
import { openEvidence, UPLOAD_PHASE_LABELS, type UploadProgress, uploadEvidence } from '../../lib/upload.ts';
import { ApplicationForm } from './ApplyPage.tsx';

const ACCEPTED_FILES = '.pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.zip';

interface UploadRow {
  key: string;
  fileName: string;
  size: number;
  progress: UploadProgress;
}

function EvidenceUploader(props: { application: Application; onDone: () => void }) {
  const [rows, setRows] = useState<UploadRow[]>([]);
  const input = useRef<HTMLInputElement>(null);

  async function uploadAll(files: FileList | null) {
    if (!files || files.length === 0) return;
    const batch = [...files].map((file, i) => ({
      file,
      row: {
        key: `${Date.now()}-${i}-${file.name}`,
        fileName: file.name,
        size: file.size,
        progress: { phase: 'hashing', fraction: 0 } as UploadProgress,
      },
    }));
    setRows((r) => [...batch.map((b) => b.row), ...r]);
    const report = (key: string) => (progress: UploadProgress) =>
      setRows((r) => r.map((row) => (row.key === key ? { ...row, progress } : row)));
    // One after the other: two cores and a slow uplink gain nothing from parallel uploads.
    for (const { file, row } of batch) {
      try {
        await uploadEvidence(props.application.applicationId, file, report(row.key));
      } catch (e) {
        report(row.key)({ phase: 'failed', fraction: 0, message: errorMessage(e) });
      }
    }
    if (input.current) input.current.value = '';
    props.onDone();
  }

  return (
    <div className="uploader">
      <label htmlFor="evidence-files" className="upload-label">
        选择证明材料文件
      </label>
      <input
        id="evidence-files"
        ref={input}
        type="file"
        multiple
        accept={ACCEPTED_FILES}
        aria-describedby="evidence-hint"
        onChange={(e) => void uploadAll(e.target.files)}
      />
      <p className="hint" id="evidence-hint">
        支持 PDF、图片、Word、Excel、PowerPoint 和 ZIP 文件，单个文件不超过 50
        MB。文件直接上传至加密存储，上传后由平台核对文件摘要（SHA-256）。提交申报后材料不能再更改。
      </p>
      {rows.length > 0 ? (
        <ul className="upload-list" aria-live="polite">
          {rows.map((row) => (
            <li key={row.key} className={row.progress.phase}>
              <span className="file-name">
                {row.fileName}（{formatBytes(row.size)}）
              </span>
              <Progress value={row.progress.fraction} label={`${row.fileName} 上传进度`} />
              <span className="phase">
                {UPLOAD_PHASE_LABELS[row.progress.phase]}
                {row.progress.message ? `：${row.progress.message}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function EvidenceTable(props: { application: Application; canDownload: boolean }) {
  const download = useSubmission();
  const { applicationId, evidence } = props.application;
  if (evidence.length === 0) return <p>尚未上传证明材料。提交申报至少需要1份已核验的材料。</p>;
  return (
    <>
      <ErrorAlert error={download.error} />
      <DataTable
        rows={evidence}
        rowKey={(e) => e.evidenceId}
        columns={[
          { header: '文件名', cell: (e) => e.fileName },
          { header: '大小', cell: (e) => formatBytes(e.size) },
          {
            header: '核验状态',
            cell: (e) => (
              <>
                <Badge tone={e.status}>{label(EVIDENCE_STATUS_LABELS, e.status)}</Badge>
                {e.rejection ? <span className="field-errors">（{e.rejection}）</span> : null}
              </>
            ),
          },
          props.canDownload && {
            header: '操作',
            cell: (e) => (
              <button
                type="button"
                className="link-button"
                onClick={() => void download.run(() => openEvidence(applicationId, e.evidenceId))}
              >
                下载<span className="visually-hidden">{e.fileName}</span>
              </button>
            ),
          },
        ]}
      />
    </>
  );
}

function SubmitPanel(props: { application: Application; unsaved: boolean; onDone: () => void }) {
  const [agreed, setAgreed] = useState(false);
  const submission = useSubmission();
  const { error, busy } = submission;
  const version = runtimeConfig().consentVersion;
  const verified = props.application.evidence.some((e) => e.status === 'verified');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!agreed) return;
    if (await submission.run(() => api.submit(props.application.applicationId, version))) props.onDone();
  }

  return (
    <form onSubmit={submit} className="submit-panel">
      <h3 id="consent-title">个人信息处理告知同意书（第 {version} 版）</h3>
      <section className="consent" aria-labelledby="consent-title">
        {CONSENT_PARAGRAPHS.map((p) => (
          <p key={p.slice(0, 16)}>{p}</p>
        ))}
      </section>
      <CheckField
        id="consent-agree"
        label="我已阅读并同意上述个人信息处理告知同意书，确认申报材料真实、准确、完整"
        checked={agreed}
        onChange={(e) => setAgreed(e.target.checked)}
      />
      {error instanceof ApiError ? (
        <ErrorAlert
          error={error}
          title={`申报未能提交，草稿已保留${error.problem.errors?.length ? `（${error.problem.errors.length} 项问题）` : ''}`}
        />
      ) : (
        <ErrorAlert error={error} />
      )}
      {!verified ? <p className="hint">提交前须至少有1份已核验的证明材料。</p> : null}
      {props.unsaved ? <p className="hint">申报书有尚未保存的修改，请先保存再提交。</p> : null}
      <button type="submit" disabled={!agreed || busy || props.unsaved}>
        {busy ? '正在提交……' : '提交申报'}
      </button>
    </form>
  );
}

function Details(props: { application: Application }) {
  const a = props.application;
  return (
    <dl className="facts">
      <dt>类别</dt>
      <dd>{label(CATEGORY_LABELS, a.category)}</dd>
      <dt>推荐单位</dt>
      <dd>{jurisdictionName(a.jurisdiction)}</dd>
      {a.organization ? (
        <>
          <dt>统一社会信用代码</dt>
          <dd className="mono">{a.organization.creditCode}</dd>
          <dt>注册登记日期</dt>
          <dd>{formatBeijingDate(a.organization.registeredOn)}</dd>
          <dt>行业</dt>
          <dd>
            {label(INDUSTRY_LABELS, a.organization.industry)}
            {a.organization.sme ? '（中小企业）' : ''}
          </dd>
          <dt>联系人</dt>
          <dd>
            {a.organization.contact.name} {a.organization.contact.phone}
          </dd>
        </>
      ) : null}
      {a.members?.map((m, i) => (
        <div key={`${m.name}-${m.idNumber}`} className="fact-group">
          <dt>第{i + 1}位申报人</dt>
          <dd>
            {m.name}，身份证号码 <span className="mono">{m.idNumber}</span>，{m.employer}，自
            {formatBeijingDate(m.qualityWorkSince)}从事质量工作
          </dd>
        </div>
      ))}
      <dt>创建时间</dt>
      <dd>{formatBeijing(a.createdAt)}</dd>
      {a.submittedAt ? (
        <>
          <dt>提交时间</dt>
          <dd>{formatBeijing(a.submittedAt)}</dd>
        </>
      ) : null}
      {a.tier ? (
        <>
          <dt>奖项</dt>
          <dd>{label(TIER_LABELS, a.tier)}</dd>
        </>
      ) : null}
    </dl>
  );
}

export function ApplicationPage(props: { applicationId: string; session: Session | undefined }) {
  const { search } = useLocation();
  const state = useAsync(async () => {
    const application = await api.application(props.applicationId);
    const round: Round | undefined = await api.round(application.roundId).catch(() => undefined);
    return { application, round };
  }, [props.applicationId]);
  const a = state.data?.application;
  const round = state.data?.round;
  useTitle(a?.displayName ?? '申报详情');
  const roles = props.session?.claims.roles ?? [];
  const isOwner = roles.includes('applicant');
  const isDraft = a?.status === 'draft';
  const canDownload = isOwner || roles.includes('staff') || roles.includes('reviewer');
  const withdrawal = useSubmission();
  const [unsaved, setUnsaved] = useState(false);
  const editable = isOwner && isDraft && round?.stage === 'call-open';

  async function withdraw() {
    if (!a || !window.confirm('确定撤回该申报吗？撤回后不能恢复。')) return;
    if (await withdrawal.run(() => api.withdraw(a.applicationId))) state.reload();
  }

  return (
    <>
      <p>
        {isOwner ? <Link to="/my">← 我的申报</Link> : null}
        {roles.includes('recommender') ? <Link to="/recommend">← 推荐审核</Link> : null}
        {roles.includes('reviewer') ? <Link to="/review">← 评审任务</Link> : null}
        {(roles.includes('staff') || roles.includes('supervisor')) && a ? (
          <Link to={`/staff/rounds/${encodeURIComponent(a.roundId)}`}>← 评选工作台</Link>
        ) : null}
      </p>
      <Loading state={state} />
      {a ? (
        <>
          <h1>
            {a.displayName} <Badge tone={a.status}>{APPLICATION_STATUS_LABELS[a.status] ?? a.status}</Badge>
          </h1>
          {search.get('saved') ? (
            <Notice tone="success">草稿已保存，符合申报基本条件。请上传证明材料后提交。</Notice>
          ) : null}
          {a.status === 'submitted' && isOwner ? (
            <Notice tone="success">申报已提交，等待推荐单位审核推荐。</Notice>
          ) : null}
          {round ? (
            <section className="card">
              <h2>{round.title} · 评选进度</h2>
              <RoundTimeline round={round} />
            </section>
          ) : null}
          {isOwner ? (
            <section className="card">
              <h2>我的申报进程</h2>
              <ApplicationTimeline application={a} round={round} />
            </section>
          ) : null}
          {editable ? (
            <section className="card">
              <h2>申报书</h2>
              <ApplicationForm
                key={a.applicationId}
                roundId={a.roundId}
                existing={a}
                rubricVersion={round?.rubricVersion}
                onSaved={state.reload}
                onDirtyChange={setUnsaved}
              />
            </section>
          ) : null}
          <section className="card" hidden={editable}>
            <h2>申报信息</h2>
            <Details application={a} />
            <ApplicationDocuments application={a} roles={roles} />
            {roles.includes('staff') || roles.includes('supervisor') ? (
              <p>
                <Link to={`/audit?entityId=${encodeURIComponent(a.applicationId)}`}>
                  查看本申报的审计记录
                </Link>
              </p>
            ) : null}
          </section>
          {a.vetting.findings.length > 0 && !editable ? (
            <section className="card">
              <h2>基本条件审核</h2>
              <ErrorAlert error={undefined} extra={a.vetting.findings} />
            </section>
          ) : a.vetting.at ? (
            <Notice tone="success">基本条件审核通过（{formatBeijing(a.vetting.at)}）。</Notice>
          ) : null}
          <section className="card">
            <h2>证明材料</h2>
            <EvidenceTable application={a} canDownload={canDownload} />
            {isOwner && isDraft ? <EvidenceUploader application={a} onDone={state.reload} /> : null}
          </section>
          {a.recommendation ? (
            <section className="card">
              <h2>推荐意见</h2>
              <p>
                <strong>{a.recommendation.decision === 'recommend' ? '同意推荐' : '不予推荐'}</strong>（
                {formatBeijing(a.recommendation.at)}）：{a.recommendation.opinion}
              </p>
            </section>
          ) : null}
          {a.qualification ? (
            <section className="card">
              <h2>资格审查</h2>
              <p>
                <strong>{a.qualification.decision === 'qualified' ? '通过' : '不通过'}</strong>（
                {formatBeijing(a.qualification.at)}）
                {a.qualification.reason ? `：${a.qualification.reason}` : ''}
              </p>
            </section>
          ) : null}
          {roles.includes('recommender') && a.status === 'submitted' ? (
            <section className="card">
              <h2>推荐意见</h2>
              <RecommendForm application={a} onDone={state.reload} />
            </section>
          ) : null}
          {roles.includes('staff') && a.status === 'recommended' && round?.stage === 'qualification' ? (
            <section className="card">
              <h2>资格审查</h2>
              <QualificationForm application={a} onDone={state.reload} />
            </section>
          ) : null}
          {isOwner && isDraft ? (
            <section className="card">
              <h2>提交申报</h2>
              <SubmitPanel application={a} unsaved={unsaved} onDone={state.reload} />
            </section>
          ) : null}
          {isOwner &&
          ['draft', 'submitted', 'recommended'].includes(a.status) &&
          (!round || ['call-open', 'qualification'].includes(round.stage)) ? (
            <section className="card">
              <h2>撤回申报</h2>
              <p>资格审查结束前可以自愿撤回申报。</p>
              <ErrorAlert error={withdrawal.error} />
              <button type="button" className="danger" onClick={() => void withdraw()}>
                撤回申报
              </button>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** The form as submitted (owner, staff, supervisor, recommender) and, once awarded, the certificate. */
function ApplicationDocuments(props: { application: Application; roles: readonly string[] }) {
  const { application, roles } = props;
  const awarded = ['awarded', 'revoked'].includes(application.status);
  const awards = useAsync(
    () => (awarded ? api.awards(application.roundId) : Promise.resolve([])),
    [application.roundId, awarded],
  );
  const award = awards.data?.find((x) => x.applicationId === application.applicationId);
  const mayHaveForm = ['applicant', 'staff', 'supervisor', 'recommender'].some((r) => roles.includes(r));
  if (application.status === 'draft' || !mayHaveForm) return null;
  return (
    <p className="actions">
      <DocumentButton
        label="下载申报表（PDF，打印盖章用）"
        load={() => documents.form(application.applicationId)}
      />
      {award && (roles.includes('applicant') || roles.includes('staff')) ? (
        <DocumentButton
          label="下载荣誉证书（PDF）"
          secondary
          load={() => documents.certificate(award.awardId)}
        />
      ) : null}
    </p>
  );
}
