/**
 * The rounds, calendar, rubric and system routes over HTTP: the local gateway, the shared middleware
 * stack (auth, zod, idempotency, problem+json) and the DynamoDB store on DynamoDB Local. The round
 * flow is a recording fake here (the engine has its own suites); records the flow would write are
 * seeded straight into the store.
 */
import { describe, expect, it } from 'vitest';
import { calendarRoutes } from '../../../functions/handlers/api/calendar.ts';
import { roundsRoutes } from '../../../functions/handlers/api/rounds.ts';
import { rubricsRoutes } from '../../../functions/handlers/api/rubrics.ts';
import { systemRoutes } from '../../../functions/handlers/api/system.ts';
import { CALL_CLOSE_WAIT, stageWait } from '../../../functions/use-cases/workflow/waits.ts';
import { apiHarness } from '../../support/api-harness.ts';
import {
  seedApplication,
  seedRanking,
  seedReview,
  seedRound,
  seedToken,
} from '../../support/rounds-fakes.ts';

const http = apiHarness({
  prefix: 'rounds',
  now: '2026-02-20T01:00:00Z',
  people: {
    staff: { sub: 'staff-1', roles: ['staff'] },
    leader: { sub: 'leader-1', roles: ['leader'] },
    supervisor: { sub: 'supervisor-1', roles: ['supervisor'] },
    applicant: { sub: 'applicant-1', roles: ['applicant'] },
  },
  routes: () => [...roundsRoutes, ...calendarRoutes, ...rubricsRoutes, ...systemRoutes],
});
const { call } = http;

const roundBody = {
  title: '第一届太原市政府质量奖评选',
  callOpensAt: '2026-03-01T09:00:00+08:00',
  callClosesAt: '2026-05-31T17:00:00+08:00',
};

describe('system routes', () => {
  it('answers the health check and serves the OpenAPI document, both without a token', async () => {
    // Act
    const health = await call('GET', '/v1/health');
    const openapi = await call('GET', '/v1/openapi.json');

    // Assess
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/rounds',
        '/v1/rounds/{roundId}/advance',
        '/v1/calendar/{year}',
        '/v1/rubrics/{category}',
        '/v1/health',
      ]),
    );
    expect(openapi.body.components.schemas.Round.properties.windows.items).toEqual({
      $ref: '#/components/schemas/Window',
    });
    expect(openapi.body.components.schemas.Window).toBeDefined();
  });
});

