/**
 * The review-panel routes over HTTP (API.md "Review panels, schedules and score sheets"): the local
 * gateway, the shared middleware stack and the DynamoDB store on DynamoDB Local. Records an earlier
 * stage would have written are seeded into the store.
 */
import { describe, expect, it } from 'vitest';
import { userAudience } from '../../../functions/domain/notifications.ts';
import { applicationsRoutes } from '../../../functions/handlers/api/applications.ts';
import { awardsRoutes } from '../../../functions/handlers/api/awards.ts';
import { reviewRoutes } from '../../../functions/handlers/api/review.ts';
import { roundsRoutes } from '../../../functions/handlers/api/rounds.ts';
import type { ReviewerRecord } from '../../../functions/ports/records.ts';
import { apiHarness, PEOPLE } from '../../support/api-harness.ts';
import {
  creditCode,
  ORG_CODE,
  reviewDeps,
  seedApplication,
  seedAssignment,
  seedReviewer,
  seedRound,
  seedScore,
} from '../../support/review-fixtures.ts';

const people = {
  ...PEOPLE,
  'rev-4': { sub: 'rev-4', roles: ['reviewer'] },
  'rev-5': { sub: 'rev-5', roles: ['reviewer'] },
  owner: { sub: 'owner-a-1', roles: ['applicant'] },
};
const http = apiHarness<keyof typeof people>({
  prefix: 'panels',
  now: '2026-07-01T02:00:00Z',
  people,
  routes: () => [...reviewRoutes, ...roundsRoutes, ...awardsRoutes, ...applicationsRoutes],
  deps: ({ store, clock, workflow }) => reviewDeps(store, clock, workflow),
});
const { call } = http;

type Panel = { applicationId: string; reviewerIds: string[]; drawn: string[] };

/** A round in material review with `apps` applications per prefix and `reviewers` in the pool. */
async function seedPool(options: {
  reviewers: number;
  rounds: { roundId: string; prefix: string; apps: number }[];
  profiles?: Record<string, Partial<ReviewerRecord>>;
}) {
  const fx = http.fx;
  for (let i = 1; i <= options.reviewers; i++) {
    const reviewerId = `rev-${i}`;
    await seedReviewer(fx, {
      reviewerId,
      name: `专家${i}`,
      organizationCode: creditCode(100 + i),
      ...options.profiles?.[reviewerId],
    });
  }
  for (const [n, r] of options.rounds.entries()) {
    await seedRound(fx, { roundId: r.roundId, ordinal: n + 1, selectedForOnsite: [] });
    for (let i = 1; i <= r.apps; i++) {
      await seedApplication(fx, { applicationId: `${r.prefix}-${i}`, roundId: r.roundId });
    }
  }
}

/** Panels keyed by the application's number, so that two rounds of mirrored ids compare. */
const byNumber = (panels: Panel[]) =>
  Object.fromEntries(panels.map((p) => [p.applicationId.split('-')[1], [...p.reviewerIds].sort()]));

describe('PUT /v1/rounds/{roundId}/review-settings', () => {
  it('replaces the whole object, defaults reminderWorkingDays to 2, and shows it on the round', async () => {
    // Prepare
    await seedRound(http.fx, { roundId: 'r1' });
    // Act
    const first = await call('PUT', '/v1/rounds/r1/review-settings', {
      as: 'staff',
      body: {
        loadLimits: { material: 3, onsite: 2 },
        deadlines: { material: '2026-07-20T18:00:00+08:00' },
        reminderWorkingDays: 3,
      },
    });
    const replaced = await call('PUT', '/v1/rounds/r1/review-settings', {
      as: 'staff',
      body: { loadLimits: { defense: 4 } },
    });
    const round = await call('GET', '/v1/rounds/r1', { as: 'rev-1' });
    const reviewer = await call('PUT', '/v1/rounds/r1/review-settings', { as: 'rev-1', body: {} });
    const bad = await call('PUT', '/v1/rounds/r1/review-settings', {
      as: 'staff',
      body: { loadLimits: { material: 0 }, deadlines: { material: 'tomorrow' } },
    });
    // Assess
    expect(first.status).toBe(200);
    expect(first.body.reviewSettings).toEqual({
      loadLimits: { material: 3, onsite: 2 },
      deadlines: { material: '2026-07-20T10:00:00.000Z' },
      reminderWorkingDays: 3,
    });
    expect(replaced.body.reviewSettings).toEqual({
      loadLimits: { defense: 4 },
      deadlines: {},
      reminderWorkingDays: 2,
    });
    expect(round.body.reviewSettings).toEqual(replaced.body.reviewSettings);
    expect(reviewer.status).toBe(403);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'deadlines.material',
      'loadLimits.material',
    ]);
  });
});

