/**
 * A round held before the platform, with its winners by tier, into the awards register (Art. 5:
 * rounds are numbered and bans count in rounds; Art. 6: an `award` winner may not apply in the next
 * two rounds). The round is stored as announced (no flow runs for it), each winner as an award of
 * that round, and each `award`-tier subject gets its Art. 6 ban, so later rounds enforce it.
 * Individuals are known by ID number, kept only as its HMAC lookup key and a masked copy.
 */
import { validThroughOrdinal } from '../domain/after-award.ts';
import { isCalendarDate } from '../domain/calendar.ts';
import { DomainError, type Finding } from '../domain/errors.ts';
import type { Category, Tier } from '../domain/model.ts';
import { RULEBOOKS, type Rulebook } from '../domain/rulebook.ts';
import { describeBan, winnerBan } from '../domain/sanctions.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, AwardRecord, RoundRecord, SanctionRecord } from '../ports/records.ts';
import type { Change } from '../ports/store.ts';
import { invalid } from './after-award/context.ts';
import { requireRole } from './applications/context.ts';
import { toSanction } from './applications/vetting.ts';
import { auditEvent } from './audit.ts';
import { resolveSubject } from './import-sanction.ts';
import { sanctionAuditView } from './review/context.ts';
import { historyEntry, roundIdForOrdinal } from './rounds/support.ts';

export interface PastWinnerInput {
  category: Category;
  displayName: string;
  tier: Tier;
  creditCode?: string | undefined;
  members?: { name: string; idNumber: string }[] | undefined;
  certificateNo?: string | undefined;
}

export interface ImportPastWinnersInput {
  ordinal: number;
  title: string;
  approvedOn: string;
  documentNo: string;
  winners: PastWinnerInput[];
}

export interface ImportedRound {
  round: RoundRecord;
  awards: AwardRecord[];
}

type Subject = Pick<SanctionRecord, 'subjectType' | 'subjectKey' | 'subjectMasked'>;

/** The rulebook in force on the approval date, else (a round older than every version) the oldest. */
const rulebookOn = (date: string): Rulebook =>
  RULEBOOKS.find((r) => r.effectiveFrom <= date && date <= r.effectiveThrough) ?? (RULEBOOKS[0] as Rulebook);

function subjectsOf(deps: Deps, winner: PastWinnerInput, index: number, findings: Finding[]): Subject[] {
  const at = `winners.${index}`;
  if (winner.category === 'organization') {
    if (!winner.creditCode) {
      findings.push({
        path: `${at}.creditCode`,
        code: 'VALIDATION_FAILED',
        message: '获奖组织须填写统一社会信用代码',
      });
      return [];
    }
    const resolved = resolveSubject(deps, { type: 'organization', creditCode: winner.creditCode });
    findings.push(...resolved.findings.map((f) => ({ ...f, path: `${at}.creditCode` })));
    return resolved.subject ? [resolved.subject] : [];
  }
  const members = winner.members ?? [];
  if (members.length < 1 || members.length > 3) {
    findings.push({
      path: `${at}.members`,
      code: 'VALIDATION_FAILED',
      message: '个人奖项须列出 1 至 3 名获奖人（第十一条）',
    });
  }
  return members.flatMap((m, j) => {
    const resolved = resolveSubject(deps, { type: 'individual', idNumber: m.idNumber });
    findings.push(...resolved.findings.map((f) => ({ ...f, path: `${at}.members.${j}.idNumber` })));
    return resolved.subject ? [resolved.subject] : [];
  });
}

