/**
 * The after-award routes over HTTP (API.md v2 "After the award") on DynamoDB Local behind the
 * gateway: rewards, the award's page, issuance and recovery, public revocations and the Art. 27
 * validity, higher awards, visits and their due dates, and the import of past winners.
 */
import { describe, expect, it } from 'vitest';
import { afterAwardRoutes } from '../../../functions/handlers/api/after-award.ts';
import { applicationsRoutes } from '../../../functions/handlers/api/applications.ts';
import { awardsRoutes } from '../../../functions/handlers/api/awards.ts';
import { roundsRoutes } from '../../../functions/handlers/api/rounds.ts';
import type { RoundRecord } from '../../../functions/ports/records.ts';
import { apiHarness, PEOPLE } from '../../support/api-harness.ts';
import {
  creditCode,
  idNumber,
  ORG_CODE,
  reviewDeps,
  seedApplication,
  seedAward,
  seedIndividualApplication,
  seedRound,
} from '../../support/review-fixtures.ts';

const http = apiHarness({
  prefix: 'after',
  now: '2027-03-01T02:00:00Z',
  routes: () => [...afterAwardRoutes, ...awardsRoutes, ...roundsRoutes, ...applicationsRoutes],
  people: { ...PEOPLE, stranger: { sub: 'owner-app-2', roles: ['applicant'] } },
  deps: ({ store, clock, workflow }) => reviewDeps(store, clock, workflow),
});
const { call } = http;

/** Round r1 (ordinal 1, announced 2026-12-20): aw-1 an organization award of app-1 (owner-app-1), aw-2 a person's nomination. */
async function seedWinners(rewards?: RoundRecord['rewards']) {
  const fx = http.fx;
  await seedRound(fx, { roundId: 'r1', ordinal: 1, stage: 'announced', ...(rewards ? { rewards } : {}) });
  await seedApplication(fx, { applicationId: 'app-1', roundId: 'r1', status: 'awarded', tier: 'award' });
  await seedIndividualApplication(fx, {
    applicationId: 'app-2',
    roundId: 'r1',
    status: 'awarded',
    tier: 'nomination',
  });
  await seedAward(fx, {
    awardId: 'aw-1',
    roundId: 'r1',
    applicationId: 'app-1',
    certificateNo: '并质奖〔2026〕第001号',
    validThroughOrdinal: 3,
  });
  await seedAward(fx, {
    awardId: 'aw-2',
    roundId: 'r1',
    applicationId: 'app-2',
    category: 'individual',
    tier: 'nomination',
    displayName: '李四、王五',
    certificateNo: '并质奖〔2026〕第002号',
    validThroughOrdinal: 3,
  });
}

describe('PUT /v1/rounds/{roundId}/rewards', () => {
  it('sets the bonus per tier before the approval (Round gains rewards), refuses it once announced', async () => {
    // Prepare
    await seedRound(http.fx, { roundId: 'r1', ordinal: 1, stage: 'approval' });
    await seedRound(http.fx, { roundId: 'r0', ordinal: 2, stage: 'announced' });
    const body = { award: { bonusYuan: 500000 }, nomination: { bonusYuan: 100000 } };
    // Act
    const set = await call('PUT', '/v1/rounds/r1/rewards', { as: 'staff', body });
    const read = await call('GET', '/v1/rounds/r1', { as: 'leader' });
    const late = await call('PUT', '/v1/rounds/r0/rewards', { as: 'staff', body });
    const leader = await call('PUT', '/v1/rounds/r1/rewards', { as: 'leader', body });
    const bad = await call('PUT', '/v1/rounds/r1/rewards', {
      as: 'staff',
      body: { award: { bonusYuan: -1 } },
    });
    // Assess
    expect(set.status).toBe(200);
    expect(set.body.rewards).toEqual(body);
    expect(read.body.rewards).toEqual(body);
    expect(late).toMatchObject({ status: 409, body: { code: 'STAGE_CLOSED' } });
    expect(leader.status).toBe(403);
    expect(bad.status).toBe(400);
    const audit = await call('GET', '/v1/audit?entityId=r1', { as: 'supervisor' });
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(['round.rewards-changed']);
  });
});