describe('POST /v1/rounds/{roundId}/assignments and the load limit', () => {
  it('refuses with 422 LOAD_LIMIT_EXCEEDED naming the reviewer, writing nothing', async () => {
    // Prepare
    await seedPool({ reviewers: 3, rounds: [{ roundId: 'r1', prefix: 'a', apps: 2 }] });
    await call('PUT', '/v1/rounds/r1/review-settings', {
      as: 'staff',
      body: { loadLimits: { material: 1 } },
    });
    await call('POST', '/v1/rounds/r1/assignments', {
      as: 'staff',
      body: { stage: 'material', applicationId: 'a-1', reviewerIds: ['rev-1', 'rev-2'] },
    });
    // Act
    const refused = await call('POST', '/v1/rounds/r1/assignments', {
      as: 'staff',
      body: { stage: 'material', applicationId: 'a-2', reviewerIds: ['rev-3', 'rev-2'] },
    });
    const again = await call('POST', '/v1/rounds/r1/assignments', {
      as: 'staff',
      body: { stage: 'material', applicationId: 'a-1', reviewerIds: ['rev-1'] },
    });
    const listed = await call('GET', '/v1/rounds/r1/assignments?stage=material', { as: 'staff' });
    // Assess
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'LOAD_LIMIT_EXCEEDED', errors: [{ path: 'reviewerIds[1]' }] });
    expect(refused.body.detail).toContain('专家2');
    expect(again.status).toBe(201);
    expect(listed.body.items.map((a: { applicationId: string }) => a.applicationId)).toEqual(['a-1', 'a-1']);
  });
});

