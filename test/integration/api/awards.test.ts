/**
 * The award, sanction and audit routes over HTTP (API.md "Awards, sanctions, audit") on DynamoDB
 * Local behind the gateway.
 */
import { describe, expect, it } from 'vitest';
import { reviewApiHarness } from '../../support/api-harness.ts';
import {
  creditCode,
  idNumber,
  ORG_CODE,
  seedApplication,
  seedAward,
  seedIndividualApplication,
  seedReviewer,
  seedRound,
} from '../../support/review-fixtures.ts';

const http = reviewApiHarness('awards', '2027-03-01T02:00:00Z');
const { call } = http;

/** API.md: sanctions show their subject masked; a credit code keeps its first 6 and last 2 characters. */
const maskedCode = (code: string): string => `${code.slice(0, 6)}**********${code.slice(-2)}`;

async function seedWinners() {
  const fx = http.fx;
  await seedRound(fx, { roundId: 'r1', ordinal: 1, stage: 'announced' });
  await seedApplication(fx, { applicationId: 'app-1', roundId: 'r1', status: 'awarded', tier: 'award' });
  await seedIndividualApplication(fx, {
    applicationId: 'app-2',
    roundId: 'r1',
    status: 'awarded',
    tier: 'nomination',
  });
  await seedAward(fx, { awardId: 'aw-1', roundId: 'r1', applicationId: 'app-1' });
  await seedAward(fx, {
    awardId: 'aw-2',
    roundId: 'r1',
    applicationId: 'app-2',
    category: 'individual',
    tier: 'nomination',
    displayName: '李四、王五',
  });
}

describe('GET /v1/awards', () => {
  it('lists awards publicly with the award year (Art. 22), filtered by round', async () => {
    // Prepare
    await seedWinners();
    await seedRound(http.fx, { roundId: 'r0', ordinal: 0 });
    await seedAward(http.fx, {
      awardId: 'aw-0',
      roundId: 'r0',
      applicationId: 'old',
      ordinal: 0,
      awardedOn: '2023-12-01',
    });
    // Act
    const all = await call('GET', '/v1/awards');
    const one = await call('GET', '/v1/awards?roundId=r1');
    // Assess
    expect(all.status).toBe(200);
    expect(all.body.map((a: { awardId: string }) => a.awardId)).toEqual(['aw-0', 'aw-1', 'aw-2']);
    expect(one.body[0]).toEqual({
      awardId: 'aw-1',
      roundId: 'r1',
      ordinal: 1,
      applicationId: 'app-1',
      displayName: '太原某某制造有限公司app-1',
      category: 'organization',
      tier: 'award',
      status: 'active',
      awardedOn: '2026-12-20',
      awardYear: 2026,
      documentNo: '并政函〔2026〕100号',
    });
  });
});

