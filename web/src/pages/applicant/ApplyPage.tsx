/**
 * The application form (API.md "Organization body" / "Individual body"). Saving creates a draft, or
 * replaces the draft in place (`PUT /v1/applications/{id}` with its version in `If-Match`); the
 * server checks the basic conditions (Art. 3, 9, 11) each time and its findings — the same ones that
 * would block submission — are shown next to the fields by their `path`. Work not yet saved is kept
 * in the browser (localStorage) across a reload, and leaving the page with it asks first.
 */
import { type FormEvent, type InputHTMLAttributes, useEffect, useRef, useState } from 'react';
import type {
  Application,
  Category,
  CreateApplicationBody,
  IndividualApplicationBody,
  Industry,
  MemberBody,
  OrganizationApplicationBody,
} from '../../../../functions/handlers/api/schemas/index.ts';
import { checkScores, RubricForm, type ScoreDraft, scoresOf } from '../../components/RubricForm.tsx';
import {
  CheckField,
  ErrorAlert,
  Loading,
  Notice,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import type { FieldFinding } from '../../lib/findings.ts';
import { bindField, useSubmission } from '../../lib/forms.ts';
import { useAsync } from '../../lib/hooks.ts';
import { INDUSTRY_LABELS, JURISDICTIONS } from '../../lib/labels.ts';
import { Link, navigate, useTitle } from '../../lib/router.tsx';
import { formatBeijing } from '../../lib/time.ts';

const MAX_MEMBERS = 3; // Art. 11: up to 3 people may apply jointly.

/** A member being edited; `uid` keeps React's identity of the row when rows are removed. */
type MemberDraft = MemberBody & { uid: string };

let memberSeq = 0;
const emptyMember = (): MemberDraft => ({
  uid: `m${++memberSeq}`,
  name: '',
  idNumber: '',
  employer: '',
  employerCreditCode: '',
  qualityWorkSince: '',
});

/** The fields of one member (Art. 11), all required; the API path is `members[i].<key>`. */
const MEMBER_FIELDS: readonly {
  key: keyof MemberBody;
  label: string;
  hint?: string;
  input?: InputHTMLAttributes<HTMLInputElement>;
}[] = [
  { key: 'name', label: '姓名' },
  { key: 'idNumber', label: '居民身份证号码', hint: '加密保存，仅本人可见全文', input: { maxLength: 18 } },
  { key: 'employer', label: '工作单位' },
  { key: 'employerCreditCode', label: '工作单位统一社会信用代码', input: { maxLength: 18 } },
  {
    key: 'qualityWorkSince',
    label: '从事或分管质量工作起始日期',
    hint: '至申报截止日须满3年（第十一条）',
    input: { type: 'date' },
  },
];

/** The declarations each category makes (Art. 9, 11); the API path is `declarations.<key>`. */
const DECLARATIONS: Record<Category, readonly { key: string; label: string }[]> = {
  organization: [
    { key: 'noMajorAccident3Years', label: '本组织近3年内无重大质量、安全、环境污染、公共卫生等事故' },
    { key: 'noBadCreditRecord', label: '本组织近3年内无不良信用记录' },
    {
      key: 'compliesWithLaw',
      label: '本组织符合产业、环保、质量等方面的法律法规及政策要求，无其他违法行为',
    },
  ],
  individual: [
    {
      key: 'employerNoMajorAccident3Years',
      label: '申报人所属组织近3年内无重大质量、安全、环境污染、公共卫生等事故',
    },
    { key: 'compliesWithLaw', label: '申报人无其他违反法律、法规和道德的行为' },
  ],
};

const undeclared = (category: Category): Record<string, boolean> =>
  Object.fromEntries(DECLARATIONS[category].map((d) => [d.key, false]));

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
  /** Kept per category, so switching the category back keeps what was ticked. */
  declarations: Record<Category, Record<string, boolean>>;
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
  declarations: { organization: undeclared('organization'), individual: undeclared('individual') },
  summary: '',
  scores: {},
});