describe('POST /v1/rounds/{roundId}/assignments/draw', () => {
  it('draws the same panels for the same seed, pool and assignments, and other panels for another seed', async () => {
    // Prepare: three rounds alike in every respect (mirrored application ids, the same pool).
    await seedPool({
      reviewers: 12,
      rounds: [
        { roundId: 'r1', prefix: 'a', apps: 8 },
        { roundId: 'r2', prefix: 'b', apps: 8 },
        { roundId: 'r3', prefix: 'c', apps: 8 },
      ],
    });
    // Act
    const first = await call('POST', '/v1/rounds/r1/assignments/draw', {
      as: 'staff',
      body: { stage: 'material', panelSize: 5, seed: '第一届-材料评审' },
    });
    const same = await call('POST', '/v1/rounds/r2/assignments/draw', {
      as: 'staff',
      body: { stage: 'material', panelSize: 5, seed: '第一届-材料评审' },
    });
    const other = await call('POST', '/v1/rounds/r3/assignments/draw', {
      as: 'staff',
      body: { stage: 'material', panelSize: 5, seed: '另一个种子' },
    });
    const full = await call('POST', '/v1/rounds/r1/assignments/draw', {
      as: 'staff',
      body: { stage: 'material', panelSize: 5, seed: '第一届-材料评审' },
    });
    // Assess
    expect(first.status).toBe(201);
    expect(first.body.seed).toBe('第一届-材料评审');
    expect(first.body.assignments).toHaveLength(8);
    for (const panel of first.body.assignments as Panel[]) expect(new Set(panel.reviewerIds).size).toBe(5);
    expect(byNumber(same.body.assignments)).toEqual(byNumber(first.body.assignments));
    expect(byNumber(other.body.assignments)).not.toEqual(byNumber(first.body.assignments));
    // 40 seats over 12 reviewers: loads 3 or 4.
    const loads = Object.values(first.body.loads as Record<string, number>);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    expect(loads.reduce((a, b) => a + b, 0)).toBe(40);
    // By default only panels not yet full are drawn: all are full now.
    expect(full.status).toBe(201);
    expect(full.body.assignments).toEqual([]);
    const listed = await call('GET', '/v1/rounds/r1/assignments?stage=material', { as: 'supervisor' });
    expect(listed.body.items).toHaveLength(40);
    expect(listed.body.items[0]).toMatchObject({
      status: 'active',
      scored: false,
      drawId: first.body.drawId,
    });
    const audit = await call('GET', '/v1/audit?entityId=r1', { as: 'supervisor' });
    const drawn = audit.body.find((e: { action: string }) => e.action === 'assignment.drawn');
    expect(drawn.after).toMatchObject({
      seed: '第一届-材料评审',
      stage: 'material',
      pool: Array.from({ length: 12 }, (_, i) => `rev-${i + 1}`).sort(),
      drawn: 40,
    });
    const trail = await call('GET', '/v1/audit?entityId=a-1', { as: 'supervisor' });
    expect(trail.body.map((e: { action: string }) => e.action)).toEqual(['assignment.drawn']);
  });

  it('never draws a conflicted, disqualified or withdrawn reviewer, and generates a seed when none is given', async () => {
    // Prepare
    await seedPool({
      reviewers: 6,
      rounds: [{ roundId: 'r1', prefix: 'a', apps: 1 }],
      profiles: {
        'rev-2': { organizationCode: ORG_CODE },
        'rev-3': { disqualified: { at: '2026-06-01T00:00:00.000Z', reason: '泄露评审信息' } },
      },
    });
    await seedAssignment(http.fx, {
      roundId: 'r1',
      applicationId: 'a-1',
      reviewerId: 'rev-4',
      status: 'withdrawn',
    });
    // Act
    const drawn = await call('POST', '/v1/rounds/r1/assignments/draw', {
      as: 'staff',
      body: { stage: 'material', panelSize: 3 },
    });
    const insufficient = await call('POST', '/v1/rounds/r1/assignments/draw', {
      as: 'staff',
      body: { stage: 'material', panelSize: 4 },
    });
    // Assess
    expect(drawn.status).toBe(201);
    expect(drawn.body.seed).toEqual(expect.any(String));
    expect([...drawn.body.assignments[0].reviewerIds].sort()).toEqual(['rev-1', 'rev-5', 'rev-6']);
    // Each drawn reviewer is told once (assignment.created, committed with the seat); nobody else.
    for (const reviewerId of ['rev-1', 'rev-2', 'rev-3', 'rev-4', 'rev-5', 'rev-6']) {
      const inbox = await http.fx.store.listNotificationsForAudiences([userAudience(reviewerId)]);
      const told = inbox.items.filter((n) => n.kind === 'assignment.created' && n.entityId === 'a-1');
      expect(told, reviewerId).toHaveLength(['rev-1', 'rev-5', 'rev-6'].includes(reviewerId) ? 1 : 0);
    }
    expect(insufficient.status).toBe(422);
    expect(insufficient.body.code).toBe('INSUFFICIENT_REVIEWERS');
  });

  it('answers 422 INSUFFICIENT_REVIEWERS with nothing written when any panel cannot be filled', async () => {
    // Prepare
    await seedPool({ reviewers: 4, rounds: [{ roundId: 'r1', prefix: 'a', apps: 3 }] });
    await call('PUT', '/v1/rounds/r1/review-settings', {
      as: 'staff',
      body: { loadLimits: { material: 2 } },
    });
    // Act: 3 panels × 3 seats = 9 > 4 reviewers × 2.
    const refused = await call('POST', '/v1/rounds/r1/assignments/draw', {
      as: 'staff',
      body: { stage: 'material', panelSize: 3, seed: 's' },
    });
    const listed = await call('GET', '/v1/rounds/r1/assignments', { as: 'staff' });
    const audit = await call('GET', '/v1/audit?entityId=r1', { as: 'supervisor' });
    // Assess
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('INSUFFICIENT_REVIEWERS');
    expect(refused.body.errors.length).toBeGreaterThan(0);
    expect(listed.body.items).toEqual([]);
    expect(audit.body.map((e: { action: string }) => e.action)).not.toContain('assignment.drawn');
  });

  it('draws a 500-assignment stage in batches of whole panels and all of it lands (100 applications × 5)', async () => {
    // Prepare
    await seedPool({ reviewers: 20, rounds: [{ roundId: 'r1', prefix: 'a', apps: 100 }] });
    // Act
    const drawn = await call('POST', '/v1/rounds/r1/assignments/draw', {
      as: 'staff',
      body: { stage: 'material', panelSize: 5, seed: 'big' },
    });
    const listed = await call('GET', '/v1/rounds/r1/assignments?stage=material', { as: 'staff' });
    const draw = await http.fx.store.getDraw('r1', 'material');
    // Assess
    expect(drawn.status).toBe(201);
    expect(listed.body.items).toHaveLength(500);
    expect(draw?.status).toBe('complete');
    expect(new Set(Object.values(drawn.body.loads as Record<string, number>))).toEqual(new Set([25]));
  }, 120_000);
});

