import { describe, expect, it } from 'vitest';
import {
  applicantCreditCodes,
  assertAssignable,
  type Conflict,
  type ConflictApplicant,
  type ConflictContext,
  dismissConflict,
  findConflicts,
  type Reviewer,
} from '../../../functions/domain/conflicts.ts';
import { isDomainError } from '../../../functions/domain/errors.ts';
import type { ApplicationBody } from '../../../functions/domain/model.ts';
import { RULEBOOK_2022 } from '../../../functions/domain/rulebook.ts';

const ACME = '91140100MA0XXXXXX1';
const OTHER = '91140105MA0YYYYYY2';
const TODAY = '2026-10-15';

const reviewer = (overrides: Partial<Reviewer> = {}): Reviewer => ({
  reviewerId: 'rev-1',
  name: '张伟',
  formerEmployers: [],
  ...overrides,
});

const applicant: ConflictApplicant = { applicationId: 'app-1', creditCodes: [ACME] };

/** Runs `act` and returns the DomainError it throws (fails the test when it does not throw one). */
function caught(act: () => unknown) {
  try {
    act();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const find = (r: Reviewer, extra: Partial<ConflictContext> = {}) =>
  findConflicts(
    r,
    extra.applicant ?? applicant,
    extra.declarations ?? [],
    extra.dismissals ?? [],
    extra.today ?? TODAY,
    extra.rulebook ?? RULEBOOK_2022,
  );

describe('the reference date of the 3-year look-back', () => {
  it.each(['2026-13-01', '2026-02-30', '2025-02-29', '2026-4-1', 'tomorrow', '2026-00-10', '2026-04-31'])(
    'refuses %s with VALIDATION_FAILED',
    (date) => {
      // Act
      const error = caught(() => find(reviewer(), { today: date }));

      // Assess
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.findings[0]?.path).toBe('today');
    },
  );
});

describe('applicantCreditCodes', () => {
  it("takes an organization's credit code, normalized", () => {
    // Prepare
    const body = {
      category: 'organization',
      organization: { creditCode: ` ${ACME.toLowerCase()} ` },
    } as unknown as ApplicationBody;

    // Act + Assess
    expect(applicantCreditCodes(body)).toEqual([ACME]);
  });

  it("takes each member's employer once", () => {
    // Prepare
    const body = {
      category: 'individual',
      members: [{ employerCreditCode: ACME }, { employerCreditCode: OTHER }, { employerCreditCode: ACME }],
    } as unknown as ApplicationBody;

    // Act + Assess
    expect(applicantCreditCodes(body)).toEqual([ACME, OTHER]);
  });
});

describe('findConflicts', () => {
  it('finds none for an unrelated reviewer', () => {
    // Act + Assess
    expect(find(reviewer({ organizationCode: OTHER }))).toEqual([]);
  });

  it('finds the current employer, whatever the case and spacing of the code', () => {
    // Act
    const conflicts = find(reviewer({ organizationCode: ` ${ACME.toLowerCase()}` }));

    // Assess
    expect(conflicts).toEqual([
      {
        reviewerId: 'rev-1',
        reviewerName: '张伟',
        applicationId: 'app-1',
        kind: 'current-employer',
        detail: `现任职单位（统一社会信用代码 ${ACME}）为申报组织或申报人所在单位`,
        dismissible: true,
        creditCode: ACME,
      },
    ]);
  });

  it("matches any member's employer of an individual application", () => {
    // Prepare
    const joint: ConflictApplicant = { applicationId: 'app-2', creditCodes: [OTHER, ACME] };

    // Act
    const conflicts = find(reviewer({ organizationCode: ACME }), { applicant: joint });

    // Assess
    expect(conflicts.map((c) => [c.kind, c.applicationId])).toEqual([['current-employer', 'app-2']]);
  });

  it.each([
    ['2023-10-15', true], // exactly 3 years ago: still within the look-back
    ['2024-06-30', true],
    ['2027-01-01', true], // an end date in the future is within too
    ['2023-10-14', false], // one day more than 3 years ago
  ])('former employer until %s → conflict %s', (until, expected) => {
    // Act
    const conflicts = find(reviewer({ formerEmployers: [{ creditCode: ACME, until }] }));

    // Assess
    expect(conflicts.length === 1).toBe(expected);
    if (expected) {
      expect(conflicts[0]).toMatchObject({ kind: 'former-employer', dismissible: true, creditCode: ACME });
      expect(conflicts[0]?.detail).toBe(
        `${until} 前曾任职于申报组织或申报人所在单位（统一社会信用代码 ${ACME}），在 3 年回避期内`,
      );
    }
  });

  it('takes the look-back from the rulebook', () => {
    // Prepare
    const rulebook = { ...RULEBOOK_2022, conflictLookbackYears: 5 };

    // Act
    const conflicts = find(reviewer({ formerEmployers: [{ creditCode: ACME, until: '2022-01-01' }] }), {
      rulebook,
    });

    // Assess
    expect(conflicts.map((c) => c.kind)).toEqual(['former-employer']);
    expect(conflicts[0]?.detail).toContain('在 5 年回避期内');
  });

  it('ignores former employers that are not the applicant', () => {
    // Act + Assess
    expect(find(reviewer({ formerEmployers: [{ creditCode: OTHER, until: '2026-01-01' }] }))).toEqual([]);
  });

  it('refuses a malformed end date with VALIDATION_FAILED pointing at it', () => {
    // Act
    const error = caught(() =>
      find(
        reviewer({
          formerEmployers: [
            { creditCode: OTHER, until: '2026-01-01' },
            { creditCode: ACME, until: '2026/01/01' },
          ],
        }),
      ),
    );

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings[0]?.path).toBe('formerEmployers[1].until');
    expect(error.message).toContain('2026/01/01');
  });

  it("reports the reviewer's declarations for this application only, never dismissible", () => {
    // Prepare
    const declarations = [
      { reviewerId: 'rev-1', applicationId: 'app-1', reason: ' 与申报人为近亲属 ' },
      { reviewerId: 'rev-1', applicationId: 'app-9', reason: '其他申报' },
      { reviewerId: 'rev-2', applicationId: 'app-1', reason: '其他评审员' },
    ];

    // Act
    const conflicts = find(reviewer(), { declarations });

    // Assess
    expect(conflicts).toEqual([
      {
        reviewerId: 'rev-1',
        reviewerName: '张伟',
        applicationId: 'app-1',
        kind: 'declared',
        detail: '本人申报回避：与申报人为近亲属',
        dismissible: false,
      },
    ]);
  });

  it('reports a disqualified reviewer (Art. 29), never dismissible', () => {
    // Act
    const conflicts = find(reviewer({ disqualified: true }));

    // Assess
    expect(conflicts).toEqual([expect.objectContaining({ kind: 'disqualified', dismissible: false })]);
    expect(conflicts[0]?.detail).toBe('已被取消评审资格（第二十九条）');
  });

  it('leaves out employer matches dismissed with a reason, but not declared ones or empty-reason dismissals', () => {
    // Prepare
    const r = reviewer({
      organizationCode: ACME,
      formerEmployers: [{ creditCode: ACME, until: '2025-01-01' }],
    });
    const declarations = [{ reviewerId: 'rev-1', applicationId: 'app-1', reason: '曾参与其申报辅导' }];

    // Act
    const dismissedAll = find(r, {
      declarations,
      dismissals: [
        { reviewerId: 'rev-1', applicationId: 'app-1', reason: '同名代码为集团内另一法人，已核实' },
      ],
    });
    const emptyReason = find(r, {
      dismissals: [{ reviewerId: 'rev-1', applicationId: 'app-1', reason: '  ' }],
    });
    const otherPair = find(r, {
      dismissals: [{ reviewerId: 'rev-1', applicationId: 'app-9', reason: '核实' }],
    });

    // Assess
    expect(dismissedAll.map((c) => c.kind)).toEqual(['declared']);
    expect(emptyReason.map((c) => c.kind)).toEqual(['current-employer', 'former-employer']);
    expect(otherPair).toHaveLength(2);
  });

  it('narrows a dismissal by kind and credit code when given', () => {
    // Prepare
    const r = reviewer({
      organizationCode: ACME,
      formerEmployers: [{ creditCode: ACME, until: '2025-01-01' }],
    });

    // Act
    const byKind = find(r, {
      dismissals: [
        { reviewerId: 'rev-1', applicationId: 'app-1', reason: '已核实', kind: 'current-employer' },
      ],
    });
    const byOtherCode = find(r, {
      dismissals: [{ reviewerId: 'rev-1', applicationId: 'app-1', reason: '已核实', creditCode: OTHER }],
    });
    const byCode = find(r, {
      dismissals: [
        { reviewerId: 'rev-1', applicationId: 'app-1', reason: '已核实', creditCode: ACME.toLowerCase() },
      ],
    });

    // Assess
    expect(byKind.map((c) => c.kind)).toEqual(['former-employer']);
    expect(byOtherCode).toHaveLength(2);
    expect(byCode).toEqual([]);
  });
});