describe('POST /v1/awards/{awardId}/revocation', () => {
  it('revokes an organization award (200), writes the 3-round ban and shows the revocation publicly', async () => {
    // Prepare
    await seedWinners();
    // Act
    const revoked = await call('POST', '/v1/awards/aw-1/revocation', {
      as: 'staff',
      body: { reason: 'mark-misuse', findings: '擅自在产品包装上使用奖励标识' },
    });
    const again = await call('POST', '/v1/awards/aw-1/revocation', {
      as: 'staff',
      body: { reason: 'mark-misuse', findings: '重复' },
    });
    const sanctions = await call('GET', `/v1/sanctions?subject=${ORG_CODE}`, { as: 'supervisor' });
    const awards = await call('GET', '/v1/awards?roundId=r1');
    // Assess
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      awardId: 'aw-1',
      status: 'revoked',
      revocation: { reason: 'mark-misuse' },
      sanctions: [
        { kind: 'revoked', subject: maskedCode(ORG_CODE), barredFromOrdinal: 2, barredThroughOrdinal: 4 },
      ],
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'ILLEGAL_TRANSITION' } });
    expect(sanctions.body).toEqual([
      expect.objectContaining({
        kind: 'revoked',
        subject: maskedCode(ORG_CODE),
        barredFromOrdinal: 2,
        barredThroughOrdinal: 4,
      }),
    ]);
    expect(awards.body[0]).toMatchObject({ status: 'revoked', revocation: { reason: 'mark-misuse' } });
    expect(JSON.stringify(awards.body)).not.toContain('擅自');
    const application = await call('GET', '/v1/applications/app-1', { as: 'staff' });
    expect(application.body.status).toBe('revoked');
    const audit = await call('GET', '/v1/audit?entityId=aw-1', { as: 'supervisor' });
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(['award.revoked']);
  });

  it('revokes an individual award only for fraud: an Art. 27 reason is refused citing 第二十七条', async () => {
    // Prepare
    await seedWinners();
    // Act
    const refused = await call('POST', '/v1/awards/aw-2/revocation', {
      as: 'staff',
      body: { reason: 'major-accident', findings: '所在单位发生事故' },
    });
    const fraud = await call('POST', '/v1/awards/aw-2/revocation', {
      as: 'staff',
      body: { reason: 'fraud', findings: '获奖成果系他人完成' },
    });
    const byId = await call('GET', `/v1/sanctions?subject=${idNumber(1)}`, { as: 'staff' });
    // Assess
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'REVOCATION_REASON_NOT_APPLICABLE',
      errors: [{ path: 'reason', article: '第二十七条' }],
    });
    expect(refused.body.detail).toContain('第二十七条');
    expect(fraud.status).toBe(200);
    expect(fraud.body.sanctions).toHaveLength(2);
    expect(byId.body).toEqual([
      expect.objectContaining({ kind: 'revoked', subject: expect.stringMatching(/^140\*+/) }),
    ]);
    expect(JSON.stringify(byId.body)).not.toContain(idNumber(1));
  });

  it('answers 404 for an unknown award, 400 for an unknown reason, 403 for other roles', async () => {
    // Prepare
    await seedWinners();
    // Act
    const unknown = await call('POST', '/v1/awards/nope/revocation', {
      as: 'staff',
      body: { reason: 'fraud', findings: 'x' },
    });
    const badReason = await call('POST', '/v1/awards/aw-1/revocation', {
      as: 'staff',
      body: { reason: 'other', findings: 'x' },
    });
    const leader = await call('POST', '/v1/awards/aw-1/revocation', {
      as: 'leader',
      body: { reason: 'fraud', findings: 'x' },
    });
    // Assess
    expect(unknown.status).toBe(404);
    expect(badReason).toMatchObject({ status: 400, body: { errors: [{ path: 'reason' }] } });
    expect(leader.status).toBe(403);
  });
});

