/**
 * What an earlier run of the same Idempotency-Key request created (route.ts `recover`): each reads
 * back the record under the id that run drew from `deps.ids` (request-ids.ts derives them from the
 * key), so a retry after a crash between the commit and the stored response answers that record
 * instead of creating a second one. `undefined`: the earlier run committed nothing (or never ran).
 */
import type { Deps } from '../ports/deps.ts';
import type { PresignedUpload } from '../ports/evidence-store.ts';
import type { Actor, EvidenceRecord, SanctionRecord } from '../ports/records.ts';
import { type ApplicationView, viewOf as applicationViewOf } from './applications/context.ts';
import { type ImportSanctionInput, resolveSubject } from './import-sanction.ts';
import { type RoundView, viewOf as roundViewOf } from './rounds/support.ts';

/** The round `createRound` made for this request (rounds are few: one List). */
export async function earlierRound(deps: Deps): Promise<RoundView | undefined> {
  const creationId = deps.ids.next('round');
  const round = (await deps.store.listRounds()).find((r) => r.creationId === creationId);
  return round && roundViewOf(deps, round);
}

export async function earlierApplication(deps: Deps, actor: Actor): Promise<ApplicationView | undefined> {
  const application = await deps.store.getApplication(deps.ids.next('app'));
  if (!application || application.ownerSub !== actor.sub) return undefined;
  return applicationViewOf(deps, actor, application);
}

export async function earlierObjection(deps: Deps): Promise<{ objectionId: string } | undefined> {
  const objection = await deps.store.getObjection(deps.ids.next('obj'));
  return objection ? { objectionId: objection.objectionId } : undefined;
}

export async function earlierSanction(
  deps: Deps,
  input: ImportSanctionInput,
): Promise<SanctionRecord | undefined> {
  const sanctionId = deps.ids.next('sanction');
  const { subject } = resolveSubject(deps, input.subject);
  if (!subject) return undefined;
  const sanctions = await deps.store.listSanctionsForSubjects([subject.subjectKey]);
  return sanctions.find((s) => s.sanctionId === sanctionId);
}

/**
 * The evidence `requestEvidenceUpload` registered for this request, with a fresh upload form for
 * its key: the first form is not stored, and an equivalent one (same key, type and size) serves.
 */
export async function earlierEvidenceUpload(
  deps: Deps,
  applicationId: string,
): Promise<{ evidence: EvidenceRecord; upload: PresignedUpload } | undefined> {
  const evidence = await deps.store.getEvidence(applicationId, deps.ids.next('ev'));
  // Only a file still waiting for its upload: a verified one is never offered to an upload form again.
  if (evidence?.status !== 'pending') return undefined;
  const upload = await deps.evidence.presignUpload({
    key: evidence.key,
    contentType: evidence.contentType,
    minBytes: evidence.size,
    maxBytes: evidence.size,
  });
  return { evidence, upload };
}
