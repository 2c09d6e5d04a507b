/**
 * Issue 10, the AWS gap: a Lambda that died between the round's commit and the flow's start leaves
 * a round without an execution. The Idempotency-Key retry's read-back (`earlierRound`) starts it
 * under its deterministic name, so the round is never left without its flow, and a start that
 * already happened is harmless (the adapter takes ExecutionAlreadyExists as started:
 * test/statemachines/round-workflow.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Deps } from '../../../../functions/ports/deps.ts';
import type { RoundWorkflow } from '../../../../functions/ports/workflow.ts';
import { RequestIdGenerator } from '../../../../functions/shared/request-ids.ts';
import { createRound, earlierRound } from '../../../../functions/use-cases/create-round.ts';
import { RecordingWorkflow, roundFixture, STAFF } from '../../../support/rounds-fakes.ts';

const body = {
  title: '第一届太原市政府质量奖评选',
  callOpensAt: '2026-03-01T09:00:00+08:00',
  callClosesAt: '2026-05-31T17:00:00+08:00',
};
const CLAIM = 'http#staff-1#POST /v1/rounds#k-1';

/** The workflow of a Lambda that dies as it is about to start the flow. */
const dyingWorkflow: RoundWorkflow = {
  startRound: async () => {
    throw new Error('Task timed out after 30.00 seconds');
  },
  resume: async () => true,
  fail: async () => true,
};

/** The deps one run of the keyed request gets (http.ts: ids derived from the claim). */
const run = (deps: Deps, workflow: RoundWorkflow): Deps => ({
  ...deps,
  workflow,
  ids: new RequestIdGenerator(CLAIM),
});

describe('earlierRound (the keyed create-round retry)', () => {
  it('starts the flow of a round whose first run died before starting it, as {roundId}-1', async () => {
    // Prepare: the first run committed the round, then died.
    const fx = roundFixture('2026-02-20T01:00:00Z');
    await expect(createRound(run(fx.deps, dyingWorkflow), STAFF, body)).rejects.toThrow(/timed out/);
    const [committed] = await fx.store.listRounds();
    const retried = new RecordingWorkflow();

    // Act
    const view = await earlierRound(run(fx.deps, retried));

    // Assess
    expect(view?.round.roundId).toBe(committed?.roundId);
    expect(retried.started).toEqual([
      { roundId: committed?.roundId, resumeAt: 'call-open', executionName: `${committed?.roundId}-1` },
    ]);
    expect(await fx.store.listRounds()).toHaveLength(1);
  });

  it('enters the flow at the stage the round has reached by the time of the retry', async () => {
    // Prepare
    const fx = roundFixture('2026-02-20T01:00:00Z');
    await expect(createRound(run(fx.deps, dyingWorkflow), STAFF, body)).rejects.toThrow();
    const [committed] = await fx.store.listRounds();
    if (!committed) throw new Error('expected the committed round');
    await fx.store.commit({
      changes: [{ op: 'put', entity: { type: 'round', record: { ...committed, stage: 'qualification' } } }],
      audit: [],
    });
    const retried = new RecordingWorkflow();

    // Act
    await earlierRound(run(fx.deps, retried));

    // Assess
    expect(retried.started.map((s) => [s.resumeAt, s.executionName])).toEqual([
      ['qualification', `${committed.roundId}-1`],
    ]);
  });

  it('starts nothing and answers undefined when the first run committed nothing', async () => {
    // Prepare
    const fx = roundFixture('2026-02-20T01:00:00Z');
    const retried = new RecordingWorkflow();

    // Act
    const view = await earlierRound(run(fx.deps, retried));

    // Assess
    expect(view).toBeUndefined();
    expect(retried.started).toEqual([]);
  });
});