describe('GET /v1/awards/{awardId}', () => {
  it('shows staff, supervisors and the award’s applicant the certificate, validity and next visit; others 404', async () => {
    // Prepare
    await seedWinners();
    // Act
    const staff = await call('GET', '/v1/awards/aw-1', { as: 'staff' });
    const holder = await call('GET', '/v1/awards/aw-1', { as: 'applicant' });
    const supervisor = await call('GET', '/v1/awards/aw-2', { as: 'supervisor' });
    const stranger = await call('GET', '/v1/awards/aw-1', { as: 'stranger' });
    const reviewer = await call('GET', '/v1/awards/aw-1', { as: 'rev-1' });
    const unknown = await call('GET', '/v1/awards/nope', { as: 'staff' });
    const anonymous = await call('GET', '/v1/awards/aw-1');
    // Assess
    expect(staff.status).toBe(200);
    expect(staff.body).toMatchObject({
      awardId: 'aw-1',
      certificateNo: '并质奖〔2026〕第001号',
      validThroughOrdinal: 3,
      withinValidity: true,
      issuance: {},
      nextVisitDue: '2027-12-20',
      awardYear: 2026,
      citation: '2026年荣获第1届太原市政府质量奖',
    });
    expect(staff.body.recovery).toBeUndefined();
    expect(holder.body).toEqual(staff.body);
    expect(supervisor.body.citation).toBe('2026年荣获第1届太原市政府质量奖提名奖');
    expect(stranger.status).toBe(404);
    expect(reviewer.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(anonymous.status).toBe(401);
  });
});

describe('issuance, revocation and recovery (Art. 19, 25)', () => {
  it('records trophy and bonus, lists only those for recovery, records each recovery once', async () => {
    // Prepare
    // The bonus per tier was set before the approval (PUT /v1/rounds/{roundId}/rewards).
    await seedWinners({ award: { bonusYuan: 500000 }, nomination: { bonusYuan: 100000 } });
    // Act
    const trophy = await call('POST', '/v1/awards/aw-1/issuance', {
      as: 'staff',
      body: { item: 'trophy', on: '2027-01-10' },
    });
    const twice = await call('POST', '/v1/awards/aw-1/issuance', {
      as: 'staff',
      body: { item: 'trophy', on: '2027-01-11' },
    });
    const noVoucher = await call('POST', '/v1/awards/aw-1/issuance', {
      as: 'staff',
      body: { item: 'bonus', on: '2027-01-10' },
    });
    const beforeApproval = await call('POST', '/v1/awards/aw-1/issuance', {
      as: 'staff',
      body: { item: 'certificate', on: '2026-12-01' },
    });
    const bonus = await call('POST', '/v1/awards/aw-1/issuance', {
      as: 'staff',
      body: { item: 'bonus', on: '2027-01-15', voucherNo: '财付〔2027〕12号' },
    });
    const notRevoked = await call('POST', '/v1/awards/aw-1/recovery', {
      as: 'staff',
      body: { item: 'trophy', on: '2027-02-01' },
    });
    const revoked = await call('POST', '/v1/awards/aw-1/revocation', {
      as: 'staff',
      body: { reason: 'fraud', findings: '申报材料中的检测报告系伪造' },
    });
    const afterRevocation = await call('GET', '/v1/awards/aw-1', { as: 'staff' });
    const certificate = await call('POST', '/v1/awards/aw-1/recovery', {
      as: 'staff',
      body: { item: 'certificate', on: '2027-02-20' },
    });
    const trophyBack = await call('POST', '/v1/awards/aw-1/recovery', {
      as: 'staff',
      body: { item: 'trophy', on: '2027-02-20', note: '已交回' },
    });
    const bonusBack = await call('POST', '/v1/awards/aw-1/recovery', {
      as: 'staff',
      body: { item: 'bonus', on: '2027-02-25' },
    });
    const again = await call('POST', '/v1/awards/aw-1/recovery', {
      as: 'staff',
      body: { item: 'bonus', on: '2027-02-26' },
    });
    const issueRevoked = await call('POST', '/v1/awards/aw-1/issuance', {
      as: 'staff',
      body: { item: 'certificate', on: '2027-02-26' },
    });
    // Assess
    expect(trophy.status).toBe(200);
    expect(trophy.body.issuance).toEqual({ trophy: { on: '2027-01-10' } });
    expect(twice).toMatchObject({ status: 409, body: { code: 'ILLEGAL_TRANSITION' } });
    expect(noVoucher).toMatchObject({ status: 400, body: { errors: [{ path: 'voucherNo' }] } });
    expect(beforeApproval).toMatchObject({ status: 400, body: { errors: [{ path: 'on' }] } });
    expect(bonus.body.issuance.bonus).toEqual({
      on: '2027-01-15',
      amountYuan: 500000,
      voucherNo: '财付〔2027〕12号',
    });
    expect(notRevoked).toMatchObject({ status: 409, body: { code: 'NOT_REVOKED' } });
    expect(revoked.status).toBe(200);
    expect(afterRevocation.body.recovery).toEqual({
      trophy: { due: true },
      bonus: { due: true, amountYuan: 500000 },
    });
    expect(afterRevocation.body.nextVisitDue).toBeUndefined();
    expect(certificate).toMatchObject({ status: 422, body: { code: 'NOTHING_TO_RECOVER' } });
    expect(certificate.body.detail).toMatch(/证书/);
    expect(trophyBack.body.recovery.trophy).toEqual({ due: true, on: '2027-02-20', note: '已交回' });
    expect(bonusBack.body.recovery.bonus).toEqual({
      due: true,
      amountYuan: 500000,
      on: '2027-02-25',
      recoveredAmountYuan: 500000,
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'ILLEGAL_TRANSITION' } });
    expect(issueRevoked.status).toBe(409);
    const audit = await call('GET', '/v1/audit?entityId=aw-1', { as: 'supervisor' });
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual([
      'award.trophy-issued',
      'award.bonus-issued',
      'award.revoked',
      'award.trophy-recovered',
      'award.bonus-recovered',
    ]);
  });

  it('announces revocations publicly with their article, without the findings', async () => {
    // Prepare
    await seedWinners();
    await call('POST', '/v1/awards/aw-1/revocation', {
      as: 'staff',
      body: { reason: 'mark-misuse', findings: '擅自在产品包装上使用奖励标识' },
    });
    http.fx.clock.set('2027-03-02T02:00:00Z');
    await call('POST', '/v1/awards/aw-2/revocation', {
      as: 'staff',
      body: { reason: 'fraud', findings: '获奖成果系他人完成' },
    });
    // Act
    const list = await call('GET', '/v1/public/revocations');
    // Assess
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      {
        awardId: 'aw-2',
        displayName: '李四、王五',
        ordinal: 1,
        tier: 'nomination',
        reason: 'fraud',
        reasonLabel: expect.stringContaining('第二十五条'),
        revokedAt: '2027-03-02T02:00:00.000Z',
        article: 25,
        awardYear: 2026,
      },
      expect.objectContaining({ awardId: 'aw-1', reason: 'mark-misuse', article: 27 }),
    ]);
    expect(JSON.stringify(list.body)).not.toMatch(/擅自|他人完成/);
  });

  it('refuses an Art. 27 reason after the validity (422), unless it occurred within it; fraud has no limit', async () => {
    // Prepare: rounds 2, 3 and 4 have opened; round 1's awards were valid through round 3.
    await seedWinners();
    for (const ordinal of [2, 3, 4]) {
      await seedRound(http.fx, {
        roundId: `r${ordinal}`,
        ordinal,
        stage: ordinal === 4 ? 'call-open' : 'announced',
        callOpensAt: `${2026 + ordinal - 4}-0${ordinal}-01T00:00:00.000Z`,
      });
    }
    // Act
    const late = await call('POST', '/v1/awards/aw-1/revocation', {
      as: 'staff',
      body: { reason: 'major-accident', findings: '发生重大安全事故' },
    });
    const within = await call('POST', '/v1/awards/aw-1/revocation', {
      as: 'staff',
      body: { reason: 'major-accident', findings: '发生重大安全事故', occurredOn: '2026-03-15' },
    });
    const fraud = await call('POST', '/v1/awards/aw-2/revocation', {
      as: 'staff',
      body: { reason: 'fraud', findings: '成果造假' },
    });
    // Assess
    expect(late).toMatchObject({
      status: 422,
      body: { code: 'REVOCATION_REASON_NOT_APPLICABLE', errors: [{ path: 'reason', article: '第二十七条' }] },
    });
    expect(late.body.detail).toContain('有效期');
    expect(within.status).toBe(200);
    expect(fraud.status).toBe(200);
  });
});

