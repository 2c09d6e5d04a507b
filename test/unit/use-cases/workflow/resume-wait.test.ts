import { describe, expect, it } from 'vitest';
import type { RoundWorkflow } from '../../../../functions/ports/workflow.ts';
import { consumeAndResume, RESUME_GRACE_MS } from '../../../../functions/use-cases/workflow/resume-wait.ts';
import { stageWait } from '../../../../functions/use-cases/workflow/waits.ts';
import { failingCommits, roundFixture, seedToken } from './fixtures.ts';

const NOW = new Date('2026-06-10T00:00:00.000Z');

describe('consumeAndResume', () => {
  it('resumes once: a second consumer of the same version finds it gone', async () => {
    // Prepare
    const fx = roundFixture();
    const token = await seedToken(fx, 'r-1', stageWait('defense'));

    // Act
    const first = await consumeAndResume(fx.deps, token, { go: 1 }, NOW);
    const second = await consumeAndResume(fx.deps, token, { go: 2 }, NOW);

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(fx.workflow.resumed).toEqual([{ token: 'token-stage:defense', output: { go: 1 } }]);
    expect(await fx.store.getTaskToken('r-1', stageWait('defense'))).toBeNull();
  });

  it('leaves its claim, due a grace period later, when the flow cannot be reached', async () => {
    // Prepare
    const fx = roundFixture();
    const token = await seedToken(fx, 'r-1', stageWait('defense'));
    const unreachable: RoundWorkflow = {
      ...fx.workflow,
      startRound: fx.workflow.startRound.bind(fx.workflow),
      fail: fx.workflow.fail.bind(fx.workflow),
      resume: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    };

    // Act
    const error = await consumeAndResume({ ...fx.deps, workflow: unreachable }, token, {}, NOW).catch(
      (e: Error) => e,
    );

    // Assess
    expect((error as Error).message).toBe('connect ECONNREFUSED');
    expect(await fx.store.getTaskToken('r-1', stageWait('defense'))).toMatchObject({
      token: 'token-stage:defense',
      resumingSince: NOW.toISOString(),
      dueAt: new Date(NOW.getTime() + RESUME_GRACE_MS).toISOString(),
    });
  });

  it('rethrows what is not a version conflict', async () => {
    // Prepare
    const fx = roundFixture();
    const token = await seedToken(fx, 'r-1', stageWait('defense'));
    const broken = { ...fx.deps, store: failingCommits(fx.store, new Error('disk full')) };

    // Act
    const error = await consumeAndResume(broken, token, {}, NOW).catch((e: Error) => e);

    // Assess
    expect((error as Error).message).toBe('disk full');
    expect(fx.workflow.resumed).toEqual([]);
  });
});