describe('withdrawal, score sheets and access', () => {
  it('withdraws with a reason and a replacement: 404 for the withdrawn reviewer, their sheet kept uncounted', async () => {
    // Prepare
    await seedPool({ reviewers: 4, rounds: [{ roundId: 'r1', prefix: 'a', apps: 1 }] });
    for (const reviewerId of ['rev-1', 'rev-2']) {
      await seedAssignment(http.fx, { roundId: 'r1', applicationId: 'a-1', reviewerId });
      await seedScore(http.fx, { roundId: 'r1', applicationId: 'a-1', reviewerId, total: 40 });
    }
    // Act
    const withdrawn = await call('POST', '/v1/rounds/r1/assignments/withdrawal', {
      as: 'staff',
      body: {
        stage: 'material',
        applicationId: 'a-1',
        reviewerId: 'rev-1',
        reason: '因病无法参加',
        replacementId: 'rev-3',
      },
    });
    const read = await call('GET', '/v1/applications/a-1', { as: 'rev-1' });
    const replacementRead = await call('GET', '/v1/applications/a-1', { as: 'rev-3' });
    const scores = await call('GET', '/v1/applications/a-1/scores', { as: 'supervisor' });
    const notActive = await call('POST', '/v1/rounds/r1/assignments/withdrawal', {
      as: 'staff',
      body: { stage: 'material', applicationId: 'a-1', reviewerId: 'rev-1', reason: '再次撤出' },
    });
    const byReviewer = await call('GET', '/v1/rounds/r1/assignments?reviewerId=rev-1', { as: 'staff' });
    const reviewerScores = await call('GET', '/v1/applications/a-1/scores', { as: 'rev-2' });
    // Assess
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.withdrawn).toMatchObject({
      status: 'withdrawn',
      withdrawReason: '因病无法参加',
      replacedBy: 'rev-3',
    });
    expect(withdrawn.body.replacement).toMatchObject({ reviewerId: 'rev-3', status: 'active' });
    expect(read.status).toBe(404);
    expect(replacementRead.status).toBe(200);
    expect(
      scores.body.items.map((s: { reviewerId: string; counted: boolean; total: number }) => [
        s.reviewerId,
        s.counted,
        s.total,
      ]),
    ).toEqual([
      ['rev-1', false, 40],
      ['rev-2', true, 40],
    ]);
    expect(scores.body.items[0]).toMatchObject({ reviewerName: '专家1', stage: 'material' });
    expect(notActive.status).toBe(404);
    expect(byReviewer.body.items).toEqual([
      expect.objectContaining({
        applicationId: 'a-1',
        status: 'withdrawn',
        scored: true,
        reviewerName: '专家1',
      }),
    ]);
    expect(reviewerScores.status).toBe(403);
    const trail = await call('GET', '/v1/audit?entityId=a-1', { as: 'supervisor' });
    expect(trail.body.map((e: { action: string }) => e.action)).toEqual([
      'assignment.withdrawn',
      'assignment.created',
    ]);
  });

  it('refuses a conflicted replacement and keeps the assignment', async () => {
    // Prepare
    await seedPool({
      reviewers: 2,
      rounds: [{ roundId: 'r1', prefix: 'a', apps: 1 }],
      profiles: { 'rev-2': { organizationCode: ORG_CODE } },
    });
    await seedAssignment(http.fx, { roundId: 'r1', applicationId: 'a-1', reviewerId: 'rev-1' });
    // Act
    const refused = await call('POST', '/v1/rounds/r1/assignments/withdrawal', {
      as: 'staff',
      body: {
        stage: 'material',
        applicationId: 'a-1',
        reviewerId: 'rev-1',
        reason: '出差',
        replacementId: 'rev-2',
      },
    });
    const read = await call('GET', '/v1/applications/a-1', { as: 'rev-1' });
    // Assess
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONFLICT_OF_INTEREST');
    expect(read.status).toBe(200);
  });
});

