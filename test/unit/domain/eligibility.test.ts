import { describe, expect, it } from 'vitest';
import {
  displayNameOf,
  type EligibilityContext,
  evaluateEligibility,
  hasFullYears,
} from '../../../functions/domain/eligibility.ts';
import {
  creditCodeCheckCharacter,
  hashIdNumber,
  idNumberCheckDigit,
} from '../../../functions/domain/identifiers.ts';
import type {
  ApplicationBody,
  IndividualMember,
  Industry,
  Sanction,
  SanctionSubject,
} from '../../../functions/domain/model.ts';
import { RULEBOOK_2022 } from '../../../functions/domain/rulebook.ts';
import {
  awardHolderBan,
  nextOrdinalAfterRevocation,
  revocationBan,
  winnerBan,
} from '../../../functions/domain/sanctions.ts';

const HMAC_KEY = 'unit-test-key';
const hash = (id: string): string => hashIdNumber(id, HMAC_KEY);

const creditCode = (division = '140105', organizationCode = 'MA0K12345'): string => {
  const first17 = `91${division}${organizationCode}`;
  return first17 + creditCodeCheckCharacter(first17);
};

const idNumber = (sequence = '123', birth = '19800101'): string => {
  const first17 = `140105${birth}${sequence}`;
  return first17 + idNumberCheckDigit(first17);
};

const TAIYUAN_CODE = creditCode();
/** The call closes at 17:00 Beijing time on 2026-06-30: the reference date is 2026-06-30. */
const CALL_CLOSES_AT = new Date('2026-06-30T17:00:00+08:00');

const organizationBody = (
  overrides: Partial<Extract<ApplicationBody, { category: 'organization' }>['organization']> = {},
  declarations: Partial<Extract<ApplicationBody, { category: 'organization' }>['declarations']> = {},
): ApplicationBody => ({
  category: 'organization',
  organization: {
    name: '太原重工示例有限公司',
    creditCode: TAIYUAN_CODE,
    registeredOn: '2015-05-20',
    industry: 'manufacturing',
    sme: true,
    contact: { name: '王五', phone: '13812345678' },
    ...overrides,
  },
  jurisdiction: '140105',
  declarations: {
    noMajorAccident3Years: true,
    noBadCreditRecord: true,
    compliesWithLaw: true,
    ...declarations,
  },
  selfEvaluation: { items: {}, summary: '自评报告' },
});

const member = (sequence: string, overrides: Partial<IndividualMember> = {}): IndividualMember => ({
  name: `成员${sequence}`,
  idNumber: idNumber(sequence),
  employer: '太原重工示例有限公司',
  employerCreditCode: TAIYUAN_CODE,
  qualityWorkSince: '2012-09-01',
  ...overrides,
});

const individualBody = (
  members: IndividualMember[],
  declarations: Partial<Extract<ApplicationBody, { category: 'individual' }>['declarations']> = {},
): ApplicationBody => ({
  category: 'individual',
  members,
  jurisdiction: 'dept-market-regulation',
  declarations: { employerNoMajorAccident3Years: true, compliesWithLaw: true, ...declarations },
  selfEvaluation: { items: {}, summary: '自评报告' },
});

const context = (overrides: Partial<EligibilityContext> = {}): EligibilityContext => ({
  rulebook: RULEBOOK_2022,
  callClosesAt: CALL_CLOSES_AT,
  roundOrdinal: 3,
  sanctions: [],
  hashIdNumber: hash,
  ...overrides,
});

let sanctionCount = 0;
const sanctionOf = (
  kind: Sanction['kind'],
  subject: SanctionSubject,
  range: Pick<Sanction, 'barredFromOrdinal' | 'barredThroughOrdinal'>,
  reason = kind === 'revoked' ? 'fraud' : 'award',
): Sanction => ({
  sanctionId: `s-${++sanctionCount}`,
  kind,
  subject,
  ...range,
  reason,
  createdAt: new Date('2026-01-01T00:00:00Z'),
});

const codesOf = (body: ApplicationBody, ctx: EligibilityContext): string[] =>
  evaluateEligibility(body, ctx).map((f) => f.code);

