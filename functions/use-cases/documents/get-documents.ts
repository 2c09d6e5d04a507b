/**
 * The PDFs of API.md v2 "Documents": who may have each, and when it can exist (a notice before its
 * window, a commendation before `announced`, a revocation notice of a standing award: 404).
 */
import { certificatePdf, officialDocumentPdf, PDF_CONTENT_TYPE } from '../../documents/pdf.ts';
import type { Deps } from '../../ports/deps.ts';
import type { Actor, RoundRecord } from '../../ports/records.ts';
import { hasRole, isOwner, isRecommenderOf, notFound } from '../access.ts';
import { loadRound } from '../rounds/support.ts';
import { documentNotFound, type IssuedDocument, issueDocument, PUBLIC_ACTOR } from './issue.ts';
import {
  applicationFormModel,
  certificateModel,
  commendationModel,
  noticeModel,
  revocationModel,
  revocationNumber,
} from './pdf-models.ts';
import { isDraftOnly } from './round-data.ts';

const pdf = { contentType: PDF_CONTENT_TYPE, extension: 'pdf' } as const;

/** 申报表 as submitted: owner, staff, supervisor, its recommender. A draft has no form yet. */
export async function applicationForm(
  deps: Deps,
  actor: Actor,
  applicationId: string,
): Promise<IssuedDocument> {
  const application = await deps.store.getApplication(applicationId);
  if (!application) throw notFound();
  const allowed =
    isOwner(actor, application) ||
    hasRole(actor, 'staff', 'supervisor') ||
    isRecommenderOf(actor, application);
  if (!allowed || isDraftOnly(application)) throw notFound();
  const round = await loadRound(deps, application.roundId);
  const model = applicationFormModel(round, application);
  return issueDocument(deps, actor, {
    ...pdf,
    roundId: round.roundId,
    subjectId: applicationId,
    kind: 'form',
    fileName: `申报表-${application.displayName}.pdf`,
    model,
    render: () => officialDocumentPdf(model),
  });
}

/** 公示 of a window, once it is open: public. */
export async function noticeDocument(
  deps: Deps,
  actor: Actor | undefined,
  windowId: string,
): Promise<IssuedDocument> {
  const window = await deps.store.getWindow(windowId);
  if (!window || new Date(window.opensAt) > deps.clock.now()) throw documentNotFound('公示');
  const round = await loadRound(deps, window.roundId);
  const model = noticeModel(round, window);
  return issueDocument(deps, actor ?? PUBLIC_ACTOR, {
    ...pdf,
    roundId: round.roundId,
    subjectId: windowId,
    kind: 'notice',
    fileName: `${window.kind === 'winners' ? '拟获奖名单公示' : '受理名单公示'}-第${round.ordinal}届.pdf`,
    model,
    render: () => officialDocumentPdf(model),
  });
}

/** 表彰决定, public once the round is announced. */
export async function commendationDocument(
  deps: Deps,
  actor: Actor | undefined,
  roundId: string,
): Promise<IssuedDocument> {
  const round = await deps.store.getRound(roundId);
  if (round?.stage !== 'announced' || !round.approval) throw documentNotFound('表彰决定');
  const awards = (await deps.store.listAwards(roundId)).sort((a, b) => (a.awardId < b.awardId ? -1 : 1));
  const model = commendationModel(round, awards);
  return issueDocument(deps, actor ?? PUBLIC_ACTOR, {
    ...pdf,
    roundId,
    subjectId: roundId,
    kind: 'commendation',
    fileName: `表彰决定-第${round.ordinal}届.pdf`,
    model,
    render: () => officialDocumentPdf(model),
  });
}

/** 荣誉证书: staff, and the award's applicant. */
export async function certificateDocument(
  deps: Deps,
  actor: Actor,
  awardId: string,
): Promise<IssuedDocument> {
  const award = await deps.store.getAward(awardId);
  if (!award) throw documentNotFound('奖项');
  if (!hasRole(actor, 'staff')) {
    const application = await deps.store.getApplication(award.applicationId);
    if (!application || !isOwner(actor, application)) throw documentNotFound('奖项');
  }
  const round = await loadRound(deps, award.roundId);
  const model = certificateModel(round, award);
  return issueDocument(deps, actor, {
    ...pdf,
    roundId: round.roundId,
    subjectId: awardId,
    kind: 'certificate',
    fileName: `荣誉证书-${award.displayName}.pdf`,
    model,
    render: () => certificatePdf(model),
  });
}

/** 撤销公告 of a revoked award: public once revoked. */
export async function revocationDocument(
  deps: Deps,
  actor: Actor | undefined,
  awardId: string,
): Promise<IssuedDocument> {
  const award = await deps.store.getAward(awardId);
  if (award?.status !== 'revoked' || !award.revocation) throw documentNotFound('撤销公告');
  const round = await loadRound(deps, award.roundId);
  const model = revocationModel(round, award, await revocationSequence(deps, round, awardId));
  return issueDocument(deps, actor ?? PUBLIC_ACTOR, {
    ...pdf,
    roundId: round.roundId,
    subjectId: awardId,
    kind: 'revocation',
    fileName: `撤销公告-${award.displayName}.pdf`,
    model,
    render: () => officialDocumentPdf(model),
  });
}

async function revocationSequence(deps: Deps, round: RoundRecord, awardId: string): Promise<number> {
  return revocationNumber(round, await deps.store.listAwards(round.roundId), awardId);
}