describe('POST /v1/rounds and reads', () => {
  it('creates a round (201), replays it for the same Idempotency-Key, lists and reads it', async () => {
    // Act
    const created = await call('POST', '/v1/rounds', {
      as: 'staff',
      body: roundBody,
      headers: { 'idempotency-key': 'create-round-1' },
    });
    const replay = await call('POST', '/v1/rounds', {
      as: 'staff',
      body: roundBody,
      headers: { 'idempotency-key': 'create-round-1' },
    });
    const list = await call('GET', '/v1/rounds', { as: 'applicant' });
    const one = await call('GET', `/v1/rounds/${created.body.roundId}`, { as: 'applicant' });

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ordinal: 1,
      title: '第一届太原市政府质量奖评选',
      stage: 'call-open',
      callOpensAt: '2026-03-01T01:00:00.000Z',
      callClosesAt: '2026-05-31T09:00:00.000Z',
      quotas: { award: 5, nomination: 10 },
      weights: { material: 0.3, onsite: 0.5, defense: 0.2 },
      rubricVersion: '2022.1',
      windows: [],
      stageHistory: [{ stage: 'call-open', at: '2026-02-20T01:00:00.000Z', by: 'staff-1' }],
    });
    expect(replay.status).toBe(201);
    expect(replay.body.roundId).toBe(created.body.roundId);
    expect(list.body.map((r: { roundId: string }) => r.roundId)).toEqual([created.body.roundId]);
    expect(one.body).toMatchObject({ roundId: created.body.roundId, stage: 'call-open' });
    expect(http.fx.workflow.started).toEqual([
      { roundId: created.body.roundId, resumeAt: 'call-open', executionName: `${created.body.roundId}-1` },
    ]);
  });

  it('numbers rounds in sequence and refuses a used ordinal on the ordinal field', async () => {
    // Prepare
    await call('POST', '/v1/rounds', { as: 'staff', body: { ...roundBody, ordinal: 3 } });

    // Act
    const next = await call('POST', '/v1/rounds', { as: 'staff', body: roundBody });
    const duplicate = await call('POST', '/v1/rounds', { as: 'staff', body: { ...roundBody, ordinal: 3 } });

    // Assess
    expect(next.body.ordinal).toBe(4);
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'ordinal' }] });
    expect(duplicate.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses quotas above Art. 8 with 422 QUOTA_EXCEEDED and a call past Art. 31 with 422', async () => {
    // Act
    const quota = await call('POST', '/v1/rounds', {
      as: 'staff',
      body: { ...roundBody, quotas: { award: 6, nomination: 10 } },
    });
    const rulebook = await call('POST', '/v1/rounds', {
      as: 'staff',
      body: { ...roundBody, callClosesAt: '2027-12-31T17:00:00+08:00' },
    });

    // Assess
    expect(quota.status).toBe(422);
    expect(quota.body).toMatchObject({ code: 'QUOTA_EXCEEDED', errors: [{ path: 'quotas.award' }] });
    expect(rulebook).toMatchObject({ status: 422, body: { code: 'RULEBOOK_NOT_IN_FORCE' } });
    expect((await call('GET', '/v1/rounds', { as: 'staff' })).body).toEqual([]);
  });

  it('answers 400 for malformed bodies, 401 without a token, 403 for other roles, 404 in Chinese', async () => {
    // Act
    const malformed = await call('POST', '/v1/rounds', {
      as: 'staff',
      body: { title: '', callOpensAt: '明天', quotas: { award: -1, nomination: 1 } },
    });
    const anonymous = await call('POST', '/v1/rounds', { body: roundBody });
    const applicant = await call('POST', '/v1/rounds', { as: 'applicant', body: roundBody });
    const missing = await call('GET', '/v1/rounds/round_none', { as: 'staff' });

    // Assess
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['title', 'callOpensAt', 'callClosesAt', 'quotas.award']),
    );
    expect(anonymous.status).toBe(401);
    expect(applicant.status).toBe(403);
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toContain('不存在');
  });
});

describe('POST /v1/rounds/{roundId}/call-extension', () => {
  it('moves the close later and the stored call-close wait with it', async () => {
    // Prepare
    const { body: round } = await call('POST', '/v1/rounds', { as: 'staff', body: roundBody });
    await seedToken(http.fx, round.roundId, CALL_CLOSE_WAIT, round.callClosesAt);
    http.fx.clock.set('2026-05-20T00:00:00Z');

    // Act
    const extended = await call('POST', `/v1/rounds/${round.roundId}/call-extension`, {
      as: 'staff',
      body: { callClosesAt: '2026-06-15T17:00:00+08:00', note: '延长申报期' },
    });
    const earlier = await call('POST', `/v1/rounds/${round.roundId}/call-extension`, {
      as: 'staff',
      body: { callClosesAt: '2026-06-01T17:00:00+08:00' },
    });

    // Assess
    expect(extended.status).toBe(200);
    expect(extended.body.callClosesAt).toBe('2026-06-15T09:00:00.000Z');
    expect((await http.fx.store.getTaskToken(round.roundId, CALL_CLOSE_WAIT))?.dueAt).toBe(
      '2026-06-15T09:00:00.000Z',
    );
    expect(await http.fx.store.listTaskTokensDue('2026-06-01T00:00:00.000Z')).toEqual([]);
    expect(earlier.status).toBe(400);
    expect(earlier.body.errors[0].path).toBe('callClosesAt');
    expect((await http.fx.store.listAudit(round.roundId)).map((e) => e.action)).toEqual([
      'round.created',
      'round.call-extended',
    ]);
  });

  it('is 409 STAGE_CLOSED once the call is over', async () => {
    // Prepare
    await seedRound(http.fx, { roundId: 'r-q', stage: 'qualification' });

    // Act
    const response = await call('POST', '/v1/rounds/r-q/call-extension', {
      as: 'staff',
      body: { callClosesAt: '2026-07-01T00:00:00Z' },
    });

    // Assess
    expect(response).toMatchObject({ status: 409, body: { code: 'STAGE_CLOSED' } });
  });
});