describe('POST /v1/sanctions and GET /v1/sanctions', () => {
  it('imports history (201, idempotent) and pages through all sanctions with x-next-token', async () => {
    // Prepare
    const body = {
      subject: { type: 'organization', creditCode: creditCode(5) },
      kind: 'award-holder',
      barredFromOrdinal: 1,
      barredThroughOrdinal: 2,
      reason: '平台启用前第零届质量奖获奖组织',
    };
    // Act
    const first = await call('POST', '/v1/sanctions', {
      as: 'staff',
      body,
      headers: { 'idempotency-key': 's-1' },
    });
    const replay = await call('POST', '/v1/sanctions', {
      as: 'staff',
      body,
      headers: { 'idempotency-key': 's-1' },
    });
    const person = await call('POST', '/v1/sanctions', {
      as: 'staff',
      body: { ...body, subject: { type: 'individual', idNumber: idNumber(4) }, kind: 'revoked' },
    });
    const page1 = await call('GET', '/v1/sanctions?limit=1', { as: 'staff' });
    const page2 = await call(
      'GET',
      `/v1/sanctions?limit=1&nextToken=${encodeURIComponent(page1.headers.get('x-next-token') ?? '')}`,
      {
        as: 'staff',
      },
    );
    // Assess
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      kind: 'award-holder',
      subjectType: 'organization',
      subject: maskedCode(creditCode(5)),
    });
    expect(replay.body.sanctionId).toBe(first.body.sanctionId);
    expect(person.body.subject).toMatch(/^140\*+\w\w$/);
    expect(page1.body).toHaveLength(1);
    expect(page1.headers.get('x-next-token')).toBeTruthy();
    expect(page2.body).toHaveLength(1);
    expect(page2.body[0].sanctionId).not.toBe(page1.body[0].sanctionId);
    // DynamoDB may hand out a token when the limit is met exactly: the page after it is empty.
    const token2 = page2.headers.get('x-next-token');
    const page3 =
      token2 === null
        ? undefined
        : await call('GET', `/v1/sanctions?limit=1&nextToken=${encodeURIComponent(token2)}`, { as: 'staff' });
    expect(page3?.body ?? []).toEqual([]);
    expect(page3?.headers.get('x-next-token') ?? null).toBeNull();
  });

  it('answers 422 for bad identifiers and 400 for bad ordinals or subject', async () => {
    // Act
    const badCode = await call('POST', '/v1/sanctions', {
      as: 'staff',
      body: {
        subject: { type: 'organization', creditCode: 'x' },
        kind: 'revoked',
        barredFromOrdinal: 1,
        barredThroughOrdinal: 3,
        reason: 'r',
      },
    });
    const badId = await call('POST', '/v1/sanctions', {
      as: 'staff',
      body: {
        subject: { type: 'individual', idNumber: '140105198001010010' },
        kind: 'revoked',
        barredFromOrdinal: 1,
        barredThroughOrdinal: 3,
        reason: 'r',
      },
    });
    const reversed = await call('POST', '/v1/sanctions', {
      as: 'staff',
      body: {
        subject: { type: 'organization', creditCode: creditCode(5) },
        kind: 'revoked',
        barredFromOrdinal: 4,
        barredThroughOrdinal: 2,
        reason: 'r',
      },
    });
    const zero = await call('POST', '/v1/sanctions', {
      as: 'staff',
      body: {
        subject: { type: 'organization', creditCode: creditCode(5) },
        kind: 'revoked',
        barredFromOrdinal: 0,
        barredThroughOrdinal: 2,
        reason: 'r',
      },
    });
    const badQuery = await call('GET', '/v1/sanctions?subject=abc', { as: 'staff' });
    const applicant = await call('GET', '/v1/sanctions', { as: 'applicant' });
    // Assess
    expect(badCode).toMatchObject({
      status: 422,
      body: { code: 'INVALID_CREDIT_CODE', errors: [{ path: 'subject.creditCode' }] },
    });
    expect(badId).toMatchObject({
      status: 422,
      body: { code: 'INVALID_ID_NUMBER', errors: [{ path: 'subject.idNumber' }] },
    });
    expect(JSON.stringify(badId.body)).not.toContain('140105198001010010');
    expect(reversed).toMatchObject({ status: 400, body: { errors: [{ path: 'barredThroughOrdinal' }] } });
    expect(zero).toMatchObject({ status: 400, body: { errors: [{ path: 'barredFromOrdinal' }] } });
    expect(badQuery).toMatchObject({ status: 400, body: { errors: [{ path: 'subject' }] } });
    expect(applicant.status).toBe(403);
  });

  it('disqualifies a reviewer (Art. 29), who then cannot be assigned', async () => {
    // Prepare
    await seedRound(http.fx, { roundId: 'r1', stage: 'material-review' });
    await seedApplication(http.fx, { applicationId: 'app-1', roundId: 'r1' });
    await seedReviewer(http.fx, { reviewerId: 'rev-1', name: '王教授' });
    // Act
    const disqualified = await call('POST', '/v1/sanctions', {
      as: 'staff',
      body: {
        subject: { type: 'reviewer', reviewerId: 'rev-1' },
        kind: 'reviewer-disqualified',
        barredFromOrdinal: 1,
        barredThroughOrdinal: 999,
        reason: '评审中徇私舞弊',
      },
    });
    const assign = await call('POST', '/v1/rounds/r1/assignments', {
      as: 'staff',
      body: { stage: 'material', applicationId: 'app-1', reviewerIds: ['rev-1'] },
    });
    const lookup = await call('GET', '/v1/sanctions?reviewerId=rev-1', { as: 'supervisor' });
    const unknown = await call('POST', '/v1/sanctions', {
      as: 'staff',
      body: {
        subject: { type: 'reviewer', reviewerId: 'ghost' },
        kind: 'reviewer-disqualified',
        barredFromOrdinal: 1,
        barredThroughOrdinal: 1,
        reason: 'r',
      },
    });
    // Assess
    expect(disqualified).toMatchObject({
      status: 201,
      body: { kind: 'reviewer-disqualified', subjectType: 'reviewer' },
    });
    expect(assign.status).toBe(409);
    expect(assign.body).toMatchObject({ code: 'CONFLICT_OF_INTEREST', errors: [{ article: '第二十九条' }] });
    expect(lookup.body).toHaveLength(1);
    expect(unknown.status).toBe(404);
  });
});

