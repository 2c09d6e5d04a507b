/**
 * Art. 18 (2): the applicant submits a draft while the call is open. Every basic condition is
 * checked again now (a ban may have been added, the call may have been extended), together with
 * the evidence (at least one verified file) and the consent to processing personal information;
 * every failure is listed at once and the draft is left exactly as it was.
 */
import { DomainError, type Finding } from '../domain/errors.ts';
import { assertApplicationTransition } from '../domain/stages.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ApplicationRecord } from '../ports/records.ts';
import {
  type ApplicationView,
  assertCallOpen,
  loadOwnApplication,
  requireRole,
} from './applications/context.ts';
import { auditSnapshot, bodyOf, eligibilityFindings, vettingOf } from './applications/vetting.ts';
import { auditEvent } from './audit.ts';
import { applicantNotice } from './notifications/notify.ts';
import { loadRound } from './rounds/support.ts';

export interface SubmitInput {
  applicationId: string;
  /**
   * PIPL Art. 29: the consent text's version the applicant accepted. The portal shows the current
   * text next to the submit button, so submitting without it records consent to the current
   * version; a different (outdated) version, or `accepted: false`, is refused with DECLARATION_MISSING.
   */
  consent?: { version: string; accepted?: boolean };
}

/** The error listing every failed rule; its code is the first finding's (API.md codes), VALIDATION_FAILED last. */
export function submissionRefused(findings: readonly Finding[]): DomainError {
  const ordered = [
    ...findings.filter((f) => f.code !== 'VALIDATION_FAILED'),
    ...findings.filter((f) => f.code === 'VALIDATION_FAILED'),
  ];
  return new DomainError(
    ordered[0]!.code,
    `申报不符合提交条件，共 ${ordered.length} 项：${ordered.map((f) => f.message).join('；')}`,
    ordered,
  );
}

/** Submits the caller's draft; 409 STAGE_CLOSED outside the call, 422 with every failed rule. */
export async function submitApplication(
  deps: Deps,
  actor: Actor,
  input: SubmitInput,
): Promise<ApplicationView> {
  requireRole(actor, 'applicant');
  const application = await loadOwnApplication(deps, actor, input.applicationId);
  const round = await loadRound(deps, application.roundId);
  const now = deps.clock.now();
  assertApplicationTransition(application.status, 'submitted', 'applicant', round.stage);
  assertCallOpen(round, now);

  const body = await bodyOf(deps, application);
  const findings = await eligibilityFindings(deps, round, body, application.subjectKeys);
  const consentVersion = deps.config.consentVersion;
  if (input.consent?.accepted === false) {
    findings.push({
      path: 'consent.accepted',
      code: 'DECLARATION_MISSING',
      message: '未同意个人信息处理告知同意书，不能提交申报（《个人信息保护法》第二十九条）',
    });
  } else if (input.consent && input.consent.version !== consentVersion) {
    findings.push({
      path: 'consent.version',
      code: 'DECLARATION_MISSING',
      message: `个人信息处理告知同意书已更新为 ${consentVersion} 版（您同意的是 ${input.consent.version} 版），请阅读并同意最新版本后再提交`,
    });
  }
  const evidence = await deps.store.listEvidence(application.applicationId);
  if (!evidence.some((e) => e.status === 'verified')) {
    findings.push({
      path: 'evidence',
      code: 'EVIDENCE_NOT_VERIFIED',
      message: '至少需要1份已上传并通过核验的证实材料',
      article: '第十八条第（二）项',
    });
  }
  if (findings.length > 0) throw submissionRefused(findings);

  const at = now.toISOString();
  const submitted: ApplicationRecord = {
    ...application,
    status: 'submitted',
    vetting: vettingOf([], now),
    consent: { version: consentVersion, at },
    submittedAt: at,
    updatedAt: at,
  };
  await deps.store.commit({
    changes: [
      { op: 'put', entity: { type: 'application', record: submitted } },
      ...applicantNotice(deps, 'application.submitted', round, submitted, now),
    ],
    audit: [
      auditEvent({
        entityType: 'application',
        entityId: application.applicationId,
        verb: 'submitted',
        actor,
        at: now,
        before: auditSnapshot(application),
        after: auditSnapshot(submitted),
      }),
    ],
  });
  return { application: { ...submitted, version: application.version + 1 }, evidence, owner: true };
}