describe('dismissConflict', () => {
  const employerConflict = (): Conflict => find(reviewer({ organizationCode: ACME }))[0]!;

  it('returns a dismissal that removes the match', () => {
    // Prepare
    const conflict = employerConflict();

    // Act
    const dismissal = dismissConflict(conflict, '  代码录入错误，已核实  ');
    const after = find(reviewer({ organizationCode: ACME }), { dismissals: [dismissal] });

    // Assess
    expect(dismissal).toEqual({
      reviewerId: 'rev-1',
      applicationId: 'app-1',
      reason: '代码录入错误，已核实',
      kind: 'current-employer',
      creditCode: ACME,
    });
    expect(after).toEqual([]);
  });

  it('omits the credit code when the conflict has none', () => {
    // Prepare
    const { creditCode: _ignored, ...conflict } = employerConflict();

    // Act
    const dismissal = dismissConflict(conflict, '已核实');

    // Assess
    expect(dismissal).not.toHaveProperty('creditCode');
  });

  it('refuses an empty reason with VALIDATION_FAILED', () => {
    // Act
    const error = caught(() => dismissConflict(employerConflict(), ' '));

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('撤销自动回避须填写理由');
    expect(error.findings[0]?.path).toBe('reason');
  });

  it('refuses to dismiss a declared conflict', () => {
    // Prepare
    const [declared] = find(reviewer(), {
      declarations: [{ reviewerId: 'rev-1', applicationId: 'app-1', reason: '亲属' }],
    });

    // Act
    const error = caught(() => dismissConflict(declared!, '理由'));

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('评审员张伟本人申报的回避不能撤销');
  });

  it('refuses to dismiss a disqualification', () => {
    // Prepare
    const [disqualified] = find(reviewer({ disqualified: true }));

    // Act
    const error = caught(() => dismissConflict(disqualified!, '理由'));

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('第二十九条');
  });
});

