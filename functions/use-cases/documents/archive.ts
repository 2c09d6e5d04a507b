/**
 * The round archive (`kind: "archive"`): one ZIP, streamed to storage as it is written (yazl), that
 * lets a discipline inspector (Art. 15) re-derive the results without the platform — every score
 * sheet (counted or not) with the assignments, the weights, the rubric and the trimmed-mean rule,
 * each reviewer draw's seed and pool as audited, each window's calendar version, the audit trail as
 * JSON lines with its hashes — besides the Excel exports and the PDFs. `index.json` at its root
 * lists every file with its SHA-256. scripts/recompute-ranking.ts recomputes the ranking from it.
 */
import { PassThrough } from 'node:stream';
import yazl from 'yazl';
import { workbookOf } from '../../documents/excel.ts';
import { certificatePdf, officialDocumentPdf } from '../../documents/pdf.ts';
import { REVIEW_STAGES } from '../../domain/model.ts';
import { resultsItemsOf, rubricFor } from '../../domain/rubrics.ts';
import type { Deps } from '../../ports/deps.ts';
import type { Actor, ApplicationRecord, AuditEntry } from '../../ports/records.ts';
import { rulebookOf } from '../applications/context.ts';
import { auditEvent } from '../audit.ts';
import { type ExcelKind, excelFileName, sheetsOf } from './exports.ts';
import { digestOf, documentKey, documentsOf, sha256Of } from './issue.ts';
import {
  applicationFormModel,
  certificateModel,
  commendationModel,
  noticeModel,
  revocationModel,
  revocationNumber,
} from './pdf-models.ts';
import { countedSheets, loadRoundData, type RoundData, roundAuditTrail } from './round-data.ts';
import { auditSheet } from './sheets.ts';

const EXCEL_KINDS: readonly ExcelKind[] = [
  'applications',
  'scores',
  'ranking',
  'objections',
  'winners',
  'statistics',
  'audit',
];

/** Entries carry a fixed time, so the same round gives the same bytes. */
const MTIME = new Date('2000-01-01T00:00:00Z');

export interface ArchiveFile {
  path: string;
  size: number;
  sha256: string;
  description: string;
}

/** An application as archived: masked personal data only, no ciphertexts, no lookup hashes. */
export function archivedApplication(a: ApplicationRecord) {
  return {
    applicationId: a.applicationId,
    roundId: a.roundId,
    category: a.category,
    displayName: a.displayName,
    status: a.status,
    jurisdiction: a.jurisdiction,
    ...(a.organization
      ? {
          organization: {
            name: a.organization.name,
            creditCode: a.organization.creditCode,
            registeredOn: a.organization.registeredOn,
            industry: a.organization.industry,
            sme: a.organization.sme,
            contact: { name: a.organization.contact.name, phoneMasked: a.organization.contact.phoneMasked },
          },
        }
      : {}),
    ...(a.members
      ? {
          members: a.members.map((m) => ({
            name: m.name,
            idMasked: m.idMasked,
            employer: m.employer,
            employerCreditCode: m.employerCreditCode,
            qualityWorkSince: m.qualityWorkSince,
          })),
        }
      : {}),
    declarations: a.declarations,
    selfEvaluation: a.selfEvaluation,
    ...(a.recommendation ? { recommendation: a.recommendation } : {}),
    ...(a.qualification ? { qualification: a.qualification } : {}),
    ...(a.tier ? { tier: a.tier } : {}),
    createdAt: a.createdAt,
    ...(a.submittedAt ? { submittedAt: a.submittedAt } : {}),
  };
}