/**
 * The request body of API.md from the form. The form keeps selects and checkboxes as plain strings and
 * records; their options are the schema's own (INDUSTRY_LABELS, DECLARATIONS), and the server
 * validates the body again, so the casts below only narrow what the form already guarantees.
 */
export function bodyOf(form: FormState): CreateApplicationBody {
  const selfEvaluation = { items: scoresOf(form.scores), summary: form.summary.trim() };
  if (form.category === 'organization') {
    const o = form.organization;
    return {
      category: 'organization',
      organization: {
        name: o.name.trim(),
        creditCode: o.creditCode.trim().toUpperCase(),
        registeredOn: o.registeredOn,
        industry: o.industry as Industry,
        sme: o.sme,
        ...(o.address.trim() ? { address: o.address.trim() } : {}),
        contact: {
          name: o.contact.name.trim(),
          phone: o.contact.phone.trim(),
          ...(o.contact.email.trim() ? { email: o.contact.email.trim() } : {}),
        },
      },
      jurisdiction: form.jurisdiction,
      declarations: form.declarations.organization as OrganizationApplicationBody['declarations'],
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
    declarations: form.declarations.individual as IndividualApplicationBody['declarations'],
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
      for (const f of MEMBER_FIELDS) need(`members[${i}].${f.key}`, m[f.key]);
    });
  }
  return out;
}

function shownPaths(form: FormState, itemIds: string[]): string[] {
  const common = [
    'jurisdiction',
    'selfEvaluation.summary',
    ...itemIds.map((id) => `selfEvaluation.items.${id}`),
    ...DECLARATIONS[form.category].map((d) => `declarations.${d.key}`),
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
    ];
  return [...common, ...form.members.flatMap((_, i) => MEMBER_FIELDS.map((f) => `members[${i}].${f.key}`))];
}

/** The form of a stored application (its owner reads every field in full). */
export function formFromApplication(a: Application): FormState {
  const form = initialState();
  form.category = a.category;
  form.jurisdiction = a.jurisdiction;
  form.summary = a.selfEvaluation.summary;
  form.scores = Object.fromEntries(Object.entries(a.selfEvaluation.items).map(([k, v]) => [k, String(v)]));
  form.declarations = {
    ...form.declarations,
    [a.category]: { ...undeclared(a.category), ...(a.declarations as Record<string, boolean>) },
  };
  if (a.organization) {
    const o = a.organization;
    form.organization = {
      name: o.name,
      creditCode: o.creditCode,
      registeredOn: o.registeredOn,
      industry: o.industry,
      sme: o.sme ?? false,
      address: o.address ?? '',
      contact: { name: o.contact.name, phone: o.contact.phone, email: o.contact.email ?? '' },
    };
  }
  if (a.members && a.members.length > 0) form.members = a.members.map((m) => ({ ...emptyMember(), ...m }));
  return form;
}

/** Where the unsaved work on a draft (or on a new one in a round) is kept in this browser. */
const localKey = (roundId: string, applicationId?: string) =>
  `tqa.application-form.${applicationId ?? `new.${roundId}`}`;

/** Member rows without their React ids, so that equal contents compare equal. */
const comparable = (form: FormState) =>
  JSON.stringify({ ...form, members: form.members.map(({ uid: _, ...m }) => m) });

function readLocal(key: string): FormState | undefined {
  try {
    const raw = window.localStorage.getItem(key);
    if (!raw) return undefined;
    const form = JSON.parse(raw) as FormState;
    return { ...form, members: form.members.map((m) => ({ ...m, uid: emptyMember().uid })) };
  } catch {
    return undefined;
  }
}

/**
 * The form itself, for a new draft (`existing` absent) or in place on a draft. `onSaved` gets the
 * application as the server answered it; `onDirtyChange` says whether there is unsaved work.
 */
