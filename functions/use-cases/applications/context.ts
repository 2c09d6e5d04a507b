/**
 * Shared loading and guards of the application use cases: the round an application belongs to, the
 * rulebook it is judged by, the owner-only and visibility checks, and the call's time limits.
 */
import { DomainError } from '../../domain/errors.ts';
import { RULEBOOKS, type Rulebook } from '../../domain/rulebook.ts';
import { assertDraftEditable, ROUND_STAGE_LABELS } from '../../domain/stages.ts';
import type { Deps } from '../../ports/deps.ts';
import type {
  Actor,
  ApplicationRecord,
  EvidenceRecord,
  EvidenceSummary,
  RoundRecord,
  ScheduleSlotRecord,
} from '../../ports/records.ts';
import type { Change } from '../../ports/store.ts';
import { canReadApplication, hasRole, isOwner, notFound, type Role } from '../access.ts';

/** What the application routes present: the record, its evidence and whether the caller owns it. */
export interface ApplicationView {
  application: ApplicationRecord;
  evidence: EvidenceRecord[];
  /** Only the owner sees ID and phone numbers in full (DESIGN.md §5). */
  owner: boolean;
  /** The owner's on-site and defence slots (API.md "Schedules"), on the single-application read. */
  schedule?: ScheduleSlotRecord[];
}

/** FORBIDDEN unless the actor holds one of `roles` (the route checks it too; use cases re-check). */
export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!hasRole(actor, ...roles)) {
    throw new DomainError('FORBIDDEN', '当前角色无权执行此操作');
  }
}

/** The application if the actor may read it (API.md), else NOT_FOUND. */
export async function loadReadableApplication(
  deps: Deps,
  actor: Actor,
  applicationId: string,
): Promise<ApplicationRecord> {
  const application = await deps.store.getApplication(applicationId);
  if (!application) throw notFound();
  const assignments = await deps.store.listAssignmentsForApplication(applicationId);
  if (!canReadApplication(actor, application, assignments)) throw notFound();
  return application;
}

/** The application if the actor created it, else NOT_FOUND (ids cannot be probed). */
export async function loadOwnApplication(
  deps: Deps,
  actor: Actor,
  applicationId: string,
): Promise<ApplicationRecord> {
  const application = await deps.store.getApplication(applicationId);
  if (!application || !isOwner(actor, application)) throw notFound();
  return application;
}

/** The view of an application for `actor`, with its evidence files. */
export async function viewOf(
  deps: Deps,
  actor: Actor,
  application: ApplicationRecord,
): Promise<ApplicationView> {
  const evidence = await deps.store.listEvidence(application.applicationId);
  return { application, evidence, owner: isOwner(actor, application) };
}

/**
 * The view for lists of many applications: the evidence from the application's evidence summary,
 * so that a page is one Query (DESIGN.md §5); queried only for an application without one.
 */
export async function listedViewOf(
  deps: Deps,
  actor: Actor,
  application: ApplicationRecord,
): Promise<ApplicationView> {
  const evidence =
    evidenceFromSummary(application) ?? (await deps.store.listEvidence(application.applicationId));
  return { application, evidence, owner: isOwner(actor, application) };
}

/** The evidence records kept on the application, in the store's order; null when it keeps none. */
export function evidenceFromSummary(application: ApplicationRecord): EvidenceRecord[] | null {
  if (application.evidenceSummary === undefined) return null;
  return application.evidenceSummary.map((entry) => ({
    ...entry,
    applicationId: application.applicationId,
    roundId: application.roundId,
  }));
}

const summaryEntry = ({ applicationId: _a, roundId: _r, ...entry }: EvidenceRecord): EvidenceSummary => entry;

/**
 * The change that keeps `evidence` in its application's evidence summary, for the commit that puts
 * `evidence` (with the version read, as every record passed to commit: the summary keeps the
 * version the store will write). `application` is the application as it will be written (read
 * from the store when not given; no change when it does not exist). An application without a
 * summary yet gets one built from its stored evidence first, so that a summary is never partial.
 * The put is conditional on the application's version: concurrent evidence writes cannot lose
 * each other's entries.
 */
export async function evidenceSummaryChanges(
  deps: Deps,
  evidence: EvidenceRecord,
  application?: ApplicationRecord,
): Promise<Change[]> {
  const owner = application ?? (await deps.store.getApplication(evidence.applicationId));
  if (!owner) return [];
  const current =
    owner.evidenceSummary ?? (await deps.store.listEvidence(owner.applicationId)).map(summaryEntry);
  const written = { ...summaryEntry(evidence), version: evidence.version + 1 };
  const evidenceSummary = [...current.filter((e) => e.evidenceId !== evidence.evidenceId), written].sort(
    (a, b) => (a.evidenceId < b.evidenceId ? -1 : a.evidenceId > b.evidenceId ? 1 : 0),
  );
  return [{ op: 'put', entity: { type: 'application', record: { ...owner, evidenceSummary } } }];
}

/** Art. 31: the rulebook the round was fixed to when it opened. */
export function rulebookOf(round: RoundRecord): Rulebook {
  const rulebook = RULEBOOKS.find((r) => r.version === round.rulebookVersion);
  if (!rulebook) {
    throw new DomainError(
      'RULEBOOK_NOT_IN_FORCE',
      `第${round.ordinal}届采用的评选办法版本 ${round.rulebookVersion} 不存在（第三十一条）`,
    );
  }
  return rulebook;
}

const at = (iso: string): number => new Date(iso).getTime();

/** An instant as people in Taiyuan read it: `2026-09-28 09:00（北京时间）`. */
export function beijingTime(iso: string): string {
  const local = new Date(at(iso) + 8 * 60 * 60 * 1000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}（北京时间）`;
}

/**
 * Art. 18 (2): drafts and their evidence may be prepared until the call closes (also before it
 * opens: only submission needs the call to be open). STAGE_CLOSED otherwise.
 */
export function assertDraftsAccepted(round: RoundRecord, now: Date): void {
  if (round.stage !== 'call-open' || now.getTime() >= at(round.callClosesAt)) {
    const stage = ROUND_STAGE_LABELS[round.stage];
    throw new DomainError(
      'STAGE_CLOSED',
      `第${round.ordinal}届申报已于 ${beijingTime(round.callClosesAt)}截止（当前阶段：${stage}），不能再申报或修改申报材料`,
    );
  }
}

/** Evidence may change only on a draft while the call accepts drafts (evidence is immutable once submitted). */
export function assertEvidenceEditable(application: ApplicationRecord, round: RoundRecord, now: Date): void {
  assertDraftEditable(application.status, round.stage);
  assertDraftsAccepted(round, now);
}

/** API.md: submission requires `callOpensAt ≤ now < callClosesAt`; outside it, 409 STAGE_CLOSED. */
export function assertCallOpen(round: RoundRecord, now: Date): void {
  if (round.stage === 'call-open' && now.getTime() < at(round.callOpensAt)) {
    throw new DomainError(
      'STAGE_CLOSED',
      `第${round.ordinal}届申报尚未开始（${beijingTime(round.callOpensAt)}开始受理），暂不能提交申报`,
    );
  }
  assertDraftsAccepted(round, now);
}
