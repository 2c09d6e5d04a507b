/**
 * API.md v2 "After the award" on the real local platform, through HTTP only: round 1 is imported
 * from before the platform, round 2 is played whole (its round-1 award holder refused with BARRED,
 * its round-1 nomination holder allowed, Art. 6), the winners get certificate numbers and their
 * validity at the announcement; an award with its trophy and bonus issued is revoked, both are
 * recovered and the revocation is public; a visit's open action becomes overdue on the platform
 * clock; and the round-1 award holder may apply again in round 4.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../../infra/local/platform.ts';
import {
  attachEvidence,
  type Caller,
  creditCode,
  expectProblem,
  Http,
  idNumber,
  type Json,
  organizationBody,
  startContractPlatform,
  yearsBefore,
} from './support.ts';

let platform: Platform;
let http: Http;
let staff: Caller;
let leader: Caller;
let recommender: Caller;
const reviewers: Caller[] = [];

const CLOSES = '2026-03-06T17:00:00+08:00';
/** Round 1's winners (imported): an award-tier organization, a nomination-tier one, an award-tier person. */
const HOLDER = { name: '太原晋阳轴承有限公司', code: creditCode('140105', 8101) };
const NOMINEE = { name: '太原汾河装备有限公司', code: creditCode('140105', 8102) };
const NEWCOMER = { name: '太原龙城物流有限公司', code: creditCode('140105', 8103) };
const PERSON_ID = idNumber('140106', '1979-03-08', 81);

const owners: Record<string, Caller> = {};
const apps: Record<string, Json> = {};
let round2: Json;
let awards2: Json[];

const body = (org: { name: string; code: string }) =>
  organizationBody({ name: org.name, creditCode: org.code, registeredOn: yearsBefore(CLOSES, 8) });

/** A draft with one verified file; returns the submit reply (never thrown). */
async function draftAndSubmit(owner: Caller, roundId: string, org: { name: string; code: string }) {
  const draft = await owner.ok('POST', `/v1/rounds/${roundId}/applications`, body(org), 201);
  await attachEvidence(owner, draft.applicationId);
  return { draft, reply: await owner.post(`/v1/applications/${draft.applicationId}/submit`) };
}

async function scoreAll(roundId: string, stage: string, names: string[], share: Record<string, number>) {
  for (const name of names) {
    const app = apps[name]!;
    await staff.ok(
      'POST',
      `/v1/rounds/${roundId}/assignments`,
      { stage, applicationId: app.applicationId, reviewerIds: reviewers.map((r) => r.identity!.sub) },
      201,
    );
    const rubric = await staff.ok('GET', `/v1/rubrics/${app.category}`);
    const items = Object.fromEntries(
      (rubric.items as Json[]).map((item) => [item.itemId, Math.round(item.maxPoints * share[name]!)]),
    );
    for (const reviewer of reviewers) {
      await reviewer.ok('PUT', `/v1/applications/${app.applicationId}/scores/${stage}`, { items }, 200);
    }
  }
}