describe('assertAssignable', () => {
  it('accepts reviewers without conflicts', () => {
    // Act + Assess
    expect(() =>
      assertAssignable(
        [reviewer(), reviewer({ reviewerId: 'rev-2', name: '李娜' })],
        applicant,
        [],
        [],
        TODAY,
        RULEBOOK_2022,
      ),
    ).not.toThrow();
  });

  it("refuses with CONFLICT_OF_INTEREST naming the reviewer and the reason, findings at the reviewer's index", () => {
    // Prepare
    const reviewers = [
      reviewer(),
      reviewer({ reviewerId: 'rev-2', name: '李娜', organizationCode: ACME }),
      reviewer({ reviewerId: 'rev-3', name: '王强', disqualified: true }),
    ];

    // Act
    const error = caught(() => assertAssignable(reviewers, applicant, [], [], TODAY, RULEBOOK_2022));

    // Assess
    expect(error.code).toBe('CONFLICT_OF_INTEREST');
    expect(error.message).toBe(
      '以下评审员须回避，不能分配评审该申报：' +
        `评审员李娜（现任职单位（统一社会信用代码 ${ACME}）为申报组织或申报人所在单位）；` +
        '评审员王强（已被取消评审资格（第二十九条））',
    );
    expect(error.findings).toEqual([
      {
        path: 'reviewerIds[1]',
        code: 'CONFLICT_OF_INTEREST',
        message: `评审员李娜须回避：现任职单位（统一社会信用代码 ${ACME}）为申报组织或申报人所在单位`,
        article: '第二十八条',
      },
      {
        path: 'reviewerIds[2]',
        code: 'CONFLICT_OF_INTEREST',
        message: '评审员王强须回避：已被取消评审资格（第二十九条）',
        article: '第二十九条',
      },
    ]);
  });

  it('assigns a reviewer whose employer match staff dismissed', () => {
    // Prepare
    const r = reviewer({ organizationCode: ACME });
    const dismissal = dismissConflict(find(r)[0]!, '已核实为误报');

    // Act + Assess
    expect(() => assertAssignable([r], applicant, [], [dismissal], TODAY, RULEBOOK_2022)).not.toThrow();
  });
});
