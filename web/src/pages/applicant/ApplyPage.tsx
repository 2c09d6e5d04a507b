/**
 * The application form (API.md "Organization body" / "Individual body"). Saving creates a draft; the
 * server checks the basic conditions (Art. 9, 11) at once and its findings — the same ones that
 * would block submission — are shown next to the fields by their `path`. Saving again after a
 * correction creates a new draft and withdraws the previous one (the API has no draft update).
 */
import { type FormEvent, useState } from 'react';
import { checkScores, RubricForm, type ScoreDraft, scoresOf } from '../../components/RubricForm.tsx';
import {
  CheckField,
  ErrorAlert,
  Loading,
  Notice,
  SelectField,
  TextArea,
  TextField,
} from '../../components/ui.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { type FieldFinding, placeFindings } from '../../lib/findings.ts';
import { useAsync } from '../../lib/hooks.ts';
import { INDUSTRY_LABELS, JURISDICTIONS } from '../../lib/labels.ts';
import { Link, navigate, useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';
import type { Application, Category, Member } from '../../lib/types.ts';

const MAX_MEMBERS = 3; // Art. 11: up to 3 people may apply jointly.

/** A member being edited; `uid` keeps React's identity of the row when rows are removed. */
type MemberDraft = Member & { uid: string };

let memberSeq = 0;
const emptyMember = (): MemberDraft => ({
  uid: `m${++memberSeq}`,
  name: '',
  idNumber: '',
  employer: '',
  employerCreditCode: '',
  qualityWorkSince: '',
});

interface FormState {
  category: Category;
  organization: {
    name: string;
    creditCode: string;
    registeredOn: string;
    industry: string;
    sme: boolean;
    address: string;
    contact: { name: string; phone: string; email: string };
  };
  members: MemberDraft[];
  jurisdiction: string;
  orgDeclarations: { noMajorAccident3Years: boolean; noBadCreditRecord: boolean; compliesWithLaw: boolean };
  personDeclarations: { employerNoMajorAccident3Years: boolean; compliesWithLaw: boolean };
  summary: string;
  scores: ScoreDraft;
}

const initialState = (): FormState => ({
  category: 'organization',
  organization: {
    name: '',
    creditCode: '',
    registeredOn: '',
    industry: 'manufacturing',
    sme: false,
    address: '',
    contact: { name: '', phone: '', email: '' },
  },
  members: [emptyMember()],
  jurisdiction: '',
  orgDeclarations: { noMajorAccident3Years: false, noBadCreditRecord: false, compliesWithLaw: false },
  personDeclarations: { employerNoMajorAccident3Years: false, compliesWithLaw: false },
  summary: '',
  scores: {},
});

/** The request body of API.md from the form. */
export function bodyOf(form: FormState): Record<string, unknown> {
  const selfEvaluation = { items: scoresOf(form.scores), summary: form.summary.trim() };
  if (form.category === 'organization') {
    const o = form.organization;
    return {
      category: 'organization',
      organization: {
        name: o.name.trim(),
        creditCode: o.creditCode.trim().toUpperCase(),
        registeredOn: o.registeredOn,
        industry: o.industry,
        sme: o.sme,
        ...(o.address.trim() ? { address: o.address.trim() } : {}),
        contact: {
          name: o.contact.name.trim(),
          phone: o.contact.phone.trim(),
          ...(o.contact.email.trim() ? { email: o.contact.email.trim() } : {}),
        },
      },
      jurisdiction: form.jurisdiction,
      declarations: form.orgDeclarations,
      selfEvaluation,
    };
  }
  return {
    category: 'individual',
    members: form.members.map((m) => ({
      name: m.name.trim(),
      idNumber: m.idNumber.trim().toUpperCase(),
      employer: m.employer.trim(),
      employerCreditCode: m.employerCreditCode.trim().toUpperCase(),
      qualityWorkSince: m.qualityWorkSince,
    })),
    jurisdiction: form.jurisdiction,
    declarations: form.personDeclarations,
    selfEvaluation,
  };
}

const REQUIRED = '此项为必填项';

/** Required fields left empty, with the paths the server would use. */
function missingFields(form: FormState): FieldFinding[] {
  const out: FieldFinding[] = [];
  const need = (path: string, value: string) => {
    if (!value.trim()) out.push({ path, code: 'VALIDATION_FAILED', message: REQUIRED });
  };
  need('jurisdiction', form.jurisdiction);
  if (form.category === 'organization') {
    const o = form.organization;
    need('organization.name', o.name);
    need('organization.creditCode', o.creditCode);
    need('organization.registeredOn', o.registeredOn);
    need('organization.contact.name', o.contact.name);
    need('organization.contact.phone', o.contact.phone);
  } else {
    form.members.forEach((m, i) => {
      need(`members[${i}].name`, m.name);
      need(`members[${i}].idNumber`, m.idNumber);
      need(`members[${i}].employer`, m.employer);
      need(`members[${i}].employerCreditCode`, m.employerCreditCode);
      need(`members[${i}].qualityWorkSince`, m.qualityWorkSince);
    });
  }
  return out;
}

function shownPaths(form: FormState, itemIds: string[]): string[] {
  const common = [
    'jurisdiction',
    'selfEvaluation.summary',
    ...itemIds.map((id) => `selfEvaluation.items.${id}`),
  ];
  if (form.category === 'organization')
    return [
      ...common,
      'organization.name',
      'organization.creditCode',
      'organization.registeredOn',
      'organization.industry',
      'organization.sme',
      'organization.address',
      'organization.contact.name',
      'organization.contact.phone',
      'organization.contact.email',
      'declarations.noMajorAccident3Years',
      'declarations.noBadCreditRecord',
      'declarations.compliesWithLaw',
    ];
  return [
    ...common,
    'declarations.employerNoMajorAccident3Years',
    'declarations.compliesWithLaw',
    ...form.members.flatMap((_, i) =>
      ['name', 'idNumber', 'employer', 'employerCreditCode', 'qualityWorkSince'].map(
        (f) => `members[${i}].${f}`,
      ),
    ),
  ];
}

export function ApplyPage(props: { roundId: string }) {
  useTitle('填写申报书');
  const round = useAsync(() => api.round(props.roundId), [props.roundId]);
  const [form, setForm] = useState<FormState>(initialState);
  const rubric = useAsync(() => api.rubric(form.category), [form.category]);
  const [findings, setFindings] = useState<FieldFinding[]>([]);
  const [error, setError] = useState<unknown>();
  const [draft, setDraft] = useState<Application>();
  const [busy, setBusy] = useState(false);

  const itemIds = rubric.data?.items.map((i) => i.itemId) ?? [];
  const placed = placeFindings(findings, shownPaths(form, itemIds));
  const update = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));
  const org = form.organization;
  const setOrg = (patch: Partial<FormState['organization']>) =>
    update({ organization: { ...org, ...patch } });
  const setContact = (patch: Partial<FormState['organization']['contact']>) =>
    setOrg({ contact: { ...org.contact, ...patch } });
  const setMember = (i: number, patch: Partial<Member>) =>
    update({ members: form.members.map((m, j) => (j === i ? { ...m, ...patch } : m)) });

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const local = [
      ...missingFields(form),
      ...(rubric.data ? checkScores(rubric.data, form.scores, 'selfEvaluation.items.', false) : []),
    ];
    if (local.length > 0) {
      setFindings(local);
      focusFirstError();
      return;
    }
    setBusy(true);
    try {
      const created = await api.createApplication(props.roundId, bodyOf(form));
      if (draft && draft.applicationId !== created.applicationId) {
        // The corrected draft replaces the previous one, which would otherwise linger as a draft.
        await api.withdraw(draft.applicationId, '修改后重新保存').catch(() => undefined);
      }
      setDraft(created);
      setFindings(created.vetting.findings);
      if (created.vetting.findings.length === 0)
        navigate(`/applications/${encodeURIComponent(created.applicationId)}?saved=1`);
      else focusFirstError();
    } catch (e) {
      setError(e);
      setFindings(e instanceof ApiError ? (e.problem.errors ?? []) : []);
      focusFirstError();
    } finally {
      setBusy(false);
    }
  }

  const r = round.data;
  return (
    <>
      <p>
        <Link to="/my">← 我的申报</Link>
      </p>
      <h1>填写申报书</h1>
      <Loading state={round} />
      {r ? (
        <p>
          {r.title}：申报截止 {formatBeijing(r.callClosesAt, { deadline: true })}
        </p>
      ) : null}
      <form onSubmit={save} noValidate className="application-form">
        {draft && findings.length > 0 ? (
          <div className="alert warning" role="alert">
            <p>
              <strong>草稿已保存，但有 {findings.length} 项不符合申报基本条件</strong>
              ，提交时会被拒绝。请按各栏下方的提示修改后重新保存（将替换当前草稿），或
              <Link to={`/applications/${encodeURIComponent(draft.applicationId)}`}>
                前往草稿上传证明材料
              </Link>
              。
            </p>
          </div>
        ) : null}
        <ErrorAlert error={error} extra={error ? placed.general : undefined} />
        {!error && placed.general.length > 0 ? <ErrorAlert error={undefined} extra={placed.general} /> : null}

        <fieldset>
          <legend>申报类别</legend>
          <label className="radio">
            <input
              type="radio"
              name="category"
              value="organization"
              checked={form.category === 'organization'}
              onChange={() => update({ category: 'organization', scores: {} })}
            />
            组织（企业）
          </label>
          <label className="radio">
            <input
              type="radio"
              name="category"
              value="individual"
              checked={form.category === 'individual'}
              onChange={() => update({ category: 'individual', scores: {} })}
            />
            个人（可3人以内共同申报）
          </label>
        </fieldset>

        {form.category === 'organization' ? (
          <fieldset>
            <legend>组织基本信息</legend>
            <div className="grid-2">
              <TextField
                label="组织名称"
                path="organization.name"
                findings={placed}
                required
                value={org.name}
                onChange={(e) => setOrg({ name: e.target.value })}
              />
              <TextField
                label="统一社会信用代码"
                path="organization.creditCode"
                findings={placed}
                required
                maxLength={18}
                hint="18位，须为太原市登记注册（第3至6位为1401开头的行政区划码）"
                value={org.creditCode}
                onChange={(e) => setOrg({ creditCode: e.target.value })}
              />
              <TextField
                label="注册登记日期"
                path="organization.registeredOn"
                findings={placed}
                required
                type="date"
                hint="至申报截止日须正常运行满3年（第九条）"
                value={org.registeredOn}
                onChange={(e) => setOrg({ registeredOn: e.target.value })}
              />
              <SelectField
                label="所属行业"
                path="organization.industry"
                findings={placed}
                required
                value={org.industry}
                onChange={(e) => setOrg({ industry: e.target.value })}
                options={Object.entries(INDUSTRY_LABELS).map(([value, label]) => ({ value, label }))}
              />
              <TextField
                label="地址"
                path="organization.address"
                findings={placed}
                autoComplete="street-address"
                value={org.address}
                onChange={(e) => setOrg({ address: e.target.value })}
              />
              <CheckField
                label="中小企业（第十条鼓励中小企业申报）"
                path="organization.sme"
                findings={placed}
                checked={org.sme}
                onChange={(e) => setOrg({ sme: e.target.checked })}
              />
            </div>
            <div className="grid-3">
              <TextField
                label="联系人"
                path="organization.contact.name"
                findings={placed}
                required
                autoComplete="name"
                value={org.contact.name}
                onChange={(e) => setContact({ name: e.target.value })}
              />
              <TextField
                label="联系电话"
                path="organization.contact.phone"
                findings={placed}
                required
                type="tel"
                autoComplete="tel"
                value={org.contact.phone}
                onChange={(e) => setContact({ phone: e.target.value })}
              />
              <TextField
                label="电子邮箱"
                path="organization.contact.email"
                findings={placed}
                type="email"
                autoComplete="email"
                value={org.contact.email}
                onChange={(e) => setContact({ email: e.target.value })}
              />
            </div>
          </fieldset>
        ) : (
          <fieldset>
            <legend>申报人（1至3人）</legend>
            {form.members.map((m, i) => (
              <div className="member" key={m.uid}>
                <h3>第{i + 1}位申报人</h3>
                <div className="grid-2">
                  <TextField
                    label="姓名"
                    path={`members[${i}].name`}
                    findings={placed}
                    required
                    value={m.name}
                    onChange={(e) => setMember(i, { name: e.target.value })}
                  />
                  <TextField
                    label="居民身份证号码"
                    path={`members[${i}].idNumber`}
                    findings={placed}
                    required
                    maxLength={18}
                    hint="加密保存，仅本人可见全文"
                    value={m.idNumber}
                    onChange={(e) => setMember(i, { idNumber: e.target.value })}
                  />
                  <TextField
                    label="工作单位"
                    path={`members[${i}].employer`}
                    findings={placed}
                    required
                    value={m.employer}
                    onChange={(e) => setMember(i, { employer: e.target.value })}
                  />
                  <TextField
                    label="工作单位统一社会信用代码"
                    path={`members[${i}].employerCreditCode`}
                    findings={placed}
                    required
                    maxLength={18}
                    value={m.employerCreditCode}
                    onChange={(e) => setMember(i, { employerCreditCode: e.target.value })}
                  />
                  <TextField
                    label="从事或分管质量工作起始日期"
                    path={`members[${i}].qualityWorkSince`}
                    findings={placed}
                    required
                    type="date"
                    hint="至申报截止日须满3年（第十一条）"
                    value={m.qualityWorkSince}
                    onChange={(e) => setMember(i, { qualityWorkSince: e.target.value })}
                  />
                </div>
                {form.members.length > 1 ? (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => update({ members: form.members.filter((_, j) => j !== i) })}
                  >
                    删除第{i + 1}位申报人
                  </button>
                ) : null}
              </div>
            ))}
            {form.members.length < MAX_MEMBERS ? (
              <button
                type="button"
                className="secondary"
                onClick={() => update({ members: [...form.members, emptyMember()] })}
              >
                添加共同申报人
              </button>
            ) : (
              <p className="hint">共同申报最多3人（第十一条）。</p>
            )}
          </fieldset>
        )}

        <fieldset>
          <legend>推荐单位</legend>
          <SelectField
            label="推荐单位（县（市、区）人民政府、开发区管委会或市有关主管部门）"
            path="jurisdiction"
            findings={placed}
            required
            value={form.jurisdiction}
            onChange={(e) => update({ jurisdiction: e.target.value })}
            options={[
              { value: '', label: '请选择' },
              ...JURISDICTIONS.map((j) => ({ value: j.id, label: j.name })),
            ]}
          />
        </fieldset>

        <fieldset>
          <legend>承诺声明</legend>
          {form.category === 'organization' ? (
            <>
              <CheckField
                label="本组织近3年内无重大质量、安全、环境污染、公共卫生等事故"
                path="declarations.noMajorAccident3Years"
                findings={placed}
                checked={form.orgDeclarations.noMajorAccident3Years}
                onChange={(e) =>
                  update({
                    orgDeclarations: { ...form.orgDeclarations, noMajorAccident3Years: e.target.checked },
                  })
                }
              />
              <CheckField
                label="本组织近3年内无不良信用记录"
                path="declarations.noBadCreditRecord"
                findings={placed}
                checked={form.orgDeclarations.noBadCreditRecord}
                onChange={(e) =>
                  update({
                    orgDeclarations: { ...form.orgDeclarations, noBadCreditRecord: e.target.checked },
                  })
                }
              />
              <CheckField
                label="本组织符合产业、环保、质量等方面的法律法规及政策要求，无其他违法行为"
                path="declarations.compliesWithLaw"
                findings={placed}
                checked={form.orgDeclarations.compliesWithLaw}
                onChange={(e) =>
                  update({ orgDeclarations: { ...form.orgDeclarations, compliesWithLaw: e.target.checked } })
                }
              />
            </>
          ) : (
            <>
              <CheckField
                label="申报人所属组织近3年内无重大质量、安全、环境污染、公共卫生等事故"
                path="declarations.employerNoMajorAccident3Years"
                findings={placed}
                checked={form.personDeclarations.employerNoMajorAccident3Years}
                onChange={(e) =>
                  update({
                    personDeclarations: {
                      ...form.personDeclarations,
                      employerNoMajorAccident3Years: e.target.checked,
                    },
                  })
                }
              />
              <CheckField
                label="申报人无其他违反法律、法规和道德的行为"
                path="declarations.compliesWithLaw"
                findings={placed}
                checked={form.personDeclarations.compliesWithLaw}
                onChange={(e) =>
                  update({
                    personDeclarations: { ...form.personDeclarations, compliesWithLaw: e.target.checked },
                  })
                }
              />
            </>
          )}
        </fieldset>

        <Loading state={rubric} />
        {rubric.data ? (
          <RubricForm
            legend="自我评价（按评分细则自评，可选填）"
            rubric={rubric.data}
            value={form.scores}
            onChange={(scores) => update({ scores })}
            pathPrefix="selfEvaluation.items."
            findings={placed}
          />
        ) : null}
        <TextArea
          label="自评报告摘要"
          path="selfEvaluation.summary"
          findings={placed}
          rows={6}
          value={form.summary}
          onChange={(e) => update({ summary: e.target.value })}
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? '正在保存……' : draft ? '修改后重新保存' : '保存草稿并检查申报条件'}
          </button>
        </div>
        {draft && findings.length === 0 ? <Notice tone="success">草稿已保存。</Notice> : null}
      </form>
    </>
  );
}

function focusFirstError(): void {
  requestAnimationFrame(() => {
    const first = document.querySelector<HTMLElement>('[aria-invalid="true"], .alert.error, .alert.warning');
    first?.focus();
    first?.scrollIntoView({ block: 'center' });
  });
}