describe('higher awards (Art. 21)', () => {
  it('records China / Shanxi Quality Award winners with the matched reward, ID numbers masked', async () => {
    // Prepare
    const person = {
      subject: { type: 'individual', idNumber: idNumber(7) },
      displayName: '赵六',
      award: 'shanxi-quality-award',
      tier: 'nomination',
      year: 2026,
      documentNo: '晋政发〔2026〕8号',
      rewardYuan: 100000,
    };
    // Act
    const first = await call('POST', '/v1/higher-awards', {
      as: 'staff',
      body: person,
      headers: { 'idempotency-key': 'h-1' },
    });
    const replay = await call('POST', '/v1/higher-awards', {
      as: 'staff',
      body: person,
      headers: { 'idempotency-key': 'h-1' },
    });
    const org = await call('POST', '/v1/higher-awards', {
      as: 'staff',
      body: {
        ...person,
        subject: { type: 'organization', creditCode: creditCode(8) },
        displayName: '太原重工',
        award: 'china-quality-award',
        tier: 'award',
        year: 2025,
      },
    });
    const badCode = await call('POST', '/v1/higher-awards', {
      as: 'staff',
      body: { ...person, subject: { type: 'organization', creditCode: 'x' } },
    });
    const list = await call('GET', '/v1/higher-awards', { as: 'supervisor' });
    const applicant = await call('GET', '/v1/higher-awards', { as: 'applicant' });
    // Assess
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ displayName: '赵六', subjectType: 'individual', rewardYuan: 100000 });
    expect(first.body.subject).toMatch(/\*/);
    expect(replay.body.higherAwardId).toBe(first.body.higherAwardId);
    expect(org.status).toBe(201);
    expect(badCode).toMatchObject({ status: 422, body: { code: 'INVALID_CREDIT_CODE' } });
    expect(list.body.map((h: { displayName: string }) => h.displayName)).toEqual(['太原重工', '赵六']);
    expect(JSON.stringify(list.body)).not.toContain(idNumber(7));
    expect(applicant.status).toBe(403);
  });
});

