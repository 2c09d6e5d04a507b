import { describe, expect, it } from 'vitest';
import type { ApplicationBody, Sanction } from '../../../functions/domain/model.ts';
import { RULEBOOK_2022 } from '../../../functions/domain/rulebook.ts';
import {
  assertRevocationReason,
  awardHolderBan,
  bansAffecting,
  describeBan,
  nextOrdinalAfterRevocation,
  REVOCATION_REASON_LABELS,
  revocationBan,
  sanctionArticle,
  sanctionSubjectsOf,
  winnerBan,
} from '../../../functions/domain/sanctions.ts';

const sanction = (overrides: Partial<Sanction> = {}): Sanction => ({
  sanctionId: 's-1',
  kind: 'award-holder',
  subject: { type: 'organization', key: '91140105MA0K12345X' },
  barredFromOrdinal: 3,
  barredThroughOrdinal: 4,
  reason: 'award',
  createdAt: new Date('2026-12-01T00:00:00Z'),
  ...overrides,
});

describe('ban lengths (Art. 6, 25, 27)', () => {
  it('bars an award winner of round N from rounds N+1 and N+2', () => {
    // Act
    const ban = awardHolderBan(2, RULEBOOK_2022);

    // Assess
    expect(ban).toEqual({ barredFromOrdinal: 3, barredThroughOrdinal: 4 });
  });

  it('follows the rulebook’s number of rounds', () => {
    // Act
    const ban = awardHolderBan(2, { ...RULEBOOK_2022, awardHolderBanRounds: 1 });

    // Assess
    expect(ban).toEqual({ barredFromOrdinal: 3, barredThroughOrdinal: 3 });
  });

  it('gives an award winner a ban and a nomination winner none', () => {
    // Act / Assess
    expect(winnerBan('award', 5, RULEBOOK_2022)).toEqual({ barredFromOrdinal: 6, barredThroughOrdinal: 7 });
    expect(winnerBan('nomination', 5, RULEBOOK_2022)).toBeNull();
  });

  it('bars a revoked winner for three rounds from the next round', () => {
    // Act
    const ban = revocationBan(4, RULEBOOK_2022);

    // Assess
    expect(ban).toEqual({ barredFromOrdinal: 4, barredThroughOrdinal: 6 });
  });
});

describe('nextOrdinalAfterRevocation', () => {
  const rounds = [
    { ordinal: 2, callOpensAt: new Date('2026-03-01T00:00:00Z') },
    { ordinal: 1, callOpensAt: new Date('2023-03-01T00:00:00Z') },
    { ordinal: 3, callOpensAt: new Date('2029-03-01T00:00:00Z') },
  ];

  it('is 1 when no call has opened yet', () => {
    // Act / Assess
    expect(nextOrdinalAfterRevocation([], new Date('2025-01-01T00:00:00Z'))).toBe(1);
    expect(nextOrdinalAfterRevocation(rounds, new Date('2020-01-01T00:00:00Z'))).toBe(1);
  });

  it('is the round after the last one whose call has opened, in any order', () => {
    // Act / Assess
    expect(nextOrdinalAfterRevocation(rounds, new Date('2027-06-01T00:00:00Z'))).toBe(3);
    expect(nextOrdinalAfterRevocation(rounds, new Date('2030-06-01T00:00:00Z'))).toBe(4);
  });

  it('counts a call opening at the very instant of the revocation as already opened', () => {
    // Act / Assess
    expect(nextOrdinalAfterRevocation(rounds, new Date('2026-03-01T00:00:00Z'))).toBe(3);
    expect(nextOrdinalAfterRevocation(rounds, new Date('2026-02-28T23:59:59.999Z'))).toBe(2);
  });
});

describe('bansAffecting', () => {
  const org = sanction();
  const person = sanction({
    sanctionId: 's-2',
    kind: 'revoked',
    subject: { type: 'individual', key: 'a'.repeat(64) },
    barredFromOrdinal: 2,
    barredThroughOrdinal: 4,
    reason: 'fraud',
  });
  const reviewer = sanction({
    sanctionId: 's-3',
    kind: 'reviewer-disqualified',
    subject: { type: 'reviewer', key: 'reviewer-sub' },
    barredFromOrdinal: 1,
    barredThroughOrdinal: 9,
  });
  const all = [org, person, reviewer];

  it.each([
    [2, []],
    [3, ['s-1']],
    [4, ['s-1']],
    [5, []],
  ])('bars the award holder in round %d: %j', (ordinal, expected) => {
    // Act
    const bans = bansAffecting(all, ['91140105MA0K12345X'], ordinal);

    // Assess
    expect(bans.map((s) => s.sanctionId)).toEqual(expected);
  });

  it('returns the sanctions of any of the subjects', () => {
    // Act
    const bans = bansAffecting(all, ['b'.repeat(64), 'a'.repeat(64), '91140105MA0K12345X'], 3);

    // Assess
    expect(bans.map((s) => s.sanctionId)).toEqual(['s-1', 's-2']);
  });

  it('never bars an application for a reviewer disqualification', () => {
    // Prepare: even if a reviewer sanction were keyed like an applicant.
    const odd = sanction({ kind: 'reviewer-disqualified', subject: { type: 'organization', key: 'k' } });
    const typed = sanction({ kind: 'revoked', subject: { type: 'reviewer', key: 'reviewer-sub' } });

    // Act
    const bans = bansAffecting([reviewer, odd, typed], ['reviewer-sub', 'k'], 3);

    // Assess
    expect(bans).toEqual([]);
  });
});