export function ApplicationForm(props: {
  roundId: string;
  existing?: Application;
  rubricVersion?: string;
  onSaved: (application: Application) => void;
  onDirtyChange?: (dirty: boolean) => void;
}) {
  const key = localKey(props.roundId, props.existing?.applicationId);
  const [saved, setSaved] = useState<FormState>(() =>
    props.existing ? formFromApplication(props.existing) : initialState(),
  );
  const [restored] = useState(() => readLocal(key));
  const [form, setForm] = useState<FormState>(() => restored ?? saved);
  const rubric = useAsync(
    () => api.rubric(form.category, props.rubricVersion),
    [form.category, props.rubricVersion],
  );
  const [draft, setDraft] = useState<Application | undefined>(props.existing);
  const [savedHere, setSavedHere] = useState(false);
  const itemIds = rubric.data?.items.map((i) => i.itemId) ?? [];
  const submission = useSubmission(shownPaths(form, itemIds));
  const { error, findings, placed, busy } = submission;
  const dirty = comparable(form) !== comparable(saved);

  // The findings of the stored draft, at their fields, as soon as the page opens.
  const shownOnce = useRef(false);
  useEffect(() => {
    if (shownOnce.current || !props.existing) return;
    shownOnce.current = true;
    submission.show(props.existing.vetting.findings);
  }, [props.existing, submission.show]);

  // Unsaved work survives a reload; it is dropped once saved (PIPL: no copy kept longer than needed).
  useEffect(() => {
    if (dirty) window.localStorage.setItem(key, JSON.stringify(form));
    else window.localStorage.removeItem(key);
    props.onDirtyChange?.(dirty);
  }, [dirty, form, key, props.onDirtyChange]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Browsers show their own text; setting returnValue is what makes them ask.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const update = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));
  const org = form.organization;
  const setOrg = (patch: Partial<FormState['organization']>) =>
    update({ organization: { ...org, ...patch } });
  const setContact = (patch: Partial<FormState['organization']['contact']>) =>
    setOrg({ contact: { ...org.contact, ...patch } });
  const setMember = (i: number, patch: Partial<MemberBody>) =>
    update({ members: form.members.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  const declarations = form.declarations[form.category];
  const declare = (key: string, checked: boolean) =>
    update({ declarations: { ...form.declarations, [form.category]: { ...declarations, [key]: checked } } });
  /** Binds a text input or select of this form to its value and findings. */
  const bind = (path: string, value: string, change: (value: string) => void) =>
    bindField(placed, path, value, change);

  async function save(event: FormEvent) {
    event.preventDefault();
    const local = [
      ...missingFields(form),
      ...(rubric.data ? checkScores(rubric.data, form.scores, 'selfEvaluation.items.', false) : []),
    ];
    if (local.length > 0) {
      submission.show(local);
      focusFirstError();
      return;
    }
    const body = bodyOf(form);
    let answer: Application | undefined;
    const ok = await submission.run(async () => {
      // The version last seen: the page's (which moves with evidence uploads) or the last save's.
      const version = Math.max(props.existing?.version ?? 0, draft?.version ?? 0);
      answer = draft
        ? await api.updateApplication(draft.applicationId, body, version)
        : await api.createApplication(props.roundId, body);
    });
    if (!ok || !answer) {
      focusFirstError();
      return;
    }
    const stored = answer;
    // Saved: the browser's copy goes now, before onSaved may leave the page.
    window.localStorage.removeItem(key);
    setDraft(stored);
    setSaved(form);
    setSavedHere(true);
    submission.show(stored.vetting.findings);
    if (stored.vetting.findings.length > 0) focusFirstError();
    props.onSaved(stored);
  }

  return (
    <form onSubmit={save} noValidate className="application-form">
      {restored && dirty ? (
        <Notice tone="info">已恢复上次在本浏览器中未保存的修改，请检查后保存。</Notice>
      ) : null}
      {draft && findings.length > 0 ? (
        <div className="alert warning" role="alert">
          <p>
            <strong>草稿已保存，但有 {findings.length} 项不符合申报基本条件</strong>
            ，提交时会被拒绝。请按各栏下方的提示修改后保存。
          </p>
        </div>
      ) : null}
      <ErrorAlert error={error} extra={placed.general} />

      <RadioGroup
        legend="申报类别"
        name="category"
        value={form.category}
        options={[
          { value: 'organization', label: '组织（企业）' },
          { value: 'individual', label: '个人（可3人以内共同申报）' },
        ]}
        onChange={(category) => update({ category, scores: {} })}
      />

      {form.category === 'organization' ? (
        <fieldset>
          <legend>组织基本信息</legend>
          <div className="grid-2">
            <TextField
              label="组织名称"
              required
              {...bind('organization.name', org.name, (name) => setOrg({ name }))}
            />
            <TextField
              label="统一社会信用代码"
              required
              maxLength={18}
              hint="18位，须为太原市登记注册（第3至6位为1401开头的行政区划码）"
              {...bind('organization.creditCode', org.creditCode, (creditCode) => setOrg({ creditCode }))}
            />
            <TextField
              label="注册登记日期"
              required
              type="date"
              hint="至申报截止日须正常运行满3年（第九条）"
              {...bind('organization.registeredOn', org.registeredOn, (registeredOn) =>
                setOrg({ registeredOn }),
              )}
            />
            <SelectField
              label="所属行业"
              required
              {...bind('organization.industry', org.industry, (industry) => setOrg({ industry }))}
              options={Object.entries(INDUSTRY_LABELS).map(([value, label]) => ({ value, label }))}
            />
            <TextField
              label="地址"
              autoComplete="street-address"
              {...bind('organization.address', org.address, (address) => setOrg({ address }))}
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
              required
              autoComplete="name"
              {...bind('organization.contact.name', org.contact.name, (name) => setContact({ name }))}
            />
            <TextField
              label="联系电话"
              required
              type="tel"
              autoComplete="tel"
              {...bind('organization.contact.phone', org.contact.phone, (phone) => setContact({ phone }))}
            />
            <TextField
              label="电子邮箱"
              type="email"
              autoComplete="email"
              {...bind('organization.contact.email', org.contact.email, (email) => setContact({ email }))}
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
                {MEMBER_FIELDS.map((f) => (
                  <TextField
                    key={f.key}
                    label={f.label}
                    required
                    hint={f.hint}
                    {...f.input}
                    {...bind(`members[${i}].${f.key}`, m[f.key], (value) => setMember(i, { [f.key]: value }))}
                  />
                ))}
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
          required
          {...bind('jurisdiction', form.jurisdiction, (jurisdiction) => update({ jurisdiction }))}
          options={[
            { value: '', label: '请选择' },
            ...JURISDICTIONS.map((j) => ({ value: j.id, label: j.name })),
          ]}
        />
      </fieldset>

      <fieldset>
        <legend>承诺声明</legend>
        {DECLARATIONS[form.category].map((d) => (
          <CheckField
            key={`${form.category}-${d.key}`}
            label={d.label}
            path={`declarations.${d.key}`}
            findings={placed}
            checked={declarations[d.key] ?? false}
            onChange={(e) => declare(d.key, e.target.checked)}
          />
        ))}
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
        rows={6}
        {...bind('selfEvaluation.summary', form.summary, (summary) => update({ summary }))}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? '正在保存……' : draft ? '保存修改并检查申报条件' : '保存草稿并检查申报条件'}
        </button>
      </div>
      {dirty ? (
        <p className="hint" role="status">
          有尚未保存的修改（已暂存在本浏览器中）。
        </p>
      ) : null}
      {savedHere && !dirty && findings.length === 0 ? (
        <Notice tone="success">草稿已保存，符合申报基本条件。请上传证明材料后提交。</Notice>
      ) : null}
    </form>
  );
}

export function ApplyPage(props: { roundId: string }) {
  useTitle('填写申报书');
  const round = useAsync(() => api.round(props.roundId), [props.roundId]);
  const r = round.data;
  return (
    <>
      <p>
        <Link to="/my">← 我的申报</Link>
      </p>
      <h1>填写申报书</h1>
      <Loading state={round} />
      {r ? (
        <>
          <p>
            {r.title}：申报截止 {formatBeijing(r.callClosesAt, { deadline: true })}
          </p>
          <ApplicationForm
            roundId={props.roundId}
            rubricVersion={r.rubricVersion}
            onSaved={(created) =>
              navigate(
                `/applications/${encodeURIComponent(created.applicationId)}${created.vetting.findings.length === 0 ? '?saved=1' : ''}`,
              )
            }
          />
        </>
      ) : null}
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