describe('visits (Art. 26)', () => {
  it('records a visit with actions, closes one, and lists due visits and overdue actions by the clock', async () => {
    // Prepare
    await seedWinners();
    // Act
    const dueBefore = await call('GET', '/v1/visits/due?before=2027-12-31', { as: 'staff' });
    const dueToday = await call('GET', '/v1/visits/due', { as: 'staff' });
    const visit = await call('POST', '/v1/awards/aw-1/visits', {
      as: 'staff',
      body: {
        visitedOn: '2027-02-26',
        visitors: ['评选办 李工', '市场监管局 王科长'],
        findings: '质量管理体系运行良好，个别车间现场管理待加强。',
        rating: 'needs-improvement',
        actions: [
          { item: '完善车间 5S 管理制度', dueOn: '2027-04-30' },
          { item: '提交年度质量报告', dueOn: '2027-03-15' },
        ],
      },
    });
    const badDue = await call('POST', '/v1/awards/aw-1/visits', {
      as: 'staff',
      body: {
        visitedOn: '2027-02-26',
        visitors: ['x'],
        findings: 'x',
        rating: 'good',
        actions: [{ item: 'x', dueOn: '2027-01-01' }],
      },
    });
    const visitId = visit.body.visitId as string;
    const closed = await call('POST', `/v1/visits/${visitId}/actions/1/closure`, {
      as: 'staff',
      body: { closedOn: '2027-02-28', note: '已提交' },
    });
    const closedTwice = await call('POST', `/v1/visits/${visitId}/actions/1/closure`, {
      as: 'staff',
      body: { closedOn: '2027-02-28', note: '已提交' },
    });
    const noAction = await call('POST', `/v1/visits/${visitId}/actions/5/closure`, {
      as: 'staff',
      body: { closedOn: '2027-02-28', note: 'x' },
    });
    const overdueNow = await call('GET', '/v1/visits/overdue-actions', { as: 'staff' });
    http.fx.clock.set('2027-05-01T02:00:00Z');
    const overdueLater = await call('GET', '/v1/visits/overdue-actions', { as: 'staff' });
    const visits = await call('GET', '/v1/awards/aw-1/visits', { as: 'supervisor' });
    const award = await call('GET', '/v1/awards/aw-1', { as: 'staff' });
    const dueAfterVisit = await call('GET', '/v1/visits/due?before=2027-12-31', { as: 'staff' });
    const applicantVisits = await call('GET', '/v1/awards/aw-1/visits', { as: 'applicant' });
    // Assess
    expect(dueBefore.body).toEqual([
      expect.objectContaining({ awardId: 'aw-1', nextVisitDue: '2027-12-20' }),
      expect.objectContaining({ awardId: 'aw-2', nextVisitDue: '2027-12-20' }),
    ]);
    expect(dueToday.body).toEqual([]);
    expect(visit.status).toBe(201);
    expect(visit.body.actions).toEqual([
      { item: '完善车间 5S 管理制度', dueOn: '2027-04-30', overdue: false },
      { item: '提交年度质量报告', dueOn: '2027-03-15', overdue: false },
    ]);
    expect(badDue).toMatchObject({ status: 400, body: { errors: [{ path: 'actions.0.dueOn' }] } });
    expect(closed.body.actions[1]).toMatchObject({ closedOn: '2027-02-28', note: '已提交', overdue: false });
    expect(closedTwice.status).toBe(409);
    expect(noAction.status).toBe(404);
    expect(overdueNow.body).toEqual([]);
    expect(overdueLater.body).toEqual([
      {
        awardId: 'aw-1',
        displayName: '太原某某制造有限公司app-1',
        visitId,
        index: 0,
        item: '完善车间 5S 管理制度',
        dueOn: '2027-04-30',
      },
    ]);
    expect(visits.body[0].actions.map((a: { overdue: boolean }) => a.overdue)).toEqual([true, false]);
    expect(award.body).toMatchObject({
      lastVisitOn: '2027-02-26',
      lastVisitRating: 'needs-improvement',
      nextVisitDue: '2028-02-26',
    });
    expect(dueAfterVisit.body.map((d: { awardId: string }) => d.awardId)).toEqual(['aw-2']);
    expect(applicantVisits.status).toBe(403);
  });

  it('leaves awards outside their validity out of the due list', async () => {
    // Prepare: round 4 has opened, so round 1's awards (valid through round 3) are no longer visited.
    await seedWinners();
    await seedRound(http.fx, {
      roundId: 'r4',
      ordinal: 4,
      stage: 'call-open',
      callOpensAt: '2027-02-01T00:00:00.000Z',
    });
    // Act
    const due = await call('GET', '/v1/visits/due?before=2030-01-01', { as: 'staff' });
    const award = await call('GET', '/v1/awards/aw-1', { as: 'staff' });
    // Assess
    expect(due.body).toEqual([]);
    expect(award.body).toMatchObject({ withinValidity: false });
    expect(award.body.nextVisitDue).toBeUndefined();
  });
});