describe('GET /v1/audit', () => {
  it('returns the hash-chained trail with chainIntact for supervisors and staff only; entityId is required', async () => {
    // Prepare
    await seedReviewer(http.fx, { reviewerId: 'rev-1' });
    await call('PUT', '/v1/reviewers/rev-1', { as: 'staff', body: { name: '王教授' } });
    await call('PUT', '/v1/reviewers/rev-1', { as: 'staff', body: { name: '王教授（退休）' } });
    // Act
    const trail = await call('GET', '/v1/audit?entityId=rev-1', { as: 'supervisor' });
    const missing = await call('GET', '/v1/audit', { as: 'staff' });
    const reviewer = await call('GET', '/v1/audit?entityId=rev-1', { as: 'rev-1' });
    // Assess
    expect(trail.status).toBe(200);
    expect(
      trail.body.map((e: { action: string; seq: number; chainIntact: boolean }) => [
        e.action,
        e.seq,
        e.chainIntact,
      ]),
    ).toEqual([
      ['reviewer.updated', 1, true],
      ['reviewer.updated', 2, true],
    ]);
    expect(trail.body[1].prevHash).toBe(trail.body[0].hash);
    expect(trail.body[1]).toMatchObject({
      actor: 'staff-1',
      role: 'staff',
      entityId: 'rev-1',
      after: { name: '王教授（退休）' },
    });
    expect(missing).toMatchObject({ status: 400, body: { errors: [{ path: 'query.entityId' }] } });
    expect(reviewer.status).toBe(403);
  });
});