describe('dates of the 3-year conditions', () => {
  it('counts full years up to and including the anniversary', () => {
    // Act / Assess
    expect(hasFullYears('2023-06-30', '2026-06-30', 3)).toBe(true);
    expect(hasFullYears('2023-07-01', '2026-06-30', 3)).toBe(false);
  });
});

describe('evaluateEligibility — organization (Art. 3, 9)', () => {
  it('passes an eligible enterprise', () => {
    // Act
    const findings = evaluateEligibility(organizationBody(), context());

    // Assess
    expect(findings).toEqual([]);
  });

  it('passes an enterprise registered exactly 3 years before the call closes', () => {
    // Act
    const findings = evaluateEligibility(organizationBody({ registeredOn: '2023-06-30' }), context());

    // Assess
    expect(findings).toEqual([]);
  });

  it('fails an enterprise registered 2 years 364 days before the call closes', () => {
    // Act
    const findings = evaluateEligibility(organizationBody({ registeredOn: '2023-07-01' }), context());

    // Assess
    expect(findings).toEqual([
      {
        path: 'organization.registeredOn',
        code: 'OPERATING_LESS_THAN_3_YEARS',
        message: expect.stringContaining('不满3年'),
        article: '第九条第（一）项',
      },
    ]);
  });

  it('lets an enterprise registered on 29 February reach 3 years on 28 February', () => {
    // Prepare
    const body = organizationBody({ registeredOn: '2024-02-29' });

    // Act
    const onTheDay = codesOf(body, context({ callClosesAt: new Date('2027-02-28T17:00:00+08:00') }));
    const dayBefore = codesOf(body, context({ callClosesAt: new Date('2027-02-27T17:00:00+08:00') }));

    // Assess
    expect(onTheDay).toEqual([]);
    expect(dayBefore).toEqual(['OPERATING_LESS_THAN_3_YEARS']);
  });

  it('follows the rulebook’s minimum operating years', () => {
    // Act
    const codes = codesOf(
      organizationBody({ registeredOn: '2023-06-30' }),
      context({ rulebook: { ...RULEBOOK_2022, minOperatingYears: 4 } }),
    );

    // Assess
    expect(codes).toEqual(['OPERATING_LESS_THAN_3_YEARS']);
  });

  it('rejects a credit code registered outside Taiyuan (Beijing 110105)', () => {
    // Act
    const findings = evaluateEligibility(organizationBody({ creditCode: creditCode('110105') }), context());

    // Assess
    expect(findings).toEqual([
      {
        path: 'organization.creditCode',
        code: 'NOT_REGISTERED_IN_TAIYUAN',
        message: expect.stringContaining('110105'),
        article: '第九条第（一）项',
      },
    ]);
  });

  it('rejects a credit code with a wrong check character', () => {
    // Prepare
    const wrong = TAIYUAN_CODE.slice(0, 17) + (TAIYUAN_CODE[17] === '0' ? '1' : '0');

    // Act
    const findings = evaluateEligibility(organizationBody({ creditCode: wrong }), context());

    // Assess
    expect(findings).toEqual([
      {
        path: 'organization.creditCode',
        code: 'INVALID_CREDIT_CODE',
        message: expect.stringContaining('校验码'),
        article: '第九条第（一）项',
      },
    ]);
  });

  it('reports every missing declaration with its article', () => {
    // Act
    const findings = evaluateEligibility(
      organizationBody(
        {},
        { noMajorAccident3Years: false, noBadCreditRecord: false, compliesWithLaw: false },
      ),
      context(),
    );

    // Assess
    expect(findings.map((f) => [f.path, f.code, f.article])).toEqual([
      ['declarations.noMajorAccident3Years', 'DECLARATION_MISSING', '第九条第（六）项'],
      ['declarations.noBadCreditRecord', 'DECLARATION_MISSING', '第九条第（六）项'],
      ['declarations.compliesWithLaw', 'DECLARATION_MISSING', '第九条第（二）项、第（七）项'],
    ]);
  });

  it('rejects an industry outside manufacturing, services and construction (Art. 3)', () => {
    // Act
    const findings = evaluateEligibility(
      organizationBody({ industry: 'agriculture' as Industry }),
      context(),
    );

    // Assess
    expect(findings).toEqual([
      {
        path: 'organization.industry',
        code: 'VALIDATION_FAILED',
        message: expect.any(String),
        article: '第三条',
      },
    ]);
  });

  it.each(['2023-02-30', '20230101', ''])('rejects the registration date %j', (registeredOn) => {
    // Act
    const findings = evaluateEligibility(organizationBody({ registeredOn }), context());

    // Assess
    expect(findings.map((f) => [f.path, f.code])).toEqual([
      ['organization.registeredOn', 'VALIDATION_FAILED'],
    ]);
  });

  it('rejects an unknown recommending jurisdiction (Art. 5)', () => {
    // Act
    const findings = evaluateEligibility({ ...organizationBody(), jurisdiction: 'beijing' }, context());

    // Assess
    expect(findings.map((f) => [f.path, f.code, f.article])).toEqual([
      ['jurisdiction', 'VALIDATION_FAILED', '第五条'],
    ]);
  });

  it('reports all failed rules together', () => {
    // Prepare: outside Taiyuan, too young, wrong industry, a declaration missing, unknown jurisdiction.
    const body = {
      ...organizationBody(
        { creditCode: creditCode('110105'), registeredOn: '2025-01-01', industry: 'mining' as Industry },
        { noBadCreditRecord: false },
      ),
      jurisdiction: 'nowhere',
    };

    // Act
    const codes = codesOf(body, context());

    // Assess
    expect(codes).toEqual([
      'VALIDATION_FAILED',
      'NOT_REGISTERED_IN_TAIYUAN',
      'OPERATING_LESS_THAN_3_YEARS',
      'VALIDATION_FAILED',
      'DECLARATION_MISSING',
    ]);
  });
});