describe('POST /v1/rounds/{roundId}/advance', () => {
  it('lists every unfinished application in a 409 STAGE_PRECONDITION_FAILED', async () => {
    // Prepare
    await seedRound(http.fx, { roundId: 'r-1', stage: 'qualification' });
    await seedApplication(http.fx, 'r-1', 'a1', 'submitted', '甲公司');
    await seedApplication(http.fx, 'r-1', 'a2', 'recommended', '乙公司');
    await seedApplication(http.fx, 'r-1', 'a3', 'qualified', '丙公司');

    // Act
    const response = await call('POST', '/v1/rounds/r-1/advance', {
      as: 'staff',
      body: { to: 'accepted-publicity' },
    });

    // Assess
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(response.body.errors).toEqual([
      expect.objectContaining({ path: 'applications.a1', message: expect.stringContaining('甲公司') }),
      expect.objectContaining({ path: 'applications.a2', message: expect.stringContaining('乙公司') }),
    ]);
  });

  it('refuses a system move and a skip with 409, and non-staff with 403', async () => {
    // Prepare
    await seedRound(http.fx, { roundId: 'r-1', stage: 'accepted-publicity' });

    // Act
    const system = await call('POST', '/v1/rounds/r-1/advance', {
      as: 'staff',
      body: { to: 'material-review' },
    });
    const skip = await call('POST', '/v1/rounds/r-1/advance', { as: 'staff', body: { to: 'defense' } });
    const leader = await call('POST', '/v1/rounds/r-1/advance', {
      as: 'leader',
      body: { to: 'material-review' },
    });
    const unknownStage = await call('POST', '/v1/rounds/r-1/advance', { as: 'staff', body: { to: 'party' } });

    // Assess
    expect(system).toMatchObject({ status: 409, body: { code: 'STAGE_PRECONDITION_FAILED' } });
    expect(skip).toMatchObject({ status: 409, body: { code: 'ILLEGAL_TRANSITION' } });
    expect(leader.status).toBe(403);
    expect(unknownStage).toMatchObject({ status: 400, body: { errors: [{ path: 'to' }] } });
  });

  it('moves qualification on, consumes the stage token and resumes the flow', async () => {
    // Prepare
    await seedRound(http.fx, { roundId: 'r-1', stage: 'qualification' });
    await seedApplication(http.fx, 'r-1', 'a1', 'qualified');
    await seedToken(http.fx, 'r-1', stageWait('qualification'));
    http.fx.clock.set('2026-06-10T02:00:00Z');

    // Act
    const response = await call('POST', '/v1/rounds/r-1/advance', {
      as: 'staff',
      body: { to: 'accepted-publicity', note: '资格审查完毕' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.stage).toBe('accepted-publicity');
    expect(response.body.stageHistory.at(-1)).toEqual({
      stage: 'accepted-publicity',
      at: '2026-06-10T02:00:00.000Z',
      by: 'staff-1',
      note: '资格审查完毕',
    });
    expect(await http.fx.store.getTaskToken('r-1', stageWait('qualification'))).toBeNull();
    expect(http.fx.workflow.resumed).toEqual([
      { token: 'token-stage:qualification', output: { to: 'accepted-publicity' } },
    ]);
    const audit = await http.fx.store.listAudit('r-1');
    expect(audit.at(-1)).toMatchObject({ action: 'round.advanced', before: { stage: 'qualification' } });
  });

  it('names the on-site list, refusing unknown ids field by field', async () => {
    // Prepare
    await seedRound(http.fx, { roundId: 'r-1', stage: 'material-review' });
    for (const id of ['a1', 'a2']) {
      await seedApplication(http.fx, 'r-1', id, 'in-review');
      await seedReview(http.fx, 'r-1', id, 'material', 'rv1', true);
    }

    // Act
    const unknown = await call('POST', '/v1/rounds/r-1/advance', {
      as: 'staff',
      body: { to: 'onsite-review', selected: ['a1', 'zz'] },
    });
    const ok = await call('POST', '/v1/rounds/r-1/advance', {
      as: 'staff',
      body: { to: 'onsite-review', selected: ['a1'] },
    });

    // Assess
    expect(unknown).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', errors: [{ path: 'selected[1]' }] },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ stage: 'onsite-review', selectedForOnsite: ['a1'] });
  });
});

describe('ranking, decision and approval', () => {
  const ids = Array.from({ length: 16 }, (_, i) => `a${String(i + 1).padStart(2, '0')}`);

  it('serves the ranking to staff, leader and supervisor only, 409 before it exists', async () => {
    // Prepare
    await seedRound(http.fx, { roundId: 'r-1', stage: 'evaluation' });
    const before = await call('GET', '/v1/rounds/r-1/ranking', { as: 'leader' });
    await seedRanking(http.fx, 'r-1', ids);

    // Act
    const ranking = await call('GET', '/v1/rounds/r-1/ranking', { as: 'supervisor' });
    const applicant = await call('GET', '/v1/rounds/r-1/ranking', { as: 'applicant' });

    // Assess
    expect(before.status).toBe(409);
    expect(before.body.detail).toContain('排名尚未生成');
    expect(ranking.status).toBe(200);
    expect(ranking.body[0]).toEqual({
      applicationId: 'a01',
      category: 'organization',
      displayName: '企业a01',
      stageScores: { material: 800, onsite: 780, defense: null },
      compositePercent: 70,
      rank: 1,
      proposedTier: 'award',
      flags: ['divergent-scores'],
      // A ranking stored before stage summaries were kept names no stage.
      divergentStages: [],
    });
    expect(applicant.status).toBe(403);
  });

  it('refuses six awards with 422 QUOTA_EXCEEDED, then records the decision and resumes the flow', async () => {
    // Prepare
    await seedRound(http.fx, { roundId: 'r-1', stage: 'decision' });
    await seedRanking(http.fx, 'r-1', ids);
    await seedToken(http.fx, 'r-1', stageWait('decision'));

    // Act
    const six = await call('POST', '/v1/rounds/r-1/decision', {
      as: 'leader',
      body: { award: ids.slice(0, 6), nomination: [], note: '增加一名' },
    });
    const staff = await call('POST', '/v1/rounds/r-1/decision', {
      as: 'staff',
      body: { award: ids.slice(0, 5), nomination: ids.slice(5, 15) },
    });
    const decided = await call('POST', '/v1/rounds/r-1/decision', {
      as: 'leader',
      body: { award: ids.slice(0, 5), nomination: ids.slice(5, 15) },
    });

    // Assess
    expect(six.status).toBe(422);
    expect(six.body).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      errors: [{ path: 'award', code: 'QUOTA_EXCEEDED' }],
    });
    expect(staff.status).toBe(403);
    expect(decided.status).toBe(200);
    expect(decided.body.round).toMatchObject({ roundId: 'r-1', stage: 'decision' });
    expect(decided.body.decision).toMatchObject({
      award: ids.slice(0, 5),
      nomination: ids.slice(5, 15),
      changedFromProposal: false,
      by: 'leader-1',
    });
    expect(http.fx.workflow.resumed).toEqual([
      { token: 'token-stage:decision', output: { award: ids.slice(0, 5), nomination: ids.slice(5, 15) } },
    ]);
  });

  it('records the approval: the round is announced', async () => {
    // Prepare
    await seedRound(http.fx, { roundId: 'r-1', stage: 'approval' });
    await seedRound(http.fx, { roundId: 'r-2', stage: 'winner-publicity', ordinal: 2 });
    await seedToken(http.fx, 'r-1', stageWait('approval'));

    // Act
    const early = await call('POST', '/v1/rounds/r-2/approval', {
      as: 'staff',
      body: { documentNo: '并政函〔2026〕88号', approvedOn: '2026-11-18' },
    });
    const badDate = await call('POST', '/v1/rounds/r-1/approval', {
      as: 'staff',
      body: { documentNo: '并政函〔2026〕88号', approvedOn: '2026/11/18' },
    });
    const approved = await call('POST', '/v1/rounds/r-1/approval', {
      as: 'staff',
      body: { documentNo: '并政函〔2026〕88号', approvedOn: '2026-11-18' },
    });

    // Assess
    expect(early).toMatchObject({ status: 409, body: { code: 'STAGE_CLOSED' } });
    expect(badDate).toMatchObject({ status: 400, body: { errors: [{ path: 'approvedOn' }] } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      stage: 'announced',
      approval: { documentNo: '并政函〔2026〕88号', approvedOn: '2026-11-18', by: 'staff-1' },
    });
    expect(http.fx.workflow.resumed.map((r) => r.token)).toEqual(['token-stage:approval']);
    expect((await http.fx.store.listActiveRounds()).map((r) => r.roundId)).toEqual(['r-2']);
  });
});

