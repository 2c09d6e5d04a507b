import { describe, expect, it } from 'vitest';
import type { DrawRecord } from '../../../../functions/ports/records.ts';
import { drawReviewers } from '../../../../functions/use-cases/draw-reviewers.ts';
import { planDraw } from '../../../../functions/use-cases/review/panels.ts';
import {
  reviewFixture,
  STAFF,
  seedApplication,
  seedReviewer,
  seedRound,
} from '../../../support/review-fixtures.ts';

async function prepared(apps: number) {
  const fx = reviewFixture();
  const round = await seedRound(fx, { roundId: 'r1' });
  for (let i = 1; i <= 8; i++) await seedReviewer(fx, { reviewerId: `rev-${i}` });
  const applications = [];
  for (let i = 1; i <= apps; i++) {
    applications.push(
      await seedApplication(fx, { applicationId: `a-${String(i).padStart(2, '0')}`, roundId: 'r1' }),
    );
  }
  return { fx, round, applications };
}

describe('drawReviewers: a draw interrupted between its plan and its last batch', () => {
  it('is completed exactly as planned and audited by the next draw request of that stage', async () => {
    // Prepare: the plan is committed (status writing) but no assignment was written: a crash.
    const { fx, round, applications } = await prepared(30);
    const planned = await planDraw(
      fx.deps,
      round,
      'material',
      applications.map((application) => ({ application, target: 3 })),
      'interrupted',
    );
    const draw: DrawRecord = {
      roundId: 'r1',
      stage: 'material',
      drawId: 'draw-1',
      seed: 'interrupted',
      panels: planned.outcome.panels.map((p) => ({ applicationId: p.applicationId, drawn: p.drawn })),
      loads: planned.outcome.loads,
      status: 'writing',
      at: '2026-07-01T02:00:00.000Z',
      by: STAFF.sub,
      version: 0,
    };
    await fx.store.commit({ changes: [{ op: 'put', entity: { type: 'draw', record: draw } }], audit: [] });
    // Act: a retry of the same request (the same seed).
    const retried = await drawReviewers(fx.deps, STAFF, {
      roundId: 'r1',
      stage: 'material',
      panelSize: 3,
      seed: 'interrupted',
    });
    // Assess
    const written = await fx.store.listAssignmentsForRound('r1', 'material');
    expect(written).toHaveLength(90);
    for (const panel of planned.outcome.panels) {
      expect(
        written
          .filter((a) => a.applicationId === panel.applicationId)
          .map((a) => a.reviewerId)
          .sort(),
      ).toEqual([...panel.drawn].sort());
    }
    expect(retried.drawId).toBe('draw-1');
    expect((await fx.store.getDraw('r1', 'material'))?.status).toBe('complete');
  });

  it('spans several transactions for a large stage and writes one audit entry per application', async () => {
    // Prepare: 30 panels × 3 = 90 assignments + 30 audit entries + 30 heads: more than 100 items.
    const { fx } = await prepared(30);
    // Act
    const result = await drawReviewers(fx.deps, STAFF, {
      roundId: 'r1',
      stage: 'material',
      panelSize: 3,
      seed: 's',
    });
    // Assess
    expect(result.assignments).toHaveLength(30);
    expect(await fx.store.listAssignmentsForRound('r1', 'material')).toHaveLength(90);
    const trail = await fx.store.listAudit('a-01');
    expect(trail.map((e) => e.action)).toEqual(['assignment.drawn']);
    expect(trail[0]?.after).toMatchObject({ seed: 's', drawId: result.drawId });
  });
});