/** The rules the ranking was computed with (rules.json): enough to recompute it by hand. */
export function rulesOf(data: RoundData) {
  const rulebook = rulebookOf(data.round);
  const rubric = (category: 'organization' | 'individual') => {
    const r = rubricFor(category, data.round.rubricVersion);
    return { ...r, resultsItemIds: resultsItemsOf(r).map((i) => i.itemId) };
  };
  return {
    rulebookVersion: data.round.rulebookVersion,
    rubricVersion: data.round.rubricVersion,
    weights: data.round.weights,
    quotas: data.round.quotas,
    minimumPercent: data.round.minimumPercent,
    stageScore: {
      rule: 'trimmed-mean',
      trimmedMeanMinReviewers: rulebook.trimmedMeanMinReviewers,
      description: `阶段得分为计分评审专家总分的平均值；计分专家达到 ${rulebook.trimmedMeanMinReviewers} 人时去掉一个最高分和一个最低分`,
    },
    divergenceThreshold: rulebook.divergenceThreshold,
    counted: '评分表计分：该专家对该申报、该阶段的分配有效（未撤回），且评分表未标记 counted=false',
    composite: '综合得分 = Σ 权重 × 阶段得分百分比；未进入的阶段按 0 计',
    tieBreak: [
      'compositePercent desc',
      'onsitePercent desc',
      'resultsItemsPercent desc',
      'submittedAt asc',
      'applicationId asc',
    ],
    resultsStages: ['onsite', 'material', 'defense'],
    candidates:
      '进入综合评价的申报（状态 candidate 及其后：proposed、not-awarded、awarded、revoked）即排名中的申报',
    rubrics: { organization: rubric('organization'), individual: rubric('individual') },
  };
}

const jsonl = (rows: readonly unknown[]) =>
  rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length ? '\n' : '');

/** The digest of everything the archive shows: its content address. */
function archiveDigest(data: RoundData, trail: readonly AuditEntry[]): string {
  return digestOf('archive', {
    round: data.round,
    applications: data.applications.map((a) => [a.applicationId, a.version]),
    assignments: data.assignments.map((a) => [a.applicationId, a.stage, a.reviewerId, a.version]),
    scores: data.scores.map((s) => [s.applicationId, s.stage, s.reviewerId, s.version]),
    ranking: data.ranking?.computedAt ?? null,
    decision: data.decision?.version ?? null,
    objections: data.objections.map((o) => [o.objectionId, o.version]),
    awards: data.awards.map((a) => [a.awardId, a.version]),
    windows: data.windows.map((w) => [w.windowId, w.version]),
    trail: trail.map((e) => e.hash),
  });
}