beforeAll(async () => {
  platform = await startContractPlatform();
  http = new Http(platform.url);
  staff = await http.as({ sub: 'staff-after', roles: ['staff'], name: '评选办 李工' });
  leader = await http.as({ sub: 'leader-after', roles: ['leader'] });
  recommender = await http.as({ sub: 'rec-after', roles: ['recommender'], jurisdiction: '140105' });
  for (const [sub, name] of [
    ['rev-a1', '王教授'],
    ['rev-a2', '赵研究员'],
  ] as const) {
    reviewers.push(
      await http.as({ sub, roles: ['reviewer'], name, organizationCode: creditCode('140107', 8901) }),
    );
    await staff.ok('PUT', `/v1/reviewers/${sub}`, { name }, 200);
  }
  for (const key of ['holder', 'nominee', 'newcomer'])
    owners[key] = await http.as({ sub: `owner-${key}`, roles: ['applicant'] });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

describe('round 1, held before the platform, imported with its winners', () => {
  it('imports the winners into the register (201) with the Art. 6 bans of the award tier', async () => {
    const imported = await staff.ok(
      'POST',
      '/v1/awards/imports',
      {
        ordinal: 1,
        title: '第一届太原市政府质量奖',
        approvedOn: '2025-12-30',
        documentNo: '并政发〔2025〕60号',
        winners: [
          { category: 'organization', displayName: HOLDER.name, tier: 'award', creditCode: HOLDER.code },
          {
            category: 'organization',
            displayName: NOMINEE.name,
            tier: 'nomination',
            creditCode: NOMINEE.code,
          },
          {
            category: 'individual',
            displayName: '李秀英',
            tier: 'award',
            members: [{ name: '李秀英', idNumber: PERSON_ID }],
          },
        ],
      },
      201,
    );
    expect(imported).toMatchObject({ roundId: expect.any(String), ordinal: 1 });
    expect(imported.awards).toHaveLength(3);
    const bans = await staff.ok('GET', `/v1/sanctions?subject=${HOLDER.code}`);
    expect(bans).toEqual([
      expect.objectContaining({ kind: 'award-holder', barredFromOrdinal: 2, barredThroughOrdinal: 3 }),
    ]);
    expect(await staff.ok('GET', `/v1/sanctions?subject=${NOMINEE.code}`)).toEqual([]);
    const person = await staff.get(`/v1/sanctions?subject=${PERSON_ID}`);
    expect(person.body).toHaveLength(1);
    expect(person.text).not.toContain(PERSON_ID);
    const audit = await staff.ok('GET', `/v1/audit?entityId=${imported.awards[0].awardId}`);
    expect(audit.map((e: Json) => e.action)).toEqual(['award.imported']);
  });
});

describe('round 2, played on the platform', () => {
  it('opens at ordinal 2 and refuses the round-1 award holder at submission with 422 BARRED', async () => {
    round2 = await staff.ok(
      'POST',
      '/v1/rounds',
      { title: '第二届太原市政府质量奖', callOpensAt: '2026-03-02T09:00:00+08:00', callClosesAt: CLOSES },
      201,
    );
    expect(round2.ordinal).toBe(2);
    const { draft, reply } = await draftAndSubmit(owners.holder!, round2.roundId, HOLDER);
    const problem = expectProblem(reply, 422, 'BARRED');
    expect(JSON.stringify(problem.errors)).toContain('第六条');
    expect((await owners.holder!.ok('GET', `/v1/applications/${draft.applicationId}`)).status).toBe('draft');
  });

  it('lets the round-1 nomination holder and a newcomer submit (Art. 6: 提名奖 winners may apply again)', async () => {
    for (const [key, org] of [
      ['nominee', NOMINEE],
      ['newcomer', NEWCOMER],
    ] as const) {
      const { reply } = await draftAndSubmit(owners[key]!, round2.roundId, org);
      expect(reply.status, reply.text).toBe(200);
      apps[key] = reply.body;
      await recommender.ok(
        'POST',
        `/v1/applications/${reply.body.applicationId}/recommendation`,
        { decision: 'recommend', opinion: '同意推荐。' },
        200,
      );
    }
  });

  it('takes the bonus per tier before the approval (Round gains rewards)', async () => {
    const round = await staff.ok('PUT', `/v1/rounds/${round2.roundId}/rewards`, {
      award: { bonusYuan: 500000 },
      nomination: { bonusYuan: 100000 },
    });
    expect(round.rewards).toEqual({ award: { bonusYuan: 500000 }, nomination: { bonusYuan: 100000 } });
  });

  it('runs qualification, publicity and the three review stages to the decision', async () => {
    const path = `/v1/rounds/${round2.roundId}`;
    await http.moveClockTo('2026-03-06T09:30:00Z');
    for (const key of ['nominee', 'newcomer'])
      await staff.ok(
        'POST',
        `/v1/applications/${apps[key]!.applicationId}/qualification`,
        { decision: 'qualified' },
        200,
      );
    const accepted = (await staff.ok('POST', `${path}/advance`, { to: 'accepted-publicity' })).windows[0];
    await http.moveClockTo(new Date(Date.parse(accepted.closesAt) + 60_000));
    expect((await staff.ok('GET', path)).stage).toBe('material-review');
    const share = { nominee: 0.7, newcomer: 0.9 };
    await scoreAll(round2.roundId, 'material', ['nominee', 'newcomer'], share);
    const selected = ['nominee', 'newcomer'].map((k) => apps[k]!.applicationId);
    await staff.ok('POST', `${path}/advance`, { to: 'onsite-review', selected }, 200);
    await scoreAll(round2.roundId, 'onsite', ['nominee', 'newcomer'], share);
    await staff.ok('POST', `${path}/advance`, { to: 'defense' }, 200);
    await scoreAll(round2.roundId, 'defense', ['nominee', 'newcomer'], share);
    await staff.ok('POST', `${path}/advance`, { to: 'evaluation' }, 200);
    expect((await staff.ok('GET', path)).stage).toBe('decision');
  });

  it('announces the winners with sequential certificate numbers and validity through round 4', async () => {
    const path = `/v1/rounds/${round2.roundId}`;
    await leader.ok(
      'POST',
      `${path}/decision`,
      { award: [apps.newcomer!.applicationId], nomination: [apps.nominee!.applicationId], note: '同意。' },
      200,
    );
    const winners = (await staff.ok('GET', path)).windows.find((w: Json) => w.kind === 'winners');
    await http.moveClockTo(new Date(Date.parse(winners.closesAt) + 60_000));
    expect((await staff.ok('GET', path)).stage).toBe('approval');
    await http.moveClockTo('2026-04-13T09:00:00+08:00');
    await staff.ok(
      'POST',
      `${path}/approval`,
      { documentNo: '并政函〔2026〕9号', approvedOn: '2026-04-10' },
      200,
    );
    awards2 = await http.public.ok('GET', `/v1/awards?roundId=${round2.roundId}`);
    expect(awards2.map((a) => a.tier)).toEqual(['award', 'nomination']);
    const details = await Promise.all(awards2.map((a) => staff.ok('GET', `/v1/awards/${a.awardId}`)));
    expect(details.map((d) => d.certificateNo)).toEqual(['并质奖〔2026〕第001号', '并质奖〔2026〕第002号']);
    for (const detail of details) {
      expect(detail).toMatchObject({
        validThroughOrdinal: 4,
        withinValidity: true,
        issuance: {},
        nextVisitDue: '2027-04-10',
      });
    }
    // The holder's own view: certificate number and the award year to cite (Art. 22).
    const own = await owners.newcomer!.ok('GET', `/v1/awards/${awards2[0].awardId}`);
    expect(own).toMatchObject({
      certificateNo: '并质奖〔2026〕第001号',
      citation: '2026年荣获第2届太原市政府质量奖',
    });
    expectProblem(await owners.nominee!.get(`/v1/awards/${awards2[0].awardId}`), 404, 'NOT_FOUND');
  });
});

describe('revocation with recovery (Art. 25)', () => {
  it('revokes an award whose trophy and bonus were issued, records both recoveries, and publishes it', async () => {
    await http.moveClockTo('2026-05-06T09:00:00+08:00');
    const award = awards2[0];
    const url = `/v1/awards/${award.awardId}`;
    await staff.ok('POST', `${url}/issuance`, { item: 'trophy', on: '2026-04-20' }, 200);
    const issued = await staff.ok(
      'POST',
      `${url}/issuance`,
      { item: 'bonus', on: '2026-04-25', voucherNo: '财付〔2026〕31号' },
      200,
    );
    expect(issued.issuance.bonus).toEqual({
      on: '2026-04-25',
      amountYuan: 500000,
      voucherNo: '财付〔2026〕31号',
    });
    expectProblem(
      await staff.post(`${url}/recovery`, { item: 'trophy', on: '2026-04-26' }),
      409,
      'NOT_REVOKED',
    );

    await staff.ok(
      'POST',
      `${url}/revocation`,
      { reason: 'fraud', findings: '经查，申报的检测报告系伪造（第二十五条）。' },
      200,
    );
    const revoked = await staff.ok('GET', url);
    expect(revoked.recovery).toEqual({ trophy: { due: true }, bonus: { due: true, amountYuan: 500000 } });
    expectProblem(
      await staff.post(`${url}/recovery`, { item: 'certificate', on: '2026-04-27' }),
      422,
      'NOTHING_TO_RECOVER',
    );
    await staff.ok(
      'POST',
      `${url}/recovery`,
      { item: 'trophy', on: '2026-04-27', note: '企业已交回奖牌' },
      200,
    );
    const done = await staff.ok('POST', `${url}/recovery`, { item: 'bonus', on: '2026-04-28' }, 200);
    expect(done.recovery).toEqual({
      trophy: { due: true, on: '2026-04-27', note: '企业已交回奖牌' },
      bonus: { due: true, amountYuan: 500000, on: '2026-04-28', recoveredAmountYuan: 500000 },
    });

    const list = await http.public.ok('GET', '/v1/public/revocations');
    expect(list).toEqual([
      expect.objectContaining({
        awardId: award.awardId,
        displayName: NEWCOMER.name,
        ordinal: 2,
        tier: 'award',
        reason: 'fraud',
        article: 25,
        revokedAt: expect.stringMatching(/Z$/),
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain('伪造');
  });
});

describe('visits (Art. 26)', () => {
  it('shows a visit’s open action as overdue after its due date, by the platform clock', async () => {
    const award = awards2[1];
    const due = (await staff.ok('GET', '/v1/visits/due?before=2027-04-10')) as Json[];
    // Round 1's awards (announced 2025-12-30) are due first, the award tier before the nomination;
    // the revoked award is visited no more.
    expect(due.map((d) => [d.displayName, d.nextVisitDue])).toEqual([
      ['李秀英', '2026-12-30'],
      [HOLDER.name, '2026-12-30'],
      [NOMINEE.name, '2026-12-30'],
      [NOMINEE.name, '2027-04-10'],
    ]);
    expect(due[3].awardId).toBe(award.awardId);
    const today = (await http.now()).toISOString().slice(0, 10);
    const visit = await staff.ok(
      'POST',
      `/v1/awards/${award.awardId}/visits`,
      {
        visitedOn: today,
        visitors: ['评选办 李工'],
        findings: '质量管理体系运行正常，供应商质量管控有待加强。',
        rating: 'needs-improvement',
        actions: [{ item: '建立供应商质量考核制度', dueOn: '2026-06-30' }],
      },
      201,
    );
    expect(visit.actions).toEqual([{ item: '建立供应商质量考核制度', dueOn: '2026-06-30', overdue: false }]);
    expect(await staff.ok('GET', '/v1/visits/overdue-actions')).toEqual([]);

    await http.moveClockTo('2026-07-01T09:00:00+08:00');
    const overdue = await staff.ok('GET', '/v1/visits/overdue-actions');
    expect(overdue).toEqual([
      expect.objectContaining({
        awardId: award.awardId,
        visitId: visit.visitId,
        index: 0,
        dueOn: '2026-06-30',
      }),
    ]);
    const visits = await staff.ok('GET', `/v1/awards/${award.awardId}/visits`);
    expect(visits[0].actions[0].overdue).toBe(true);
    await staff.ok(
      'POST',
      `/v1/visits/${visit.visitId}/actions/0/closure`,
      { closedOn: '2026-07-01', note: '制度已印发' },
      200,
    );
    expect(await staff.ok('GET', '/v1/visits/overdue-actions')).toEqual([]);
    expect((await staff.ok('GET', `/v1/awards/${award.awardId}`)).nextVisitDue).toBe(
      `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
    );
  });
});

describe('rounds 3 and 4', () => {
  it('keeps the round-1 award holder barred in round 3 and lets it apply again in round 4', async () => {
    const round3 = await staff.ok(
      'POST',
      '/v1/rounds',
      {
        title: '第三届',
        callOpensAt: '2026-07-02T09:00:00+08:00',
        callClosesAt: '2026-07-20T17:00:00+08:00',
      },
      201,
    );
    const round4 = await staff.ok(
      'POST',
      '/v1/rounds',
      {
        title: '第四届',
        callOpensAt: '2026-08-03T09:00:00+08:00',
        callClosesAt: '2026-08-28T17:00:00+08:00',
      },
      201,
    );
    expect([round3.ordinal, round4.ordinal]).toEqual([3, 4]);
    await http.moveClockTo('2026-07-02T10:00:00+08:00');
    expectProblem((await draftAndSubmit(owners.holder!, round3.roundId, HOLDER)).reply, 422, 'BARRED');
    await http.moveClockTo('2026-08-03T10:00:00+08:00');
    const { reply } = await draftAndSubmit(owners.holder!, round4.roundId, HOLDER);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.status).toBe('submitted');
  });
});
