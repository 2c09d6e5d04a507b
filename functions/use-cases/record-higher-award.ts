/**
 * Art. 21: winners of the China Quality Award and the Shanxi Provincial Quality Award (nominations
 * included) get the same reward from the city as from the province: the office records each with
 * the document that awarded it, the year and the reward matched. ID numbers are kept only as their
 * HMAC lookup key and a masked copy.
 */
import type { HigherAward } from '../domain/after-award.ts';
import { DomainError, type Finding } from '../domain/errors.ts';
import type { Tier } from '../domain/model.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, HigherAwardRecord } from '../ports/records.ts';
import { requireRole } from './applications/context.ts';
import { auditEvent } from './audit.ts';
import { resolveSubject } from './import-sanction.ts';

export interface RecordHigherAwardInput {
  subject: { type: 'organization'; creditCode: string } | { type: 'individual'; idNumber: string };
  displayName: string;
  award: HigherAward;
  tier: Tier;
  year: number;
  documentNo: string;
  rewardYuan: number;
}

export async function recordHigherAward(
  deps: Deps,
  actor: Actor,
  input: RecordHigherAwardInput,
): Promise<HigherAwardRecord> {
  requireRole(actor, 'staff');
  const resolved = resolveSubject(deps, input.subject);
  const findings: Finding[] = [...resolved.findings];
  const thisYear = deps.clock.now().getUTCFullYear();
  if (input.year > thisYear) {
    findings.push({ path: 'year', code: 'VALIDATION_FAILED', message: `获奖年度不能晚于 ${thisYear} 年` });
  }
  if (findings.length > 0 || !resolved.subject) {
    const codes = new Set(findings.map((f) => f.code));
    const [only] = codes;
    throw new DomainError(
      codes.size === 1 && only ? only : 'VALIDATION_FAILED',
      `登记信息有 ${findings.length} 处不符合要求`,
      findings,
    );
  }
  const { subjectType, subjectKey, subjectMasked } = resolved.subject;
  const now = deps.clock.now();
  const record: HigherAwardRecord = {
    version: 0,
    higherAwardId: deps.ids.next('higher-award'),
    subjectType: subjectType === 'individual' ? 'individual' : 'organization',
    subjectKey,
    subjectMasked,
    displayName: input.displayName.trim(),
    award: input.award,
    tier: input.tier,
    year: input.year,
    documentNo: input.documentNo.trim(),
    rewardYuan: input.rewardYuan,
    createdAt: now.toISOString(),
    createdBy: actor.sub,
  };
  const { subjectKey: _key, version: _version, ...auditView } = record;
  await deps.store.commit({
    changes: [{ op: 'put', entity: { type: 'higher-award', record } }],
    audit: [
      auditEvent({
        entityType: 'higher-award',
        entityId: record.higherAwardId,
        verb: 'recorded',
        actor,
        at: now,
        after: auditView,
      }),
    ],
  });
  return { ...record, version: 1 };
}

/** Idempotency-Key retries: the record an earlier run of this request wrote, under the id it drew. */
export async function earlierHigherAward(deps: Deps): Promise<HigherAwardRecord | undefined> {
  const higherAwardId = deps.ids.next('higher-award');
  return (await deps.store.listHigherAwards()).find((h) => h.higherAwardId === higherAwardId);
}