describe('Art. 29: a reviewer-disqualified sanction', () => {
  it('withdraws every assignment in rounds before decision with the reason and tops the panels up', async () => {
    // Prepare
    await seedPool({ reviewers: 5, rounds: [{ roundId: 'r1', prefix: 'a', apps: 2 }] });
    await seedRound(http.fx, { roundId: 'r0', ordinal: 9, stage: 'decision' });
    await seedApplication(http.fx, { applicationId: 'z-1', roundId: 'r0', status: 'candidate' });
    await seedAssignment(http.fx, { roundId: 'r0', applicationId: 'z-1', reviewerId: 'rev-1' });
    for (const applicationId of ['a-1', 'a-2']) {
      for (const reviewerId of ['rev-1', 'rev-2', 'rev-3']) {
        await seedAssignment(http.fx, { roundId: 'r1', applicationId, reviewerId });
      }
    }
    await seedScore(http.fx, { roundId: 'r1', applicationId: 'a-1', reviewerId: 'rev-1', total: 10 });
    // Act
    const sanction = await call('POST', '/v1/sanctions', {
      as: 'staff',
      body: {
        subject: { type: 'reviewer', reviewerId: 'rev-1' },
        kind: 'reviewer-disqualified',
        barredFromOrdinal: 1,
        barredThroughOrdinal: 3,
        reason: '违反保密纪律，泄露评审信息（第二十九条）',
      },
    });
    const panels = await call('GET', '/v1/rounds/r1/assignments?stage=material', { as: 'staff' });
    const older = await call('GET', '/v1/rounds/r0/assignments', { as: 'staff' });
    const scores = await call('GET', '/v1/applications/a-1/scores', { as: 'staff' });
    const read = await call('GET', '/v1/applications/a-1', { as: 'rev-1' });
    // Assess
    expect(sanction.status).toBe(201);
    const rows = panels.body.items as {
      applicationId: string;
      reviewerId: string;
      status: string;
      withdrawReason?: string;
    }[];
    for (const applicationId of ['a-1', 'a-2']) {
      const active = rows.filter((r) => r.applicationId === applicationId && r.status === 'active');
      expect(active.map((r) => r.reviewerId)).not.toContain('rev-1');
      expect(active).toHaveLength(3);
      expect(rows.find((r) => r.applicationId === applicationId && r.reviewerId === 'rev-1')).toMatchObject({
        status: 'withdrawn',
        withdrawReason: '违反保密纪律，泄露评审信息（第二十九条）',
      });
    }
    expect(older.body.items).toEqual([expect.objectContaining({ reviewerId: 'rev-1', status: 'active' })]);
    expect(scores.body.items).toEqual([expect.objectContaining({ reviewerId: 'rev-1', counted: false })]);
    expect(read.status).toBe(404);
    const trail = await call('GET', '/v1/audit?entityId=a-1', { as: 'supervisor' });
    expect(trail.body.map((e: { action: string }) => e.action)).toEqual([
      'assignment.withdrawn',
      'assignment.drawn',
    ]);
  });
});

