import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../../functions/domain/errors.ts';
import type { ApplicationStatus, RoundStage } from '../../../functions/domain/model.ts';
import { APPLICATION_STATUSES, ROUND_STAGES } from '../../../functions/domain/model.ts';
import {
  APPLICATION_STATUS_LABELS,
  APPLICATION_TRANSITIONS,
  type ApplicationActor,
  assertApplicationTransition,
  assertDraftEditable,
  assertRoundTransition,
  canEditDraft,
  isTerminal,
  nextApplicationStatuses,
  nextStage,
  ROUND_STAGE_LABELS,
  ROUND_TRANSITIONS,
  type RoundTrigger,
  roundTransitionFrom,
  stageIndex,
} from '../../../functions/domain/stages.ts';

/** Runs `act` and returns the DomainError it throws (fails the test when it does not throw one). */
function caught(act: () => unknown) {
  try {
    act();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('round stage labels', () => {
  it('names every stage in Chinese, in the order of Art. 18', () => {
    // Act
    const labels = ROUND_STAGES.map((s) => ROUND_STAGE_LABELS[s]);

    // Assess
    expect(labels).toEqual([
      '申报中',
      '资格审查',
      '受理名单公示',
      '材料评审',
      '现场评审',
      '陈述答辩',
      '综合评价',
      '领导小组审定',
      '拟获奖名单公示',
      '市政府批准',
      '已公告',
    ]);
  });

  it('names every application status in Chinese', () => {
    // Act
    const labels = APPLICATION_STATUSES.map((s) => APPLICATION_STATUS_LABELS[s]);

    // Assess
    expect(labels).toEqual([
      '草稿',
      '已提交',
      '已推荐',
      '未获推荐',
      '资格审查通过',
      '资格审查未通过',
      '已受理',
      '公示后取消',
      '评审中',
      '未入围',
      '候选',
      '拟授奖',
      '已获奖',
      '未获奖',
      '已撤回',
      '已撤销',
    ]);
  });
});

describe('round transitions table', () => {
  it('has exactly the triggers of API.md, one move out of each stage but the last', () => {
    // Act
    const rows = ROUND_TRANSITIONS.map((t) => `${t.from}>${t.to}:${t.trigger}`);

    // Assess
    expect(rows).toEqual([
      'call-open>qualification:schedule',
      'qualification>accepted-publicity:staff',
      'accepted-publicity>material-review:system',
      'material-review>onsite-review:staff',
      'onsite-review>defense:staff',
      'defense>evaluation:staff',
      'evaluation>decision:system',
      'decision>winner-publicity:system',
      'winner-publicity>approval:system',
      'approval>announced:staff',
    ]);
  });

  it('moves only to the next stage', () => {
    // Act
    const skips = ROUND_TRANSITIONS.filter((t) => nextStage(t.from) !== t.to);

    // Assess
    expect(skips).toEqual([]);
  });

  it('gives the index and the next stage of a stage', () => {
    // Act + Assess
    expect(stageIndex('call-open')).toBe(0);
    expect(stageIndex('announced')).toBe(10);
    expect(nextStage('defense')).toBe('evaluation');
    expect(nextStage('announced')).toBeUndefined();
  });

  it('finds the transition out of a stage, none out of the last', () => {
    // Act
    const fromApproval = roundTransitionFrom('approval');
    const fromAnnounced = roundTransitionFrom('announced');

    // Assess
    expect(fromApproval).toMatchObject({ to: 'announced', trigger: 'staff' });
    expect(fromAnnounced).toBeUndefined();
  });
});

describe('assertRoundTransition', () => {
  it.each(ROUND_TRANSITIONS.map((t) => [t.from, t.to, t.trigger] as const))(
    'allows %s → %s by %s',
    (from, to, trigger) => {
      // Act
      const transition = assertRoundTransition(from, to, trigger);

      // Assess
      expect(transition).toMatchObject({ from, to, trigger });
    },
  );

  it('refuses a staff advance out of a publicity window with STAGE_PRECONDITION_FAILED', () => {
    // Act
    const error = caught(() => assertRoundTransition('accepted-publicity', 'material-review', 'staff'));

    // Assess
    expect(error.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(error.message).toContain('受理名单公示');
    expect(error.message).toContain('材料评审');
    expect(error.message).toContain('异议全部处理完毕');
    expect(error.findings).toEqual([
      { path: 'to', code: 'STAGE_PRECONDITION_FAILED', message: error.message },
    ]);
  });

  it('refuses a system move where staff must advance', () => {
    // Act
    const error = caught(() => assertRoundTransition('defense', 'evaluation', 'system'));

    // Assess
    expect(error.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(error.message).toBe('评选阶段从“陈述答辩”转为“综合评价”须由工作人员推进，不能由系统直接推进');
  });

  it('refuses the leader moving the round out of decision: the system does once the decision is recorded', () => {
    // Act
    const error = caught(() => assertRoundTransition('decision', 'winner-publicity', 'leader'));

    // Assess
    expect(error.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(error.message).toContain('领导小组审定意见记录后自动转入');
  });

  it.each<[RoundStage, RoundStage, RoundTrigger]>([
    ['qualification', 'material-review', 'staff'],
    ['material-review', 'qualification', 'staff'],
    ['defense', 'defense', 'staff'],
    ['announced', 'call-open', 'system'],
  ])('refuses %s → %s with ILLEGAL_TRANSITION', (from, to, trigger) => {
    // Act
    const error = caught(() => assertRoundTransition(from, to, trigger));

    // Assess
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.message).toContain(`“${ROUND_STAGE_LABELS[from]}”`);
    expect(error.message).toContain(`“${ROUND_STAGE_LABELS[to]}”`);
    expect(error.findings[0]?.path).toBe('to');
  });
});

describe('application transitions', () => {
  it.each(
    APPLICATION_TRANSITIONS.flatMap((t) =>
      (t.stages ?? ['announced']).map((s) => [t.from, t.to, t.actor, s] as const),
    ),
  )('allows %s → %s by %s in %s', (from, to, actor, stage) => {
    // Act
    const transition = assertApplicationTransition(from, to, actor, stage);

    // Assess
    expect(transition).toMatchObject({ from, to, actor });
  });

  it('refuses a submission after the call closed with STAGE_CLOSED', () => {
    // Act
    const error = caught(() =>
      assertApplicationTransition('draft', 'submitted', 'applicant', 'qualification'),
    );

    // Assess
    expect(error.code).toBe('STAGE_CLOSED');
    expect(error.message).toBe(
      '当前评选阶段为“资格审查”，申报状态不能从“草稿”变为“已提交”（仅限“申报中”阶段）',
    );
  });

  it('lets an applicant withdraw until qualification ends, not once the accepted list is public', () => {
    // Act
    const during = assertApplicationTransition('recommended', 'withdrawn', 'applicant', 'qualification');
    const error = caught(() =>
      assertApplicationTransition('submitted', 'withdrawn', 'applicant', 'accepted-publicity'),
    );

    // Assess
    expect(during.to).toBe('withdrawn');
    expect(error.code).toBe('STAGE_CLOSED');
    expect(error.message).toContain('“申报中”、“资格审查”');
  });

  it('refuses a recommender changing its decision (it decides once)', () => {
    // Act
    const error = caught(() =>
      assertApplicationTransition('not-recommended', 'recommended', 'recommender', 'qualification'),
    );

    // Assess
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.message).toBe('申报状态不能从“未获推荐”变为“已推荐”');
  });

  it('refuses the wrong actor with ILLEGAL_TRANSITION naming who may', () => {
    // Act
    const error = caught(() =>
      assertApplicationTransition('recommended', 'qualified', 'recommender', 'qualification'),
    );

    // Assess
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.message).toBe('申报状态从“已推荐”变为“资格审查通过”只能由工作人员办理，推荐单位无权办理');
  });

  it('names every actor allowed when several are', () => {
    // Act
    const error = caught(() => assertApplicationTransition('candidate', 'proposed', 'staff', 'decision'));

    // Assess
    expect(error.message).toContain('领导小组或系统');
  });

  it('allows revocation of an award in any round stage', () => {
    // Act
    const transition = assertApplicationTransition('awarded', 'revoked', 'staff', 'call-open');

    // Assess
    expect(transition.stages).toBeUndefined();
  });

  it('lists the statuses reachable from a status', () => {
    // Act + Assess
    expect(nextApplicationStatuses('submitted')).toEqual(['withdrawn', 'recommended', 'not-recommended']);
    expect(nextApplicationStatuses('candidate')).toEqual(['proposed', 'not-awarded']);
  });

  it('knows the terminal statuses', () => {
    // Act
    const terminal = APPLICATION_STATUSES.filter((s: ApplicationStatus) => isTerminal(s));

    // Assess
    expect(terminal).toEqual([
      'not-recommended',
      'disqualified',
      'struck',
      'not-selected',
      'not-awarded',
      'withdrawn',
      'revoked',
    ]);
  });

  it('uses only known statuses, actors and stages', () => {
    // Prepare
    const actors: ApplicationActor[] = ['applicant', 'recommender', 'staff', 'system', 'leader'];

    // Act
    const unknown = APPLICATION_TRANSITIONS.filter(
      (t) =>
        !APPLICATION_STATUSES.includes(t.from) ||
        !APPLICATION_STATUSES.includes(t.to) ||
        !actors.includes(t.actor) ||
        (t.stages ?? []).some((s) => !ROUND_STAGES.includes(s)),
    );

    // Assess
    expect(unknown).toEqual([]);
  });
});

describe('draft editing', () => {
  it('allows editing only a draft while the call is open', () => {
    // Act + Assess
    expect(canEditDraft('draft')).toBe(true);
    expect(canEditDraft('draft', 'call-open')).toBe(true);
    expect(canEditDraft('draft', 'qualification')).toBe(false);
    expect(canEditDraft('submitted')).toBe(false);
    expect(() => assertDraftEditable('draft', 'call-open')).not.toThrow();
  });

  it('refuses an evidence change after submission with STAGE_CLOSED', () => {
    // Act
    const error = caught(() => assertDraftEditable('submitted', 'call-open'));

    // Assess
    expect(error.code).toBe('STAGE_CLOSED');
    expect(error.message).toBe('申报状态为“已提交”，只有草稿可以修改申报内容或证实材料');
  });

  it('refuses editing a draft after the call closed with STAGE_CLOSED', () => {
    // Act
    const error = caught(() => assertDraftEditable('draft', 'qualification'));

    // Assess
    expect(error.code).toBe('STAGE_CLOSED');
    expect(error.message).toBe('申报已截止（当前阶段：“资格审查”），不能再修改申报材料');
  });
});
