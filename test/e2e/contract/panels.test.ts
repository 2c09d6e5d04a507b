/**
 * Review panels through API.md on the whole local platform (DynamoDB Local, the round flow, the
 * sweep): a round whose panels are drawn, in which one reviewer is disqualified under Art. 29 in the
 * middle of the material review and replaced by the top-up draw, reaches the ranking computed
 * without that reviewer's sheet, and the audit trail shows every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../../infra/local/platform.ts';
import {
  type Caller,
  CLOCK_START,
  creditCode,
  DAY,
  expectProblem,
  fileApplication,
  Http,
  type Json,
  organizationBody,
  startContractPlatform,
  yearsBefore,
} from './support.ts';

let platform: Platform;
let http: Http;
let staff: Caller;
let supervisor: Caller;
let round: Json;
let rubric: { items: { itemId: string; maxPoints: number }[]; maxPoints: number };
const apps: Json[] = [];
const REVIEWER_IDS = Array.from({ length: 8 }, (_, i) => `panel-rev-${i + 1}`);

const path = (suffix = '') => `/v1/rounds/${round.roundId}${suffix}`;
const reviewer = (sub: string) => http.as({ sub, roles: ['reviewer'] });
const sheet = (ratio: number) =>
  Object.fromEntries(rubric.items.map((i) => [i.itemId, Math.round(i.maxPoints * ratio)]));

async function scorePanels(
  stage: string,
  panels: { applicationId: string; reviewerIds: string[] }[],
  ratio = 0.8,
) {
  for (const panel of panels) {
    for (const reviewerId of panel.reviewerIds) {
      const caller = await reviewer(reviewerId);
      await caller.ok(
        'PUT',
        `/v1/applications/${panel.applicationId}/scores/${stage}`,
        { items: sheet(ratio) },
        200,
      );
    }
  }
}

beforeAll(async () => {
  platform = await startContractPlatform();
  http = new Http(platform.url);
  staff = await http.as({ sub: 'staff-panels', roles: ['staff'], name: '评选办 赵工' });
  supervisor = await http.as({ sub: 'supervisor-panels', roles: ['supervisor'] });
  const recommender = await http.as({ sub: 'rec-panels', roles: ['recommender'], jurisdiction: '140105' });
  rubric = await staff.ok('GET', '/v1/rubrics/organization');
  for (const [i, reviewerId] of REVIEWER_IDS.entries()) {
    await staff.ok('PUT', `/v1/reviewers/${reviewerId}`, {
      name: `评审专家${i + 1}`,
      organizationCode: creditCode('140105', 9100 + i),
    });
  }
  round = await staff.ok(
    'POST',
    '/v1/rounds',
    {
      title: '第一届太原市政府质量奖（评审组）',
      callOpensAt: CLOCK_START,
      callClosesAt: new Date(new Date(CLOCK_START).getTime() + 4 * DAY).toISOString(),
    },
    201,
  );
  for (let i = 0; i < 4; i++) {
    const owner = await http.as({ sub: `panel-owner-${i}`, roles: ['applicant'] });
    const body = organizationBody({
      name: `太原评审组测试${i + 1}有限公司`,
      creditCode: creditCode('140105', 9200 + i),
      registeredOn: yearsBefore(CLOCK_START, 10),
    });
    const app = await fileApplication(owner, round.roundId, body);
    await recommender.ok('POST', `/v1/applications/${app.applicationId}/recommendation`, {
      decision: 'recommend',
      opinion: '同意推荐。',
    });
    apps.push(app);
  }
  await http.moveClockTo(new Date(new Date(CLOCK_START).getTime() + 5 * DAY));
  for (const app of apps) {
    await staff.ok('POST', `/v1/applications/${app.applicationId}/qualification`, { decision: 'qualified' });
  }
  await staff.ok('POST', path('/advance'), { to: 'accepted-publicity' });
  await http.moveClockTo(new Date(new Date(CLOCK_START).getTime() + 30 * DAY));
  round = await staff.ok('GET', path());
}, 600_000);

afterAll(async () => {
  await platform?.stop();
});

describe('a round with drawn panels and an Art. 29 disqualification mid-stage', () => {
  let panels: { applicationId: string; reviewerIds: string[] }[];
  let disqualified: string;
  let target: string;
  let replacement: string;

  it('reaches material review and draws the material panels within the load limit', async () => {
    // Prepare
    expect(round.stage).toBe('material-review');
    const settings = await staff.ok('PUT', path('/review-settings'), {
      loadLimits: { material: 2 },
      deadlines: { material: '2026-04-30T18:00:00+08:00' },
    });
    // Act
    const draw = await staff.ok(
      'POST',
      path('/assignments/draw'),
      { stage: 'material', panelSize: 3, seed: '材料-2026' },
      201,
    );
    // Assess
    expect(settings.reviewSettings).toMatchObject({ loadLimits: { material: 2 }, reminderWorkingDays: 2 });
    expect(draw.seed).toBe('材料-2026');
    expect(draw.assignments).toHaveLength(4);
    for (const load of Object.values(draw.loads as Record<string, number>))
      expect(load).toBeLessThanOrEqual(2);
    panels = draw.assignments;
    target = panels[0]!.applicationId;
    disqualified = panels[0]!.reviewerIds[0]!;
  });

  it('disqualifies one reviewer after they scored: withdrawn with the reason, replaced, access gone', async () => {
    // Prepare: everyone scores; the reviewer about to be disqualified scores the target very low.
    await scorePanels(
      'material',
      panels.map((p) => ({ ...p, reviewerIds: p.reviewerIds.filter((id) => id !== disqualified) })),
    );
    const culprit = await reviewer(disqualified);
    await culprit.ok('PUT', `/v1/applications/${target}/scores/material`, { items: sheet(0.1) }, 200);
    // Act
    await staff.ok(
      'POST',
      '/v1/sanctions',
      {
        subject: { type: 'reviewer', reviewerId: disqualified },
        kind: 'reviewer-disqualified',
        barredFromOrdinal: round.ordinal,
        barredThroughOrdinal: round.ordinal + 2,
        reason: '评审期间私下接触申报单位（第二十九条）',
      },
      201,
    );
    const listed = await supervisor.ok('GET', path(`/assignments?stage=material&reviewerId=${disqualified}`));
    const panel = await staff.ok('GET', path('/assignments?stage=material'));
    // Assess
    expect(listed.items.length).toBeGreaterThan(0);
    for (const a of listed.items) {
      expect(a).toMatchObject({
        status: 'withdrawn',
        withdrawReason: '评审期间私下接触申报单位（第二十九条）',
      });
    }
    const active = panel.items.filter((a: Json) => a.applicationId === target && a.status === 'active');
    expect(active).toHaveLength(3);
    expect(active.map((a: Json) => a.reviewerId)).not.toContain(disqualified);
    const fresh = active.find((a: Json) => !panels[0]!.reviewerIds.includes(a.reviewerId));
    replacement = fresh.reviewerId;
    expectProblem(await culprit.get(`/v1/applications/${target}`), 404, 'NOT_FOUND');
    expectProblem(
      await culprit.put(`/v1/applications/${target}/scores/material`, { items: sheet(0.2) }),
      403,
      'NOT_ASSIGNED',
    );
    // The top-up never drew the disqualified reviewer anywhere.
    const again = await staff.ok('POST', path('/assignments/draw'), { stage: 'material', panelSize: 3 }, 201);
    expect(again.assignments).toEqual([]);
  });

  it('keeps the withdrawn sheet readable but uncounted', async () => {
    // Prepare: every replacement drawn by the top-up scores its panel.
    const open = (await staff.ok('GET', path('/assignments?stage=material'))).items.filter(
      (a: Json) => a.status === 'active' && !a.scored,
    );
    expect(open.map((a: Json) => a.applicationId)).toContain(target);
    for (const a of open) {
      const substitute = await reviewer(a.reviewerId);
      await substitute.ok(
        'PUT',
        `/v1/applications/${a.applicationId}/scores/material`,
        { items: sheet(0.8) },
        200,
      );
    }
    // Act
    const scores = await supervisor.ok('GET', `/v1/applications/${target}/scores`);
    // Assess
    const byReviewer = new Map(scores.items.map((s: Json) => [s.reviewerId, s]));
    expect(byReviewer.get(disqualified)).toMatchObject({ counted: false, stage: 'material' });
    expect(byReviewer.get(replacement)).toMatchObject({ counted: true });
    expect(scores.items.filter((s: Json) => s.counted)).toHaveLength(3);
  });

  it('reaches the ranking computed without the disqualified reviewer’s sheet', async () => {
    // Prepare: on-site review and defence with drawn panels and scheduled slots.
    await staff.ok('POST', path('/advance'), {
      to: 'onsite-review',
      selected: apps.map((a) => a.applicationId),
    });
    const onsite = await staff.ok(
      'POST',
      path('/assignments/draw'),
      { stage: 'onsite', panelSize: 3, seed: '现场' },
      201,
    );
    expect(onsite.assignments.flatMap((p: Json) => p.reviewerIds)).not.toContain(disqualified);
    for (const [i, app] of apps.entries()) {
      const day = 10 + i;
      await staff.ok('PUT', path(`/schedule/${app.applicationId}`), {
        stage: 'onsite',
        startsAt: `2026-04-${day}T09:00:00+08:00`,
        endsAt: `2026-04-${day}T17:00:00+08:00`,
        venue: `申报单位厂区 ${i + 1}`,
      });
    }
    await scorePanels('onsite', onsite.assignments);
    await staff.ok('POST', path('/advance'), { to: 'defense' });
    const defense = await staff.ok(
      'POST',
      path('/assignments/draw'),
      { stage: 'defense', panelSize: 3, seed: '答辩' },
      201,
    );
    await scorePanels('defense', defense.assignments);
    // Act
    await staff.ok('POST', path('/advance'), { to: 'evaluation' });
    const ranking = await staff.ok('GET', path('/ranking'));
    // Assess
    const row = ranking.find((r: Json) => r.applicationId === target);
    const material = row.stageReviews.material;
    expect(material.totals.map((t: Json) => t.reviewerId)).not.toContain(disqualified);
    expect(material.totals.map((t: Json) => t.reviewerId)).toContain(replacement);
    const counted = material.totals.map((t: Json) => t.total);
    expect(row.stageScores.material).toBeCloseTo(counted.reduce((a: number, b: number) => a + b, 0) / 3, 2);
    // The culprit's 10 % sheet would have spread the totals far beyond 15 % of the maximum.
    expect(row.divergentStages).toEqual([]);
    expect(row.flags).not.toContain('divergent-scores');
  });

  it('shows each step in the audit trail', async () => {
    // Act
    const trail = await supervisor.ok('GET', `/v1/audit?entityId=${target}`);
    const roundTrail = await supervisor.ok('GET', `/v1/audit?entityId=${round.roundId}`);
    // Assess
    const actions = trail.map((e: Json) => e.action);
    const at = (action: string, from = 0) => actions.indexOf(action, from);
    const drawn = at('assignment.drawn');
    const withdrawn = at('assignment.withdrawn');
    expect(drawn).toBeGreaterThanOrEqual(0);
    expect(at('score.recorded')).toBeGreaterThan(drawn);
    expect(withdrawn).toBeGreaterThan(at('score.recorded'));
    expect(at('assignment.drawn', withdrawn)).toBeGreaterThan(withdrawn);
    expect(trail[withdrawn].after).toMatchObject({ reviewerId: disqualified, status: 'withdrawn' });
    expect(trail[at('assignment.drawn', withdrawn)].after.reviewerIds).toEqual([replacement]);
    expect(actions).toContain('schedule.created');
    const draws = roundTrail.filter((e: Json) => e.action === 'assignment.drawn');
    expect(draws.map((e: Json) => e.after.seed)).toEqual(
      expect.arrayContaining([
        '材料-2026',
        '现场',
        '答辩',
        expect.stringContaining(`/${round.roundId}/material`),
      ]),
    );
    expect(roundTrail.map((e: Json) => e.action)).toContain('round.review-settings-replaced');
  });
});