describe('evaluateEligibility — bans (Art. 6, 25, 27)', () => {
  const subject: SanctionSubject = { type: 'organization', key: TAIYUAN_CODE };
  /** An award winner of round 2: one sanction, as the approval step writes it. */
  const awardOfRound2 = sanctionOf('award-holder', subject, awardHolderBan(2, RULEBOOK_2022));

  it.each([
    [3, ['BARRED']],
    [4, ['BARRED']],
    [5, []],
  ])('bars an award winner of round 2 applying in round %d: %j', (roundOrdinal, expected) => {
    // Act
    const codes = codesOf(organizationBody(), context({ roundOrdinal, sanctions: [awardOfRound2] }));

    // Assess
    expect(codes).toEqual(expected);
  });

  it('names the ban’s rounds and Art. 6 in the finding', () => {
    // Act
    const findings = evaluateEligibility(
      organizationBody(),
      context({ roundOrdinal: 3, sanctions: [awardOfRound2] }),
    );

    // Assess
    expect(findings).toEqual([
      {
        path: 'organization.creditCode',
        code: 'BARRED',
        message: expect.stringContaining('第3届至第4届不得申报'),
        article: '第六条',
      },
    ]);
  });

  it('matches the credit code case-insensitively', () => {
    // Act
    const codes = codesOf(
      organizationBody({ creditCode: TAIYUAN_CODE.toLowerCase() }),
      context({ roundOrdinal: 3, sanctions: [awardOfRound2] }),
    );

    // Assess
    expect(codes).toEqual(['BARRED']);
  });

  it('lets a nomination winner apply again in the next round (no sanction exists)', () => {
    // Prepare: the approval step asks winnerBan and writes nothing for a nomination.
    const ban = winnerBan('nomination', 2, RULEBOOK_2022);
    const sanctions = ban ? [sanctionOf('award-holder', subject, ban)] : [];

    // Act
    const codes = codesOf(organizationBody(), context({ roundOrdinal: 3, sanctions }));

    // Assess
    expect(sanctions).toEqual([]);
    expect(codes).toEqual([]);
  });

  it('bars a revoked winner for 3 rounds from the first call opening after the revocation', () => {
    // Prepare: awarded in round 2 (call opened 2026), revoked in 2027 before round 3's call opened.
    const rounds = [
      { ordinal: 1, callOpensAt: new Date('2023-03-01T00:00:00Z') },
      { ordinal: 2, callOpensAt: new Date('2026-03-01T00:00:00Z') },
    ];
    const next = nextOrdinalAfterRevocation(rounds, new Date('2027-05-10T02:00:00Z'));
    const revoked = sanctionOf('revoked', subject, revocationBan(next, RULEBOOK_2022), 'fraud');
    const sanctions = [awardOfRound2, revoked];

    // Act
    const byRound = [3, 4, 5, 6].map((roundOrdinal) =>
      codesOf(organizationBody(), context({ roundOrdinal, sanctions })),
    );

    // Assess: round 3 and 4 carry both bans; 5 only the revocation; 6 is free.
    expect(next).toBe(3);
    expect(byRound).toEqual([['BARRED', 'BARRED'], ['BARRED', 'BARRED'], ['BARRED'], []]);
    expect(evaluateEligibility(organizationBody(), context({ roundOrdinal: 5, sanctions }))[0]).toMatchObject(
      {
        message: expect.stringContaining('第3届至第5届'),
        article: '第二十五条',
      },
    );
  });

  it('ignores sanctions of other subjects and reviewer disqualifications', () => {
    // Prepare
    const other = sanctionOf(
      'award-holder',
      { type: 'organization', key: creditCode('140106') },
      awardHolderBan(2, RULEBOOK_2022),
    );
    const reviewer = sanctionOf(
      'reviewer-disqualified',
      { type: 'reviewer', key: TAIYUAN_CODE },
      awardHolderBan(2, RULEBOOK_2022),
    );

    // Act
    const codes = codesOf(organizationBody(), context({ roundOrdinal: 3, sanctions: [other, reviewer] }));

    // Assess
    expect(codes).toEqual([]);
  });

  it('bars a joint application when one member is barred, without revealing the ID number', () => {
    // Prepare
    const barred = member('456');
    const ban = sanctionOf(
      'award-holder',
      { type: 'individual', key: hash(barred.idNumber) },
      awardHolderBan(2, RULEBOOK_2022),
    );

    // Act
    const findings = evaluateEligibility(
      individualBody([member('123'), barred]),
      context({ roundOrdinal: 4, sanctions: [ban] }),
    );

    // Assess
    expect(findings).toEqual([
      {
        path: 'members[1].idNumber',
        code: 'BARRED',
        message: expect.stringContaining('第2位申报人因获得市政府质量奖，第3届至第4届不得申报'),
        article: '第六条',
      },
    ]);
    expect(JSON.stringify(findings)).not.toContain(barred.idNumber.slice(0, 14));
  });

  it('finds a member’s ban whatever the case of the check digit', () => {
    // Prepare: a number ending in X, entered in lower case.
    const sequence = [
      '000',
      '001',
      '002',
      '003',
      '004',
      '005',
      '006',
      '007',
      '008',
      '009',
      '010',
      '011',
    ].find((s) => idNumber(s).endsWith('X'))!;
    const withX = member(sequence);
    const ban = sanctionOf(
      'revoked',
      { type: 'individual', key: hash(withX.idNumber) },
      revocationBan(3, RULEBOOK_2022),
      'major-accident',
    );

    // Act
    const findings = evaluateEligibility(
      individualBody([{ ...withX, idNumber: withX.idNumber.toLowerCase() }]),
      context({ sanctions: [ban] }),
    );

    // Assess
    expect(findings.map((f) => [f.code, f.article])).toEqual([['BARRED', '第二十七条']]);
  });
});

