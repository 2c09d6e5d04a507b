import { describe, expect, it } from 'vitest';
import type { RoundStage } from '../../../../functions/domain/model.ts';
import {
  describeWaitingFor,
  escalationNote,
  MAX_KEPT_ESCALATIONS,
  recordEscalation,
} from '../../../../functions/use-cases/workflow/record-escalation.ts';
import {
  CALL_CLOSE_WAIT,
  closeWaitFor,
  objectionsWaitFor,
  RETRY_WAIT,
  stageWait,
  taskWaitingFor,
} from '../../../../functions/use-cases/workflow/waits.ts';
import { caught, roundFixture, seedRound } from './fixtures.ts';

describe('recordEscalation', () => {
  it('appends a timed-out wait to the round once per escalation id, audited round.escalated', async () => {
    // Prepare
    const fx = roundFixture('2026-12-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'qualification' });
    const input = {
      roundId: 'r-1',
      escalationId: 'e-1',
      waitingFor: stageWait('qualification'),
      resumeState: 'AwaitQualification',
      error: { Error: 'States.Timeout', Cause: '' },
    };

    // Act
    const first = await recordEscalation(fx.deps, input);
    const retried = await recordEscalation(fx.deps, input);

    // Assess
    const round = await fx.store.getRound('r-1');
    expect([first, retried]).toEqual([{ recorded: true }, { recorded: false }]);
    expect(round?.escalations).toEqual([
      {
        at: '2026-12-01T00:00:00.000Z',
        waitingFor: stageWait('qualification'),
        note: '等待“资格审查”阶段的工作超时，流程仍在等待，请工作人员及时处理',
        escalationId: 'e-1',
      },
    ]);
    expect(round?.stage).toBe('qualification');
    const audit = await fx.store.listAudit('r-1');
    expect(audit.map((e) => e.action)).toEqual(['round.escalated']);
    expect(audit[0]?.after).toMatchObject({ error: 'States.Timeout' });
  });

  it('keeps escalations without an id apart', async () => {
    // Prepare
    const fx = roundFixture('2026-12-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'defense' });

    // Act
    await recordEscalation(fx.deps, { roundId: 'r-1', waitingFor: RETRY_WAIT });
    await recordEscalation(fx.deps, { roundId: 'r-1', waitingFor: RETRY_WAIT });

    // Assess
    expect((await fx.store.getRound('r-1'))?.escalations).toHaveLength(2);
  });

  it('keeps the latest escalations on the round (the audit trail keeps them all)', async () => {
    // Prepare
    const fx = roundFixture('2026-12-01T00:00:00Z');
    const old = Array.from({ length: MAX_KEPT_ESCALATIONS }, (_, i) => ({
      at: '2026-11-01T00:00:00.000Z',
      waitingFor: RETRY_WAIT,
      note: `旧${i}`,
    }));
    await seedRound(fx, { roundId: 'r-1', stage: 'defense', escalations: old });

    // Act
    await recordEscalation(fx.deps, { roundId: 'r-1', waitingFor: taskWaitingFor('ComputeRanking') });

    // Assess
    const kept = (await fx.store.getRound('r-1'))?.escalations ?? [];
    expect(kept).toHaveLength(MAX_KEPT_ESCALATIONS);
    expect(kept[0]?.note).toBe('旧1');
    expect(kept.at(-1)?.waitingFor).toBe(taskWaitingFor('ComputeRanking'));
  });

  it('answers NOT_FOUND for an unknown round', async () => {
    // Act
    const error = await caught(
      recordEscalation(roundFixture().deps, { roundId: 'nope', waitingFor: RETRY_WAIT }),
    );

    // Assess
    expect(error.code).toBe('NOT_FOUND');
  });
});

describe('escalation notes', () => {
  it.each([
    [CALL_CLOSE_WAIT, '申报截止'],
    [RETRY_WAIT, '失败任务的重试'],
    [stageWait('decision'), '“领导小组审定”阶段的工作'],
    [stageWait('unknown' as RoundStage), '“unknown”阶段的工作'],
    [taskWaitingFor('ComputeRanking'), '流程任务“综合评价排名”'],
    [taskWaitingFor('Other'), '流程任务“Other”'],
    [closeWaitFor('w-1'), '公示 w-1 期满'],
    [objectionsWaitFor('w-1'), '公示 w-1 的异议处理结果'],
    ['something', 'something'],
  ])('describes %s in Chinese', (waitingFor, expected) => {
    // Act / Assess
    expect(describeWaitingFor(waitingFor)).toBe(expected);
  });

  it('quotes the message of a Lambda failure', () => {
    // Act
    const note = escalationNote({
      waitingFor: taskWaitingFor('OpenAcceptedWindow'),
      error: {
        Error: 'CALENDAR_NOT_AVAILABLE',
        Cause: JSON.stringify({
          errorType: 'CALENDAR_NOT_AVAILABLE',
          errorMessage: '尚未载入 2027 年的节假日安排',
        }),
      },
    });

    // Assess
    expect(note).toBe(
      '流程任务“发布受理名单公示”出错（CALENDAR_NOT_AVAILABLE：尚未载入 2027 年的节假日安排），流程已暂停并将稍后自动重试，请工作人员核查',
    );
  });

  it('copes with a plain cause, or none', () => {
    // Act / Assess
    expect(escalationNote({ waitingFor: RETRY_WAIT, error: { Error: 'X', Cause: 'boom' } })).toContain(
      '（X：boom）',
    );
    expect(escalationNote({ waitingFor: RETRY_WAIT, error: { Cause: '{"other":1}' } })).toContain(
      '（未知错误：{"other":1}）',
    );
    expect(escalationNote({ waitingFor: RETRY_WAIT })).toContain('（未知错误）');
  });
});