export async function importPastWinners(
  deps: Deps,
  actor: Actor,
  input: ImportPastWinnersInput,
): Promise<ImportedRound> {
  requireRole(actor, 'staff');
  const findings: Finding[] = [];
  if (!isCalendarDate(input.approvedOn))
    findings.push({
      path: 'approvedOn',
      code: 'VALIDATION_FAILED',
      message: '批准日期应为 YYYY-MM-DD 格式的有效日期',
    });
  const subjects = input.winners.map((w, i) => subjectsOf(deps, w, i, findings));
  if (findings.length > 0) {
    const codes = new Set(findings.map((f) => f.code));
    const [only] = codes;
    throw new DomainError(
      codes.size === 1 && only ? only : 'VALIDATION_FAILED',
      `导入的获奖名单有 ${findings.length} 处不符合要求`,
      findings,
    );
  }

  const now = deps.clock.now();
  const at = now.toISOString();
  const creationId = deps.ids.next('round');
  const roundId = roundIdForOrdinal(input.ordinal);
  const existing = await deps.store.getRound(roundId);
  // A retry of the same keyed request (same creationId) completes what an interrupted run began.
  if (existing && existing.creationId !== creationId) {
    throw invalid('届次编号已被使用', [
      { path: 'ordinal', message: `第 ${input.ordinal} 届评选已经存在，届次编号不能重复` },
    ]);
  }
  const rulebook = rulebookOn(input.approvedOn);
  // Beijing midnight of the approval: the call of a past round opened before it, which is all the
  // ban arithmetic (the next round whose call opens after a revocation) needs of it.
  const approvedAt = new Date(`${input.approvedOn}T00:00:00+08:00`).toISOString();
  const round: RoundRecord = existing ?? {
    version: 0,
    roundId,
    ordinal: input.ordinal,
    title: input.title.trim(),
    stage: 'announced',
    callOpensAt: approvedAt,
    callClosesAt: approvedAt,
    quotas: { ...rulebook.quotas },
    weights: { ...rulebook.defaultWeights },
    minimumPercent: {},
    rulebookVersion: rulebook.version,
    rubricVersion: 'imported',
    windowIds: [],
    stageHistory: [
      historyEntry('announced', now, actor, `平台启用前的届次，导入获奖名单（${input.documentNo.trim()}）`),
    ],
    approval: { documentNo: input.documentNo.trim(), approvedOn: input.approvedOn, by: actor.sub, at },
    imported: true,
    creationId,
    createdAt: at,
    createdBy: actor.sub,
  };
  if (!existing) {
    await deps.store.commit({
      changes: [{ op: 'put', entity: { type: 'round', record: round } }],
      audit: [
        auditEvent({
          entityType: 'round',
          entityId: roundId,
          verb: 'imported',
          actor,
          at: now,
          after: round,
        }),
      ],
    });
  }

  const awards: AwardRecord[] = [];
  for (const [index, winner] of input.winners.entries()) {
    const awardId = deps.ids.next('award');
    // Art. 6: an `award` winner may not apply in the next rounds; a `nomination` winner may.
    const ban = winnerBan(winner.tier, input.ordinal, rulebook);
    // Drawn before the award is looked up, so that a re-run completing an interrupted import gives
    // each winner's bans the ids the first run gave them, even past the winners it finds written.
    const sanctionIds = ban ? (subjects[index] ?? []).map(() => deps.ids.next('sanction')) : [];
    const stored = await deps.store.getAward(awardId);
    if (stored) {
      awards.push(stored);
      continue;
    }
    const award: AwardRecord = {
      version: 0,
      awardId,
      roundId,
      ordinal: input.ordinal,
      applicationId: '',
      displayName: winner.displayName.trim(),
      category: winner.category,
      tier: winner.tier,
      status: 'active',
      awardedOn: input.approvedOn,
      documentNo: input.documentNo.trim(),
      ...(winner.certificateNo?.trim() ? { certificateNo: winner.certificateNo.trim() } : {}),
      validThroughOrdinal: validThroughOrdinal(input.ordinal, rulebook),
      imported: true,
      subjects: subjects[index] ?? [],
    };
    const sanctions: SanctionRecord[] = ban
      ? (subjects[index] ?? []).map((subject, j) => {
          const sanction: SanctionRecord = {
            version: 0,
            sanctionId: sanctionIds[j] as string,
            kind: 'award-holder',
            ...subject,
            ...ban,
            reason: '',
            source: { roundId, awardId, imported: true },
            createdAt: at,
            createdBy: actor.sub,
          };
          return { ...sanction, reason: describeBan(toSanction(sanction)) };
        })
      : [];
    const { subjects: _subjects, ...awardView } = award;
    const changes: Change[] = [
      { op: 'put', entity: { type: 'award', record: award } },
      ...sanctions.map((record): Change => ({ op: 'put', entity: { type: 'sanction', record } })),
    ];
    await deps.store.commit({
      changes,
      audit: [
        auditEvent({
          entityType: 'award',
          entityId: awardId,
          verb: 'imported',
          actor,
          at: now,
          after: awardView,
        }),
        ...sanctions.map((s) =>
          auditEvent({
            entityType: 'sanction',
            entityId: s.sanctionId,
            verb: 'created',
            actor,
            at: now,
            after: sanctionAuditView(s),
          }),
        ),
      ],
    });
    awards.push({ ...award, version: 1 });
  }
  return { round: existing ?? { ...round, version: 1 }, awards };
}

/**
 * Idempotency-Key retries: the round and awards an earlier run of this request imported (found by
 * the ids it drew: the round's `creationId`, each winner's award id), when all of them are there.
 * An import interrupted between its commits is left to `importPastWinners`, which completes it.
 */
export async function earlierImport(
  deps: Deps,
  input: Pick<ImportPastWinnersInput, 'ordinal' | 'winners'>,
): Promise<ImportedRound | undefined> {
  const creationId = deps.ids.next('round');
  const round = await deps.store.getRound(roundIdForOrdinal(input.ordinal));
  if (!round || round.creationId !== creationId) return undefined;
  const awards: AwardRecord[] = [];
  for (const _winner of input.winners) {
    const award = await deps.store.getAward(deps.ids.next('award'));
    if (!award) return undefined;
    awards.push(award);
  }
  return { round, awards };
}