describe('sanctionSubjectsOf', () => {
  const selfEvaluation = { items: {}, summary: '' };

  it('uses the normalized credit code of an organization', () => {
    // Prepare
    const body: ApplicationBody = {
      category: 'organization',
      organization: {
        name: '太原某某有限公司',
        creditCode: ' 91140105ma0k12345x ',
        registeredOn: '2010-01-01',
        industry: 'manufacturing',
        contact: { name: '王五', phone: '13812345678' },
      },
      jurisdiction: '140105',
      declarations: { noMajorAccident3Years: true, noBadCreditRecord: true, compliesWithLaw: true },
      selfEvaluation,
    };

    // Act
    const subjects = sanctionSubjectsOf(body, () => 'unused');

    // Assess
    expect(subjects).toEqual([{ type: 'organization', key: '91140105MA0K12345X' }]);
  });

  it('hashes the normalized ID number of every member', () => {
    // Prepare
    const member = {
      employer: '某公司',
      employerCreditCode: '91140105MA0K12345X',
      qualityWorkSince: '2010-01-01',
    };
    const body: ApplicationBody = {
      category: 'individual',
      members: [
        { ...member, name: '张三', idNumber: '11010519491231002x' },
        { ...member, name: '李四', idNumber: '440524188001010014' },
      ],
      jurisdiction: '140105',
      declarations: { employerNoMajorAccident3Years: true, compliesWithLaw: true },
      selfEvaluation,
    };

    // Act
    const subjects = sanctionSubjectsOf(body, (id) => `h(${id})`);

    // Assess
    expect(subjects).toEqual([
      { type: 'individual', key: 'h(11010519491231002X)' },
      { type: 'individual', key: 'h(440524188001010014)' },
    ]);
  });
});

describe('describing a ban', () => {
  it.each([
    [{ kind: 'award-holder', reason: 'award' }, '第六条'],
    [{ kind: 'revoked', reason: 'fraud' }, '第二十五条'],
    [{ kind: 'revoked', reason: 'major-accident' }, '第二十七条'],
    [{ kind: 'revoked', reason: 'mark-misuse' }, '第二十七条'],
    [{ kind: 'revoked', reason: 'serious-violation' }, '第二十七条'],
    [{ kind: 'revoked', reason: '历史数据导入' }, '第二十五条、第二十七条'],
    [{ kind: 'reviewer-disqualified', reason: 'misconduct' }, '第二十九条'],
  ] as const)('cites the article of %j', (overrides, article) => {
    // Act / Assess
    expect(sanctionArticle(sanction(overrides))).toBe(article);
  });

  it('names the rounds and the cause in Chinese', () => {
    // Act / Assess
    expect(describeBan(sanction())).toBe('因获得市政府质量奖，第3届至第4届不得申报市政府质量奖（第六条）');
    expect(describeBan(sanction({ kind: 'revoked', reason: 'fraud', barredThroughOrdinal: 5 }))).toBe(
      '因市政府质量奖奖项被撤销，第3届至第5届不得申报市政府质量奖（第二十五条）',
    );
    expect(describeBan(sanction({ kind: 'reviewer-disqualified', reason: 'misconduct' }))).toBe(
      '因被取消评选资格，第3届至第4届不得参与评审（第二十九条）',
    );
  });
});

describe('revocation reasons (Art. 25, 27)', () => {
  it('lets fraud revoke any award and the Art. 27 reasons revoke organizations only', () => {
    // Act / Assess
    expect(() => assertRevocationReason('organization', 'major-accident')).not.toThrow();
    expect(() => assertRevocationReason('organization', 'fraud')).not.toThrow();
    expect(() => assertRevocationReason('individual', 'fraud')).not.toThrow();
    for (const reason of ['major-accident', 'mark-misuse', 'serious-violation'] as const) {
      expect(() => assertRevocationReason('individual', reason)).toThrowError(
        expect.objectContaining({ code: 'REVOCATION_REASON_NOT_APPLICABLE' }),
      );
    }
  });

  it('labels every reason with its article', () => {
    // Assess
    expect(REVOCATION_REASON_LABELS.fraud).toContain('第二十五条');
    expect(REVOCATION_REASON_LABELS['mark-misuse']).toContain('第二十七条');
  });
});