describe('GET /v1/audit (search by actor, round and time)', () => {
  /** Three entries concerning round r1 and one concerning no round, by two actors, a minute apart. */
  async function seedTrail() {
    const event = (entityId: string, actor: string, at: string, roundId?: string) => ({
      entityId,
      entityType: roundId === entityId ? 'round' : 'application',
      action: roundId === entityId ? 'round.advanced' : 'application.updated',
      actor,
      role: 'staff',
      at,
      ...(roundId === undefined ? {} : { roundId }),
    });
    await http.fx.store.commit({
      changes: [],
      audit: [
        event('r1', 'staff-1', '2027-03-01T02:00:00.000Z', 'r1'),
        event('app-1', 'staff-1', '2027-03-01T02:01:00.000Z', 'r1'),
        event('app-1', 'staff-2', '2027-03-01T02:02:00.000Z', 'r1'),
        event('rev-1', 'staff-1', '2027-03-01T02:03:00.000Z'),
      ],
    });
  }
  const shape = (body: { entityId: string; at: string }[]) =>
    body.map((e) => `${e.entityId}@${e.at.slice(11, 16)}`);

  it('finds entries by actor, by round and by time range, newest first, each with its own hash checked', async () => {
    // Prepare
    await seedTrail();
    // Act
    const byActor = await call('GET', '/v1/audit?actor=staff-1', { as: 'supervisor' });
    const byRound = await call('GET', '/v1/audit?roundId=r1', { as: 'staff' });
    const both = await call('GET', '/v1/audit?actor=staff-1&roundId=r1', { as: 'supervisor' });
    const byTime = await call(
      'GET',
      `/v1/audit?from=${encodeURIComponent('2027-03-01T10:01:00+08:00')}&to=2027-03-01T02:02:00Z`,
      { as: 'supervisor' },
    );
    const actorInRange = await call('GET', '/v1/audit?actor=staff-1&from=2027-03-01T02:01:00Z', {
      as: 'supervisor',
    });
    // Assess
    expect(shape(byActor.body)).toEqual(['rev-1@02:03', 'app-1@02:01', 'r1@02:00']);
    expect(shape(byRound.body)).toEqual(['app-1@02:02', 'app-1@02:01', 'r1@02:00']);
    expect(byRound.body.every((e: { roundId: string }) => e.roundId === 'r1')).toBe(true);
    expect(shape(both.body)).toEqual(['app-1@02:01', 'r1@02:00']);
    expect(shape(byTime.body)).toEqual(['app-1@02:02', 'app-1@02:01']);
    expect(shape(actorInRange.body)).toEqual(['rev-1@02:03', 'app-1@02:01']);
    expect(byActor.body.every((e: { chainIntact: boolean }) => e.chainIntact)).toBe(true);
    expect(byActor.headers.get('x-next-token')).toBeNull();
  });

  it('pages through x-next-token without losing or repeating an entry', async () => {
    // Prepare
    await seedTrail();
    // Act
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const query: string = token === null ? '' : `&nextToken=${encodeURIComponent(token)}`;
      const page = await call('GET', `/v1/audit?roundId=r1&limit=1${query}`, { as: 'supervisor' });
      expect(page.status).toBe(200);
      seen.push(...shape(page.body));
      token = page.headers.get('x-next-token');
      pages += 1;
    } while (token !== null && pages < 10);
    const foreign = await call('GET', '/v1/audit?actor=staff-1&nextToken=bm90LWEtdG9rZW4', {
      as: 'supervisor',
    });
    // Assess
    expect(seen).toEqual(['app-1@02:02', 'app-1@02:01', 'r1@02:00']);
    expect(foreign).toMatchObject({ status: 400, body: { errors: [{ path: 'nextToken' }] } });
  });

  it('answers bad filters with Chinese field errors and keeps the roles', async () => {
    // Act
    const badFrom = await call('GET', '/v1/audit?from=yesterday', { as: 'supervisor' });
    const reversed = await call('GET', '/v1/audit?from=2027-03-02T00:00:00Z&to=2027-03-01T00:00:00Z', {
      as: 'supervisor',
    });
    const mixed = await call('GET', '/v1/audit?entityId=app-1&actor=staff-1', { as: 'supervisor' });
    const badLimit = await call('GET', '/v1/audit?actor=staff-1&limit=0', { as: 'supervisor' });
    const applicant = await call('GET', '/v1/audit?actor=staff-1', { as: 'applicant' });
    // Assess
    expect(badFrom).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', errors: [{ path: 'query.from' }] },
    });
    expect(badFrom.body.errors[0].message).toMatch(/ISO 8601/);
    expect(reversed).toMatchObject({
      status: 400,
      body: { errors: [{ path: 'query.to', message: '截止时刻不能早于起始时刻' }] },
    });
    expect(mixed).toMatchObject({ status: 400, body: { errors: [{ path: 'query.entityId' }] } });
    expect(badLimit).toMatchObject({ status: 400, body: { errors: [{ path: 'query.limit' }] } });
    expect(applicant.status).toBe(403);
  });
});