describe('schedules', () => {
  async function seedSchedulable() {
    await seedPool({ reviewers: 3, rounds: [] });
    await seedRound(http.fx, { roundId: 'r1', stage: 'onsite-review', selectedForOnsite: ['a-1', 'a-2'] });
    await seedApplication(http.fx, { applicationId: 'a-1', roundId: 'r1', ownerSub: 'owner-a-1' });
    await seedApplication(http.fx, { applicationId: 'a-2', roundId: 'r1' });
    await seedAssignment(http.fx, {
      roundId: 'r1',
      applicationId: 'a-1',
      reviewerId: 'rev-1',
      stage: 'onsite',
    });
    await seedAssignment(http.fx, {
      roundId: 'r1',
      applicationId: 'a-2',
      reviewerId: 'rev-1',
      stage: 'onsite',
    });
    await seedAssignment(http.fx, {
      roundId: 'r1',
      applicationId: 'a-2',
      reviewerId: 'rev-2',
      stage: 'onsite',
    });
  }
  const slot = (startsAt: string, endsAt: string, extra = {}) => ({
    stage: 'onsite',
    startsAt,
    endsAt,
    venue: '太原市小店区长治路 1 号会议室',
    ...extra,
  });

  it('sets slots, refuses an overlap for one reviewer with 409 SCHEDULE_OVERLAP, and shows each caller their slots', async () => {
    // Prepare
    await seedSchedulable();
    // Act
    const first = await call('PUT', '/v1/rounds/r1/schedule/a-1', {
      as: 'staff',
      body: slot('2026-07-10T09:00:00+08:00', '2026-07-10T12:00:00+08:00', { leaderId: 'rev-3' }),
    });
    const overlap = await call('PUT', '/v1/rounds/r1/schedule/a-2', {
      as: 'staff',
      body: slot('2026-07-10T11:00:00+08:00', '2026-07-10T15:00:00+08:00'),
    });
    const backToBack = await call('PUT', '/v1/rounds/r1/schedule/a-2', {
      as: 'staff',
      body: slot('2026-07-10T12:00:00+08:00', '2026-07-10T15:00:00+08:00'),
    });
    const moved = await call('PUT', '/v1/rounds/r1/schedule/a-1', {
      as: 'staff',
      body: slot('2026-07-10T08:00:00+08:00', '2026-07-10T12:00:00+08:00', { leaderId: 'rev-3' }),
    });
    const backwards = await call('PUT', '/v1/rounds/r1/schedule/a-1', {
      as: 'staff',
      body: slot('2026-07-10T12:00:00+08:00', '2026-07-10T09:00:00+08:00'),
    });
    const all = await call('GET', '/v1/rounds/r1/schedule', { as: 'supervisor' });
    const rev2 = await call('GET', '/v1/rounds/r1/schedule', { as: 'rev-2' });
    const rev3 = await call('GET', '/v1/rounds/r1/schedule', { as: 'rev-3' });
    const rev5 = await call('GET', '/v1/rounds/r1/schedule', { as: 'rev-5' });
    const owner = await call('GET', '/v1/applications/a-1', { as: 'owner' });
    const staffView = await call('GET', '/v1/applications/a-1', { as: 'staff' });
    const applicant = await call('GET', '/v1/rounds/r1/schedule', { as: 'owner' });
    // Assess
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      applicationId: 'a-1',
      startsAt: '2026-07-10T01:00:00.000Z',
      leaderId: 'rev-3',
    });
    expect(overlap.status).toBe(409);
    expect(overlap.body.code).toBe('SCHEDULE_OVERLAP');
    expect(overlap.body.detail).toContain('专家1');
    expect(overlap.body.errors[0].message).toContain('太原某某制造有限公司a-1');
    expect(backToBack.status).toBe(200);
    expect(moved.status).toBe(200);
    expect(backwards.status).toBe(400);
    expect(all.body.items.map((s: { applicationId: string }) => s.applicationId)).toEqual(['a-1', 'a-2']);
    expect(rev2.body.items.map((s: { applicationId: string }) => s.applicationId)).toEqual(['a-2']);
    expect(rev3.body.items.map((s: { applicationId: string }) => s.applicationId)).toEqual(['a-1']);
    expect(rev5.body.items).toEqual([]);
    expect(owner.body.schedule).toEqual([
      {
        stage: 'onsite',
        startsAt: '2026-07-10T00:00:00.000Z',
        endsAt: '2026-07-10T04:00:00.000Z',
        venue: '太原市小店区长治路 1 号会议室',
      },
    ]);
    expect(staffView.body.schedule).toBeUndefined();
    expect(applicant.status).toBe(403);
    const trail = await call('GET', '/v1/audit?entityId=a-1', { as: 'supervisor' });
    expect(trail.body.map((e: { action: string }) => e.action)).toEqual([
      'schedule.created',
      'schedule.changed',
    ]);
  });
});
