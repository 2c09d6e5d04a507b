/**
 * Issue 10: an ender of a flow wait that dies after its commit but before it resumed the flow (a
 * Lambda timing out, a killed process). Its commit claimed the token (resume-wait.ts) instead of
 * deleting it, so the sweep resumes the flow once the grace period has passed — with what the store
 * says — rather than leaving it waiting until the wait's timeout (up to 180 days).
 */
import { describe, expect, it } from 'vitest';
import { advanceRound } from '../../../../functions/use-cases/advance-round.ts';
import { recordApproval } from '../../../../functions/use-cases/record-approval.ts';
import { recordDecision } from '../../../../functions/use-cases/record-decision.ts';
import { resolveObjection } from '../../../../functions/use-cases/resolve-objection.ts';

import { resumeDueCalls } from '../../../../functions/use-cases/workflow/resume-due-calls.ts';
import { consumeTaskToken, RESUME_GRACE_MS } from '../../../../functions/use-cases/workflow/resume-wait.ts';
import { objectionsWaitFor, stageWait } from '../../../../functions/use-cases/workflow/waits.ts';
import {
  LEADER,
  type RoundFixture,
  roundFixture,
  STAFF,
  seedApplication,
  seedRanking,
  seedRound,
  seedToken,
} from '../../../support/rounds-fakes.ts';
import { putObjection, putWindow } from './fixtures.ts';

const ids = Array.from({ length: 17 }, (_, i) => `a${String(i + 1).padStart(2, '0')}`);
const proposal = { award: ids.slice(0, 5), nomination: ids.slice(5, 15) };

interface Ender {
  name: string;
  at: string;
  waitFor: string;
  prepare(fx: RoundFixture): Promise<void>;
  end(fx: RoundFixture): Promise<unknown>;
  /** What the sweep resumes the flow with: the wait's state as the store has it. */
  output: Record<string, unknown>;
}

const ENDERS: Ender[] = [
  {
    name: 'a stage move (advance)',
    at: '2026-06-10T00:00:00.000Z',
    waitFor: stageWait('qualification'),
    prepare: async (fx) => {
      await seedRound(fx, { roundId: 'r-1', stage: 'qualification' });
      await seedApplication(fx, 'r-1', 'a1', 'qualified');
    },
    end: (fx) => advanceRound(fx.deps, STAFF, { roundId: 'r-1', to: 'accepted-publicity' }),
    output: { stage: 'accepted-publicity' },
  },
  {
    name: "the Leading Group's decision",
    at: '2026-10-20T00:00:00.000Z',
    waitFor: stageWait('decision'),
    prepare: async (fx) => {
      await seedRound(fx, { roundId: 'r-1', stage: 'decision' });
      await seedRanking(fx, 'r-1', ids);
    },
    end: (fx) => recordDecision(fx.deps, LEADER, { roundId: 'r-1', ...proposal }),
    // The flow discards a stage wait's output (ResultPath null) and reads the decision record.
    output: { stage: 'decision' },
  },
  {
    name: "the city government's approval",
    at: '2026-11-20T00:00:00.000Z',
    waitFor: stageWait('approval'),
    prepare: async (fx) => {
      await seedRound(fx, { roundId: 'r-1', stage: 'approval' });
    },
    end: (fx) =>
      recordApproval(fx.deps, STAFF, {
        roundId: 'r-1',
        documentNo: '并政函〔2026〕88号',
        approvedOn: '2026-11-18',
      }),
    output: { stage: 'announced', documentNo: '并政函〔2026〕88号', approvedOn: '2026-11-18' },
  },
  {
    name: 'the last objection resolved',
    at: '2026-06-12T00:00:00.000Z',
    waitFor: objectionsWaitFor('r-1-accepted'),
    prepare: async (fx) => {
      await seedRound(fx, { roundId: 'r-1', stage: 'accepted-publicity' });
      await putWindow(fx, 'r-1', 'accepted', [{ applicationId: 'a1' }], { status: 'awaiting-objections' });
      await putObjection(fx, 'r-1', 'r-1-accepted', 'o1', 'a1', 'pending');
    },
    end: (fx) =>
      resolveObjection(fx.deps, STAFF, { objectionId: 'o1', outcome: 'dismissed', findings: '经核查不属实' }),
    output: {
      windowId: 'r-1-accepted',
      kind: 'accepted',
      status: 'awaiting-objections',
      pendingObjections: 0,
    },
  },
];

describe('an ender of a flow wait that dies between its commit and the resume', () => {
  it.each(ENDERS)('$name: the sweep resumes the flow once the grace period has passed', async (ender) => {
    // Prepare
    const fx = roundFixture(ender.at);
    await ender.prepare(fx);
    await seedToken(fx, 'r-1', ender.waitFor);
    const resume = fx.workflow.resume.bind(fx.workflow);
    fx.workflow.resume = async () => {
      throw new Error('process killed');
    };
    const at = new Date(ender.at);

    // Act
    const died = await ender.end(fx).catch((error: Error) => error);
    fx.workflow.resume = resume;
    const secondEnder = await consumeTaskToken(fx.deps, 'r-1', ender.waitFor, at);
    const early = await resumeDueCalls(fx.deps, new Date(at.getTime() + RESUME_GRACE_MS - 1));
    const swept = await resumeDueCalls(fx.deps, new Date(at.getTime() + RESUME_GRACE_MS));
    const again = await resumeDueCalls(fx.deps, new Date(at.getTime() + 2 * RESUME_GRACE_MS));

    // Assess
    expect((died as Error).message).toBe('process killed');
    expect(secondEnder.token).toBeUndefined();
    expect(early.resumed).toEqual([]);
    expect(swept).toEqual({ resumed: [`r-1/${ender.waitFor}`], failed: [] });
    expect(again.resumed).toEqual([]);
    expect(fx.workflow.resumed).toEqual([{ token: `token-${ender.waitFor}`, output: ender.output }]);
    expect(await fx.store.getTaskToken('r-1', ender.waitFor)).toBeNull();
  });

  it('a live ender deletes its claim once the flow took the token: the sweep finds nothing', async () => {
    // Prepare
    const fx = roundFixture('2026-10-20T00:00:00.000Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'decision' });
    await seedRanking(fx, 'r-1', ids);
    await seedToken(fx, 'r-1', stageWait('decision'));

    // Act
    await recordDecision(fx.deps, LEADER, { roundId: 'r-1', ...proposal });
    const swept = await resumeDueCalls(fx.deps, new Date('2026-10-21T00:00:00.000Z'));

    // Assess
    expect(swept.resumed).toEqual([]);
    expect(fx.workflow.resumed).toHaveLength(1);
    expect(await fx.store.getTaskToken('r-1', stageWait('decision'))).toBeNull();
  });
});