describe('evaluateEligibility — individual (Art. 11)', () => {
  it('passes up to three eligible joint applicants', () => {
    // Act
    const findings = evaluateEligibility(
      individualBody([member('123'), member('456'), member('789')]),
      context(),
    );

    // Assess
    expect(findings).toEqual([]);
  });

  it('rejects 4 joint applicants', () => {
    // Act
    const findings = evaluateEligibility(
      individualBody([member('123'), member('456'), member('789'), member('246')]),
      context(),
    );

    // Assess
    expect(findings).toEqual([
      {
        path: 'members',
        code: 'TOO_MANY_CO_APPLICANTS',
        message: expect.stringContaining('3人以内'),
        article: '第十一条',
      },
    ]);
  });

  it('rejects an application without members', () => {
    // Act
    const findings = evaluateEligibility(individualBody([]), context());

    // Assess
    expect(findings.map((f) => [f.path, f.code])).toEqual([['members', 'VALIDATION_FAILED']]);
  });

  it('rejects an ID number with a wrong check digit, naming the member but not the number', () => {
    // Prepare
    const good = idNumber('123');
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');

    // Act
    const findings = evaluateEligibility(
      individualBody([member('456'), member('123', { idNumber: wrong })]),
      context(),
    );

    // Assess
    expect(findings).toEqual([
      {
        path: 'members[1].idNumber',
        code: 'INVALID_ID_NUMBER',
        message: expect.stringMatching(/^第2位申报人.*校验码/),
        article: '第十一条',
      },
    ]);
    expect(JSON.stringify(findings)).not.toContain(wrong.slice(0, 14));
  });

  it('rejects an ID number with an impossible birth date (30 February)', () => {
    // Act
    const findings = evaluateEligibility(
      individualBody([member('123', { idNumber: idNumber('123', '19900230') })]),
      context(),
    );

    // Assess
    expect(findings).toEqual([
      {
        path: 'members[0].idNumber',
        code: 'INVALID_ID_NUMBER',
        message: expect.stringContaining('出生日期'),
        article: '第十一条',
      },
    ]);
  });

  it('rejects an ID number born after the call closes', () => {
    // Act
    const codes = codesOf(
      individualBody([member('123', { idNumber: idNumber('123', '20260701') })]),
      context(),
    );

    // Assess
    expect(codes).toEqual(['INVALID_ID_NUMBER']);
  });

  it('rejects the same ID number twice, pointing at the repetition', () => {
    // Act
    const findings = evaluateEligibility(
      individualBody([
        member('123'),
        member('456'),
        member('999', { idNumber: idNumber('123').toLowerCase() }),
      ]),
      context(),
    );

    // Assess
    expect(findings).toEqual([
      {
        path: 'members[2].idNumber',
        code: 'VALIDATION_FAILED',
        message: '第3位申报人的居民身份证号码与第1位申报人重复',
        article: '第十一条',
      },
    ]);
  });

  it('does not count two empty ID numbers as duplicates of each other', () => {
    // Act
    const findings = evaluateEligibility(
      individualBody([member('123', { idNumber: '' }), member('456', { idNumber: ' ' })]),
      context(),
    );

    // Assess
    expect(findings.map((f) => [f.path, f.code])).toEqual([
      ['members[0].idNumber', 'INVALID_ID_NUMBER'],
      ['members[1].idNumber', 'INVALID_ID_NUMBER'],
    ]);
  });

  it('requires 3 full years of quality work, exactly 3 passing', () => {
    // Act
    const exactly = codesOf(individualBody([member('123', { qualityWorkSince: '2023-06-30' })]), context());
    const short = evaluateEligibility(
      individualBody([member('123', { qualityWorkSince: '2023-07-01' })]),
      context(),
    );

    // Assess
    expect(exactly).toEqual([]);
    expect(short).toEqual([
      {
        path: 'members[0].qualityWorkSince',
        code: 'QUALITY_WORK_LESS_THAN_3_YEARS',
        message: expect.stringContaining('不满3年'),
        article: '第十一条第（一）项',
      },
    ]);
  });

  it('rejects an invalid start date of quality work', () => {
    // Act
    const findings = evaluateEligibility(
      individualBody([member('123', { qualityWorkSince: '2019-02-29' })]),
      context(),
    );

    // Assess
    expect(findings.map((f) => [f.path, f.code])).toEqual([
      ['members[0].qualityWorkSince', 'VALIDATION_FAILED'],
    ]);
  });

  it('rejects an invalid employer credit code', () => {
    // Act
    const findings = evaluateEligibility(
      individualBody([member('123', { employerCreditCode: '91140105MA0K12345' })]),
      context(),
    );

    // Assess
    expect(findings).toEqual([
      {
        path: 'members[0].employerCreditCode',
        code: 'INVALID_CREDIT_CODE',
        message: expect.stringMatching(/^第1位申报人所属组织的统一社会信用代码/),
        article: '第十一条第（六）项',
      },
    ]);
  });

  it('rejects an employer registered outside Taiyuan (Art. 3, 11), naming the member and the division', () => {
    // Act
    const findings = evaluateEligibility(
      individualBody([member('123'), member('246', { employerCreditCode: creditCode('110105') })]),
      context(),
    );

    // Assess
    expect(findings).toEqual([
      {
        path: 'members[1].employerCreditCode',
        code: 'NOT_REGISTERED_IN_TAIYUAN',
        message: expect.stringMatching(
          /^第2位申报人所属组织的统一社会信用代码中的行政区划码为110105.*本市从事质量工作/,
        ),
        article: '第三条、第十一条',
      },
    ]);
  });

  it('follows the rulebook’s division prefix for employers', () => {
    // Act
    const findings = evaluateEligibility(
      individualBody([member('123')]),
      context({ rulebook: { ...RULEBOOK_2022, divisionPrefix: '1402' } }),
    );

    // Assess
    expect(findings.map((f) => [f.path, f.code])).toEqual([
      ['members[0].employerCreditCode', 'NOT_REGISTERED_IN_TAIYUAN'],
    ]);
  });

  it('reports every missing declaration with its article', () => {
    // Act
    const findings = evaluateEligibility(
      individualBody([member('123')], { employerNoMajorAccident3Years: false, compliesWithLaw: false }),
      context(),
    );

    // Assess
    expect(findings.map((f) => [f.path, f.code, f.article])).toEqual([
      ['declarations.employerNoMajorAccident3Years', 'DECLARATION_MISSING', '第十一条第（六）项'],
      ['declarations.compliesWithLaw', 'DECLARATION_MISSING', '第十一条第（七）项'],
    ]);
  });

  it('reports all failed rules together', () => {
    // Prepare: 4 members, one with a bad ID, one short on years, one barred, a declaration missing.
    const barred = member('789');
    const ban = sanctionOf(
      'award-holder',
      { type: 'individual', key: hash(barred.idNumber) },
      awardHolderBan(2, RULEBOOK_2022),
    );
    const body = individualBody(
      [
        member('123', { idNumber: idNumber('123', '19900230') }),
        member('456', { qualityWorkSince: '2025-01-01' }),
        barred,
        member('246', { employerCreditCode: 'not-a-code' }),
      ],
      { compliesWithLaw: false },
    );

    // Act
    const findings = evaluateEligibility(body, context({ sanctions: [ban] }));

    // Assess
    expect(findings.map((f) => [f.path, f.code])).toEqual([
      ['members', 'TOO_MANY_CO_APPLICANTS'],
      ['members[0].idNumber', 'INVALID_ID_NUMBER'],
      ['members[1].qualityWorkSince', 'QUALITY_WORK_LESS_THAN_3_YEARS'],
      ['members[2].idNumber', 'BARRED'],
      ['members[3].employerCreditCode', 'INVALID_CREDIT_CODE'],
      ['declarations.compliesWithLaw', 'DECLARATION_MISSING'],
    ]);
    expect(findings.every((f) => f.message.length > 0 && f.article)).toBe(true);
  });
});

describe('displayNameOf', () => {
  it('is the organization’s name', () => {
    // Act / Assess
    expect(displayNameOf(organizationBody({ name: ' 太原重工示例有限公司 ' }))).toBe('太原重工示例有限公司');
  });

  it('joins the members’ names with 、', () => {
    // Act / Assess
    expect(
      displayNameOf(individualBody([member('001', { name: '张三' }), member('002', { name: '李四 ' })])),
    ).toBe('张三、李四');
  });
});
