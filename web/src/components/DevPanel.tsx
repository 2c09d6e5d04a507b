/**
 * Local mode only (the embedded platform answers GET /v1/dev/clock): a role switcher that asks the
 * dev issuer for tokens, and the platform clock with controls to move it forward.
 */
import { type FormEvent, useEffect, useState } from 'react';
import type { Role } from '../../../functions/handlers/api/schemas/index.ts';
import { api, errorMessage } from '../lib/api.ts';
import { currentSession, setToken } from '../lib/auth.ts';
import { useSubmission } from '../lib/forms.ts';
import { refreshAll, setPlatformNow, useNow } from '../lib/hooks.ts';
import { JURISDICTIONS, ROLE_LABELS, ROLES } from '../lib/labels.ts';
import { formatBeijing, fromBeijingInput, toBeijingInput } from '../lib/time.ts';
import { InlineInput, InlineSelect } from './ui.tsx';

export interface DevIdentity {
  key: string;
  label: string;
  sub: string;
  roles: Role[];
  name: string;
  organizationCode?: string;
  jurisdiction?: string;
}

/** Sample people of DESIGN.md §1 to sign in as. */
export const DEV_IDENTITIES: readonly DevIdentity[] = [
  {
    key: 'applicant',
    label: '申报人（组织联系人）',
    sub: 'applicant-org-1',
    roles: ['applicant'],
    name: '王经理',
  },
  {
    key: 'applicant-person',
    label: '申报人（个人）',
    sub: 'applicant-person-1',
    roles: ['applicant'],
    name: '李工',
  },
  {
    key: 'recommender',
    label: '推荐单位（小店区人民政府）',
    sub: 'recommender-140105',
    roles: ['recommender'],
    name: '小店区推荐单位',
    jurisdiction: '140105',
  },
  { key: 'staff', label: '评选办工作人员', sub: 'staff-1', roles: ['staff'], name: '评选办张老师' },
  { key: 'reviewer-1', label: '评审专家一', sub: 'reviewer-1', roles: ['reviewer'], name: '赵专家' },
  { key: 'reviewer-2', label: '评审专家二', sub: 'reviewer-2', roles: ['reviewer'], name: '钱专家' },
  { key: 'reviewer-3', label: '评审专家三', sub: 'reviewer-3', roles: ['reviewer'], name: '孙专家' },
  { key: 'leader', label: '领导小组', sub: 'leader-1', roles: ['leader'], name: '领导小组成员' },
  {
    key: 'supervisor',
    label: '监督人员（纪检监察）',
    sub: 'supervisor-1',
    roles: ['supervisor'],
    name: '监督员',
  },
];

export async function signInAs(identity: Omit<DevIdentity, 'key' | 'label'>): Promise<void> {
  const { token } = await api.devToken({
    sub: identity.sub,
    roles: identity.roles,
    name: identity.name,
    ...(identity.organizationCode ? { organizationCode: identity.organizationCode } : {}),
    ...(identity.jurisdiction ? { jurisdiction: identity.jurisdiction } : {}),
  });
  setToken(token);
  refreshAll();
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function DevPanel() {
  const now = useNow(10_000);
  const { error, busy, run } = useSubmission();
  const [target, setTarget] = useState('');
  const [custom, setCustom] = useState({ sub: '', role: 'applicant' as Role, jurisdiction: '' });
  const session = currentSession();
  const selected = DEV_IDENTITIES.find((i) => i.sub === session?.claims.sub)?.key ?? '';

  // The platform clock may stand still or be moved by others (tests, another tab): follow it.
  useEffect(() => {
    const timer = setInterval(() => {
      api.devClock().then(
        ({ now: serverNow }) => setPlatformNow(serverNow),
        () => undefined,
      );
    }, 15_000);
    return () => clearInterval(timer);
  }, []);

  const moveClock = (toIso: string) =>
    run(async () => {
      const { now: moved } = await api.setDevClock(toIso);
      setPlatformNow(moved);
      refreshAll();
    });

  const switchRole = (key: string) =>
    run(async () => {
      if (key === '') {
        setToken(undefined);
        refreshAll();
        return;
      }
      const identity = DEV_IDENTITIES.find((i) => i.key === key);
      if (identity) await signInAs(identity);
    });

  function submitTarget(event: FormEvent) {
    event.preventDefault();
    const iso = fromBeijingInput(target);
    if (iso) void moveClock(iso);
  }

  function submitCustom(event: FormEvent) {
    event.preventDefault();
    if (!custom.sub.trim()) return;
    void run(() =>
      signInAs({
        sub: custom.sub.trim(),
        roles: [custom.role],
        name: custom.sub.trim(),
        ...(custom.jurisdiction ? { jurisdiction: custom.jurisdiction } : {}),
      }),
    );
  }

  return (
    <section className="dev-panel" aria-label="本地模式：身份与平台时钟">
      <div className="dev-row">
        <strong className="dev-tag">本地模式</strong>
        <InlineSelect
          id="dev-role"
          label="切换身份"
          value={selected}
          disabled={busy}
          onChange={(e) => void switchRole(e.target.value)}
          options={[
            { value: '', label: '未登录（公众）' },
            ...DEV_IDENTITIES.map((i) => ({ value: i.key, label: i.label })),
            ...(session && !selected ? [{ value: '', label: session.claims.sub }] : []),
          ]}
        />
        <span className="dev-clock" aria-live="polite">
          平台时间：
          <time dateTime={new Date(now).toISOString()}>{formatBeijing(new Date(now).toISOString())}</time>
        </span>
        <button
          type="button"
          disabled={busy}
          onClick={() => void moveClock(new Date(now + DAY_MS).toISOString())}
        >
          +1天
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => void moveClock(new Date(now + 7 * DAY_MS).toISOString())}
        >
          +1周
        </button>
        <form onSubmit={submitTarget} className="inline-form">
          <InlineInput
            id="dev-clock-to"
            label="调到（北京时间）"
            type="datetime-local"
            value={target}
            min={toBeijingInput(now)}
            onChange={(e) => setTarget(e.target.value)}
          />
          <button type="submit" disabled={busy || !target}>
            调整时钟
          </button>
        </form>
      </div>
      <details>
        <summary>以其他身份登录</summary>
        <form onSubmit={submitCustom} className="inline-form">
          <InlineInput
            id="dev-sub"
            label="登录标识 sub"
            value={custom.sub}
            onChange={(e) => setCustom({ ...custom, sub: e.target.value })}
          />
          <InlineSelect
            id="dev-custom-role"
            label="角色"
            value={custom.role}
            onChange={(e) => setCustom({ ...custom, role: e.target.value as Role })}
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          />
          <InlineSelect
            id="dev-jurisdiction"
            label="所属辖区"
            value={custom.jurisdiction}
            onChange={(e) => setCustom({ ...custom, jurisdiction: e.target.value })}
            options={[
              { value: '', label: '（无）' },
              ...JURISDICTIONS.map((j) => ({ value: j.id, label: j.name })),
            ]}
          />
          <button type="submit" disabled={busy}>
            登录
          </button>
        </form>
      </details>
      {error ? (
        <p className="field-errors" role="alert">
          {errorMessage(error)}
        </p>
      ) : null}
    </section>
  );
}