/** Builds the archive of a round into storage (once per content); audits its generation. */
export async function buildArchive(
  deps: Deps,
  actor: Actor,
  roundId: string,
): Promise<{ key: string; fileName: string; indexSha256: string; files: ArchiveFile[] }> {
  const documents = documentsOf(deps);
  const data = await loadRoundData(deps, roundId);
  const trail = await roundAuditTrail(deps, roundId);
  const digest = archiveDigest(data, trail);
  const key = documentKey(roundId, 'archive', digest, 'zip');
  const fileName = `第${data.round.ordinal}届太原市政府质量奖评选档案.zip`;
  const indexKey = `${key}.index.json`;
  const stored = await documents.readJson<{ files: ArchiveFile[]; sha256: string }>(indexKey);
  if (stored && (await documents.exists(key)))
    return { key, fileName, indexSha256: stored.sha256, files: stored.files };

  const zip = new yazl.ZipFile();
  const output = new PassThrough();
  zip.outputStream.pipe(output);
  const saved = documents.saveStream(key, output, 'application/zip');
  const files: ArchiveFile[] = [];
  const add = (path: string, content: Buffer | string, description: string) => {
    const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    files.push({ path, size: buffer.length, sha256: sha256Of(buffer), description });
    zip.addBuffer(buffer, path, { mtime: MTIME, compress: !path.endsWith('.xlsx') });
  };

  try {
    const counted = countedSheets(data.assignments);
    add(
      'data/round.json',
      JSON.stringify(data.round, null, 2),
      '届次记录：权重、名额、评分细则与评选办法版本、阶段记录',
    );
    add(
      'data/rules.json',
      JSON.stringify(rulesOf(data), null, 2),
      '排名规则：权重、去掉最高最低分规则、评分细则全文与结果类条款',
    );
    add(
      'data/applications.jsonl',
      jsonl(data.applications.map(archivedApplication)),
      '申报记录（个人信息已部分隐去）',
    );
    add('data/assignments.jsonl', jsonl(data.assignments), '评审分配（含撤回的分配）');
    add(
      'data/scores.jsonl',
      jsonl(data.scores.map((s) => ({ ...s, countedInRanking: counted(s) }))),
      '全部评分表，计分与不计分的均在内（countedInRanking）',
    );
    add('data/ranking.json', JSON.stringify(data.ranking, null, 2), '系统保存的综合评价排名');
    add('data/decision.json', JSON.stringify(data.decision, null, 2), '领导小组审定结果');
    add('data/windows.jsonl', jsonl(data.windows), '公示（含起止时间与工作日日历版本 calendarVersion）');
    add(
      'data/objections.jsonl',
      jsonl(
        data.objections.map(({ objector, ...o }) => ({
          ...o,
          objector: {
            name: objector.name,
            phoneMasked: objector.phoneMasked,
            idMasked: objector.idMasked,
            creditCode: objector.creditCode,
          },
        })),
      ),
      '异议及处理结果',
    );
    add('data/awards.jsonl', jsonl(data.awards), '奖项（含撤销）');
    add(
      'data/draws.jsonl',
      jsonl(trail.filter((e) => e.action === 'assignment.drawn')),
      '随机抽取评审专家的审计记录（种子与专家库）',
    );
    add('audit/trail.jsonl', jsonl(trail), '本届审计记录：每个对象的完整哈希链，每行一条');
    add(
      'audit/chains.json',
      JSON.stringify(chainHeads(trail), null, 2),
      '每条哈希链的最后序号与哈希（与 GET /v1/audit 的 HEAD 对照）',
    );

    for (const kind of EXCEL_KINDS) {
      // The audit export shows the trail already read above.
      const body = await workbookOf(
        kind === 'audit' ? [auditSheet(trail)] : await sheetsOf(deps, data, kind),
      );
      add(`exports/${excelFileName(data.round.ordinal, kind)}`, body, 'Excel 导出');
    }

    const now = deps.clock.now();
    for (const window of data.windows.filter((w) => new Date(w.opensAt) <= now)) {
      add(
        `documents/公示-${window.windowId}.pdf`,
        await officialDocumentPdf(noticeModel(data.round, window)),
        '公示',
      );
    }
    if (data.round.stage === 'announced' && data.round.approval) {
      add(
        'documents/表彰决定.pdf',
        await officialDocumentPdf(commendationModel(data.round, data.awards)),
        '表彰决定',
      );
    }
    for (const award of data.awards) {
      add(
        `documents/荣誉证书-${award.awardId}.pdf`,
        await certificatePdf(certificateModel(data.round, award)),
        '荣誉证书',
      );
      if (award.revocation)
        add(
          `documents/撤销公告-${award.awardId}.pdf`,
          await officialDocumentPdf(
            revocationModel(data.round, award, revocationNumber(data.round, data.awards, award.awardId)),
          ),
          '撤销公告',
        );
    }
    for (const application of data.applications) {
      add(
        `documents/申报表/${application.applicationId}.pdf`,
        await officialDocumentPdf(applicationFormModel(data.round, application)),
        '申报表',
      );
    }

    const index = {
      roundId,
      ordinal: data.round.ordinal,
      title: data.round.title,
      generatedAt: now.toISOString(),
      generator: '太原市政府质量奖评审平台',
      contentDigest: digest,
      stages: REVIEW_STAGES,
      verify: {
        audit:
          'audit/trail.jsonl：每个对象的链中，hash = SHA-256(prevHash + 去掉 hash、prevHash 后按键排序的 JSON)，首条 prevHash 为 64 个 0',
        ranking: 'npx tsx scripts/recompute-ranking.ts <解压目录>',
      },
      files,
    };
    const indexJson = JSON.stringify(index, null, 2);
    zip.addBuffer(Buffer.from(indexJson, 'utf8'), 'index.json', { mtime: MTIME });
    zip.end();
    await saved;
    const indexSha256 = sha256Of(indexJson);
    await documents.saveJson(indexKey, { files, sha256: indexSha256 });
    await deps.store.commit({
      changes: [],
      audit: [
        auditEvent({
          entityType: 'document',
          entityId: `document-${digest.slice(0, 32)}`,
          verb: 'generated',
          actor,
          at: now,
          roundId,
          after: { kind: 'archive', subjectId: roundId, key, fileName, files: files.length, indexSha256 },
        }),
      ],
    });
    return { key, fileName, indexSha256, files };
  } catch (error) {
    output.destroy(error as Error);
    await saved.catch(() => undefined);
    throw error;
  }
}

function chainHeads(trail: readonly AuditEntry[]) {
  const heads = new Map<string, { entityId: string; seq: number; hash: string }>();
  for (const e of trail) heads.set(e.entityId, { entityId: e.entityId, seq: e.seq, hash: e.hash });
  return [...heads.values()];
}