describe('GET/PUT /v1/calendar/{year}', () => {
  it('serves seeded years, has no 2027 until staff enter it, then serves the table year', async () => {
    // Act
    const seeded = await call('GET', '/v1/calendar/2026', { as: 'applicant' });
    const before = await call('GET', '/v1/calendar/2027', { as: 'staff' });
    const put = await call('PUT', '/v1/calendar/2027', {
      as: 'staff',
      body: {
        holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
        workdays: [],
        source: '国务院办公厅关于2027年部分节假日安排的通知（人工录入）',
      },
    });
    const after = await call('GET', '/v1/calendar/2027', { as: 'applicant' });

    // Assess
    expect(seeded.status).toBe(200);
    expect(seeded.body).toMatchObject({ year: 2026, origin: 'seed' });
    expect(seeded.body.workdays).toContain('2026-10-10');
    expect(before.status).toBe(404);
    expect(before.body.detail).toContain('2027');
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ year: 2027, origin: 'table', version: 1, updatedBy: 'staff-1' });
    expect(after.body).toEqual(put.body);
    expect((await http.fx.store.listAudit('calendar-2027')).map((e) => e.action)).toEqual([
      'calendar.updated',
    ]);
  });

  it('refuses bad years and data (400, every problem listed) and non-staff writers (403)', async () => {
    // Act
    const badYear = await call('GET', '/v1/calendar/27', { as: 'staff' });
    const badData = await call('PUT', '/v1/calendar/2027', {
      as: 'staff',
      body: { holidays: ['2027-01-02', '2028-01-01'], workdays: ['2027-01-04'], source: '手工' },
    });
    const applicant = await call('PUT', '/v1/calendar/2027', {
      as: 'applicant',
      body: { holidays: ['2027-01-01'], workdays: [], source: '手工' },
    });

    // Assess
    expect(badYear.status).toBe(400);
    expect(badData.status).toBe(400);
    expect(badData.body.errors.map((e: { path: string }) => e.path)).toEqual(['holidays[1]', 'workdays[0]']);
    expect(applicant.status).toBe(403);
    expect(await http.fx.store.getCalendarYear(2027)).toBeNull();
  });
});

describe('GET /v1/rubrics/{category}', () => {
  it('serves both rubrics, 404 for an unknown version and 400 for an unknown category', async () => {
    // Act
    const organization = await call('GET', '/v1/rubrics/organization', { as: 'applicant' });
    const individual = await call('GET', '/v1/rubrics/individual?version=2022.1', { as: 'applicant' });
    const oldVersion = await call('GET', '/v1/rubrics/organization?version=1999.1', { as: 'applicant' });
    const category = await call('GET', '/v1/rubrics/company', { as: 'applicant' });
    const anonymous = await call('GET', '/v1/rubrics/organization');

    // Assess
    expect(organization.status).toBe(200);
    expect(organization.body).toMatchObject({ version: '2022.1', maxPoints: 1000 });
    expect(organization.body.items).toHaveLength(23);
    expect(organization.body.items[0]).toEqual({
      itemId: '4.1.1',
      title: '高层领导的作用',
      maxPoints: 50,
      group: '4.1 领导',
    });
    expect(individual.body).toMatchObject({ maxPoints: 100 });
    expect(oldVersion.status).toBe(404);
    expect(category.status).toBe(400);
    expect(anonymous.status).toBe(401);
  });
});
