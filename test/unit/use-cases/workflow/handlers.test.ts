import { describe, expect, it } from 'vitest';
import { buildHandler as sweepHandler } from '../../../../functions/handlers/scheduled/sweep.ts';
import { buildHandler as announceHandler } from '../../../../functions/handlers/workflow/announce.ts';
import { buildHandler as closeCallHandler } from '../../../../functions/handlers/workflow/close-call.ts';
import { buildHandler as computeRankingHandler } from '../../../../functions/handlers/workflow/compute-ranking.ts';
import { buildHandler as openWindowHandler } from '../../../../functions/handlers/workflow/open-window.ts';
import { buildHandler as recordEscalationHandler } from '../../../../functions/handlers/workflow/record-escalation.ts';
import { buildHandler as registerTaskTokenHandler } from '../../../../functions/handlers/workflow/register-task-token.ts';
import { buildHandler as selectForOnsiteHandler } from '../../../../functions/handlers/workflow/select-for-onsite.ts';
import { buildHandler as settleWindowHandler } from '../../../../functions/handlers/workflow/settle-window.ts';
import { CALL_CLOSE_WAIT, stageWait } from '../../../../functions/use-cases/workflow/waits.ts';
import { caught, putWindow, roundFixture, seedRound, seedToken } from './fixtures.ts';

describe('workflow task handlers', () => {
  it('pass the state machine payload to their use case and return its result', async () => {
    // Prepare
    const fx = roundFixture('2026-06-10T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'defense' });

    // Act
    const registered = await registerTaskTokenHandler(fx.deps)({
      roundId: 'r-1',
      waitFor: stageWait('defense'),
      token: 't',
    });
    const escalated = await recordEscalationHandler(fx.deps)({
      roundId: 'r-1',
      escalationId: 'e-1',
      waitingFor: stageWait('defense'),
      resumeState: 'AwaitDefense',
      error: { Error: 'States.Timeout', Cause: 'late' },
    });
    const selected = await selectForOnsiteHandler(fx.deps)({ roundId: 'r-1' });

    // Assess
    expect(registered).toEqual({ waitFor: stageWait('defense'), stored: true, resumed: false });
    expect(escalated).toEqual({ recorded: true });
    expect(selected).toEqual({ notSelected: 0 });
  });

  it.each([
    ['close-call', closeCallHandler, {}],
    ['open-window', openWindowHandler, { roundId: 'r-1', kind: 'shortlist' }],
    ['settle-window', settleWindowHandler, { roundId: 'r-1' }],
    ['compute-ranking', computeRankingHandler, { roundId: '' }],
    ['announce', announceHandler, { roundId: 7 }],
    [
      'register-task-token',
      registerTaskTokenHandler,
      { roundId: 'r-1', waitFor: CALL_CLOSE_WAIT, token: 't', dueAt: 'soon' },
    ],
  ] as const)('%s refuses a malformed payload with VALIDATION_FAILED', async (_name, build, payload) => {
    // Act
    const error = await caught(build(roundFixture().deps)(payload));

    // Assess: the error name is what the ASL's Catch sees
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.name).toBe('VALIDATION_FAILED');
    expect(error.findings.length).toBeGreaterThan(0);
  });

  it('let a domain error through under its code, for the ASL to catch', async () => {
    // Prepare
    const fx = roundFixture('2026-06-10T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'qualification' });

    // Act
    const error = await caught(openWindowHandler(fx.deps)({ roundId: 'r-1', kind: 'accepted' }));

    // Assess
    expect(error.name).toBe('STAGE_PRECONDITION_FAILED');
  });
});

describe('sweep handler', () => {
  it('resumes due calls, then closes due windows, and reports what it did', async () => {
    // Prepare
    const fx = roundFixture('2026-06-09T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open', callClosesAt: '2026-06-01T16:00:00.000Z' });
    await seedToken(fx, 'r-1', CALL_CLOSE_WAIT, '2026-06-01T16:00:00.000Z');
    await putWindow(fx, 'r-2', 'accepted', []);

    // Act
    const first = await sweepHandler(fx.deps)({});
    const second = await sweepHandler(fx.deps)();

    // Assess
    expect(first).toEqual({
      resumed: ['r-1/call-close'],
      failed: [],
      closed: ['r-2-accepted'],
      failedWindows: [],
      reminders: { sent: [] },
    });
    expect(second).toEqual({
      resumed: [],
      failed: [],
      closed: [],
      failedWindows: [],
      reminders: { sent: [] },
    });
  });

  it('reports what it had to leave for the next run', async () => {
    // Prepare
    const fx = roundFixture('2026-06-09T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open', callClosesAt: '2026-06-01T16:00:00.000Z' });
    await seedToken(fx, 'r-1', CALL_CLOSE_WAIT, '2026-06-01T16:00:00.000Z');
    fx.workflow.resume = async () => {
      throw new Error('unreachable');
    };

    // Act
    const result = await sweepHandler(fx.deps)();

    // Assess
    expect(result.failed).toEqual([{ wait: 'r-1/call-close', error: 'Error: unreachable' }]);
  });
});