describe('POST /v1/awards/imports', () => {
  it('imports a past round into the register with the Art. 6 bans of award winners only', async () => {
    // Act
    const imported = await call('POST', '/v1/awards/imports', {
      as: 'staff',
      body: {
        ordinal: 1,
        title: '第一届太原市政府质量奖',
        approvedOn: '2019-12-30',
        documentNo: '并政发〔2019〕50号',
        winners: [
          { category: 'organization', displayName: '太原钢铁集团', tier: 'award', creditCode: ORG_CODE },
          {
            category: 'individual',
            displayName: '张三、李四',
            tier: 'award',
            members: [
              { name: '张三', idNumber: idNumber(1) },
              { name: '李四', idNumber: idNumber(2) },
            ],
          },
          {
            category: 'organization',
            displayName: '太原某提名企业',
            tier: 'nomination',
            creditCode: creditCode(3),
          },
        ],
      },
    });
    const taken = await call('POST', '/v1/awards/imports', {
      as: 'staff',
      body: {
        ordinal: 1,
        title: 'x',
        approvedOn: '2019-12-30',
        documentNo: 'x',
        winners: [{ category: 'organization', displayName: 'x', tier: 'award', creditCode: creditCode(4) }],
      },
    });
    const badId = await call('POST', '/v1/awards/imports', {
      as: 'staff',
      body: {
        ordinal: 0 + 5,
        title: 'x',
        approvedOn: '2019-12-30',
        documentNo: 'x',
        winners: [
          {
            category: 'individual',
            displayName: 'x',
            tier: 'award',
            members: [{ name: 'x', idNumber: '140105198001010010' }],
          },
        ],
      },
    });
    const orgBans = await call('GET', `/v1/sanctions?subject=${ORG_CODE}`, { as: 'staff' });
    const personBans = await call('GET', `/v1/sanctions?subject=${idNumber(2)}`, { as: 'staff' });
    const nominationBans = await call('GET', `/v1/sanctions?subject=${creditCode(3)}`, { as: 'staff' });
    const awards = await call('GET', '/v1/awards?roundId=round-1');
    const round = await call('GET', '/v1/rounds/round-1', { as: 'staff' });
    const next = await call('POST', '/v1/rounds', {
      as: 'staff',
      body: {
        title: '第二届',
        callOpensAt: '2027-03-02T09:00:00+08:00',
        callClosesAt: '2027-04-01T17:00:00+08:00',
      },
    });
    // Assess
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ roundId: 'round-1', ordinal: 1 });
    expect(imported.body.awards.map((a: { tier: string }) => a.tier)).toEqual([
      'award',
      'award',
      'nomination',
    ]);
    expect(taken).toMatchObject({ status: 400, body: { errors: [{ path: 'ordinal' }] } });
    expect(badId).toMatchObject({
      status: 422,
      body: { code: 'INVALID_ID_NUMBER', errors: [{ path: 'winners.0.members.0.idNumber' }] },
    });
    expect(JSON.stringify(badId.body)).not.toContain('140105198001010010');
    expect(orgBans.body).toEqual([
      expect.objectContaining({ kind: 'award-holder', barredFromOrdinal: 2, barredThroughOrdinal: 3 }),
    ]);
    expect(personBans.body).toEqual([
      expect.objectContaining({ kind: 'award-holder', barredFromOrdinal: 2, barredThroughOrdinal: 3 }),
    ]);
    expect(nominationBans.body).toEqual([]);
    expect(awards.body).toHaveLength(3);
    expect(awards.body[0]).toMatchObject({ ordinal: 1, awardYear: 2019, status: 'active' });
    expect(round.body).toMatchObject({ stage: 'announced', ordinal: 1, imported: true });
    expect(next.body.ordinal).toBe(2);
    const awardId = imported.body.awards[1].awardId as string;
    const detail = await call('GET', `/v1/awards/${awardId}`, { as: 'staff' });
    expect(detail.body).toMatchObject({ imported: true, validThroughOrdinal: 3 });
    const revoked = await call('POST', `/v1/awards/${awardId}/revocation`, {
      as: 'staff',
      body: { reason: 'fraud', findings: '成果造假' },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.sanctions).toHaveLength(2);
    const trail = await call('GET', `/v1/audit?entityId=${awardId}`, { as: 'supervisor' });
    expect(trail.body.map((e: { action: string }) => e.action)).toEqual(['award.imported', 'award.revoked']);
    expect(JSON.stringify(trail.body)).not.toContain(idNumber(1));
  });
});
