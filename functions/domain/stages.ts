/**
 * Art. 18: the procedure of a round and the life of an application, as explicit transition tables.
 * The tables are the single source: later layers (use cases, the round state machine) ask
 * `assertRoundTransition` / `assertApplicationTransition` instead of re-stating the order.
 */
import { DomainError } from './errors.ts';
import type { ApplicationStatus, RoundStage } from './model.ts';
import { ROUND_STAGES } from './model.ts';

/** Chinese names of the round stages (Art. 18 (1)–(9)), as shown to people. */
export const ROUND_STAGE_LABELS: Readonly<Record<RoundStage, string>> = {
  'call-open': '申报中',
  qualification: '资格审查',
  'accepted-publicity': '受理名单公示',
  'material-review': '材料评审',
  'onsite-review': '现场评审',
  defense: '陈述答辩',
  evaluation: '综合评价',
  decision: '领导小组审定',
  'winner-publicity': '拟获奖名单公示',
  approval: '市政府批准',
  announced: '已公告',
};

/** Chinese names of the application statuses (API.md "Statuses"). */
export const APPLICATION_STATUS_LABELS: Readonly<Record<ApplicationStatus, string>> = {
  draft: '草稿',
  submitted: '已提交',
  recommended: '已推荐',
  'not-recommended': '未获推荐',
  qualified: '资格审查通过',
  disqualified: '资格审查未通过',
  accepted: '已受理',
  struck: '公示后取消',
  'in-review': '评审中',
  'not-selected': '未入围',
  candidate: '候选',
  proposed: '拟授奖',
  awarded: '已获奖',
  'not-awarded': '未获奖',
  withdrawn: '已撤回',
  revoked: '已撤销',
};

// ---------------------------------------------------------------------------------------------
// Round stages
// ---------------------------------------------------------------------------------------------

/**
 * What moves a round on: `schedule` (the scheduler at `callClosesAt`), `staff` (an `advance` or
 * `approval` call), `system` (the flow itself once a condition holds), `leader` (the Leading Group).
 */
export type RoundTrigger = 'schedule' | 'staff' | 'system' | 'leader';

export const ROUND_TRIGGER_LABELS: Readonly<Record<RoundTrigger, string>> = {
  schedule: '定时任务',
  staff: '工作人员',
  system: '系统',
  leader: '领导小组',
};

export interface RoundTransition {
  from: RoundStage;
  to: RoundStage;
  trigger: RoundTrigger;
  /** When the move happens, in Chinese (shown in STAGE_PRECONDITION_FAILED messages). */
  condition: string;
}

/** API.md "Stages in order": one move out of every stage but the last, each with its one trigger. */
export const ROUND_TRANSITIONS: readonly RoundTransition[] = [
  // Art. 18 (1)-(2): the call closes by itself at callClosesAt (staff may extend it before).
  { from: 'call-open', to: 'qualification', trigger: 'schedule', condition: '申报截止时间到达后自动转入' },
  // Art. 18 (3): staff finish the qualification review and publish the accepted list.
  { from: 'qualification', to: 'accepted-publicity', trigger: 'staff', condition: '由工作人员推进' },
  // Art. 18 (3): publicity lasts at least 5 working days; the round waits for open objections.
  {
    from: 'accepted-publicity',
    to: 'material-review',
    trigger: 'system',
    condition: '受理名单公示期结束且异议全部处理完毕后自动转入',
  },
  // Art. 18 (4): the material-review report names the on-site list (`advance` with `selected`).
  { from: 'material-review', to: 'onsite-review', trigger: 'staff', condition: '由工作人员推进' },
  // Art. 18 (5)-(6).
  { from: 'onsite-review', to: 'defense', trigger: 'staff', condition: '由工作人员推进' },
  { from: 'defense', to: 'evaluation', trigger: 'staff', condition: '由工作人员推进' },
  // Art. 18 (7): the ranking task computes the candidate list.
  { from: 'evaluation', to: 'decision', trigger: 'system', condition: '综合评价排名计算完成后自动转入' },
  // Art. 18 (8): once the Leading Group's decision is recorded the flow publishes the list; the
  // leader records the decision, the move itself is the system's.
  {
    from: 'decision',
    to: 'winner-publicity',
    trigger: 'system',
    condition: '领导小组审定意见记录后自动转入',
  },
  {
    from: 'winner-publicity',
    to: 'approval',
    trigger: 'system',
    condition: '拟获奖名单公示期结束且异议全部处理完毕后自动转入',
  },
  // Art. 18 (9): staff record the city government's approval document.
  { from: 'approval', to: 'announced', trigger: 'staff', condition: '工作人员登记市政府批准文件后转入' },
];

/** Position of a stage in the procedure (0 for `call-open`). */
export const stageIndex = (stage: RoundStage): number => ROUND_STAGES.indexOf(stage);

/** The stage after `stage`, or `undefined` for `announced`. */
export const nextStage = (stage: RoundStage): RoundStage | undefined => ROUND_STAGES[stageIndex(stage) + 1];

/** The one transition out of `stage`, or `undefined` for `announced`. */
export const roundTransitionFrom = (stage: RoundStage): RoundTransition | undefined =>
  ROUND_TRANSITIONS.find((t) => t.from === stage);

const quoted = (label: string): string => `“${label}”`;

/**
 * Art. 18: refuse a move of a round unless the table has it with this trigger.
 * ILLEGAL_TRANSITION when no such move exists (skipping, going back, staying);
 * STAGE_PRECONDITION_FAILED when it exists but must come from another trigger.
 */
export function assertRoundTransition(
  from: RoundStage,
  to: RoundStage,
  trigger: RoundTrigger,
): RoundTransition {
  const fromLabel = quoted(ROUND_STAGE_LABELS[from]);
  const toLabel = quoted(ROUND_STAGE_LABELS[to]);
  const transition = ROUND_TRANSITIONS.find((t) => t.from === from && t.to === to);
  if (!transition) {
    const message = `评选阶段不能从${fromLabel}转为${toLabel}：须按第十八条规定的程序依次进行`;
    throw new DomainError('ILLEGAL_TRANSITION', message, [
      { path: 'to', code: 'ILLEGAL_TRANSITION', message },
    ]);
  }
  if (transition.trigger !== trigger) {
    const message =
      `评选阶段从${fromLabel}转为${toLabel}须${transition.condition}，` +
      `不能由${ROUND_TRIGGER_LABELS[trigger]}直接推进`;
    throw new DomainError('STAGE_PRECONDITION_FAILED', message, [
      { path: 'to', code: 'STAGE_PRECONDITION_FAILED', message },
    ]);
  }
  return transition;
}

// ---------------------------------------------------------------------------------------------
// Application statuses
// ---------------------------------------------------------------------------------------------

export type ApplicationActor = 'applicant' | 'recommender' | 'staff' | 'system' | 'leader';

export const APPLICATION_ACTOR_LABELS: Readonly<Record<ApplicationActor, string>> = {
  applicant: '申报方',
  recommender: '推荐单位',
  staff: '工作人员',
  system: '系统',
  leader: '领导小组',
};

export interface ApplicationTransition {
  from: ApplicationStatus;
  to: ApplicationStatus;
  actor: ApplicationActor;
  /**
   * Round stages in which the change may be recorded; absent = any stage. For a change that a round
   * transition causes (e.g. qualified → accepted), this is the stage the round enters.
   */
  stages?: readonly RoundStage[];
}

/** Withdrawal: possible until qualification ends, i.e. before the accepted list is made public. */
const WITHDRAWAL_STAGES: readonly RoundStage[] = ['call-open', 'qualification'];

/**
 * The life of an application. A pair allowed to several actors has one row per actor.
 * A recommender decides once: there is no recommended ⇄ not-recommended row.
 */
export const APPLICATION_TRANSITIONS: readonly ApplicationTransition[] = [
  // Art. 18 (2): applications are filed while the call is open (API.md: callOpensAt ≤ now < callClosesAt).
  { from: 'draft', to: 'submitted', actor: 'applicant', stages: ['call-open'] },
  // Voluntary (Art. 18 (2) "根据自愿原则"): withdrawal until qualification ends.
  { from: 'draft', to: 'withdrawn', actor: 'applicant', stages: WITHDRAWAL_STAGES },
  { from: 'submitted', to: 'withdrawn', actor: 'applicant', stages: WITHDRAWAL_STAGES },
  { from: 'recommended', to: 'withdrawn', actor: 'applicant', stages: WITHDRAWAL_STAGES },
  // Art. 18 (3): the jurisdiction's preliminary review and recommendation precede qualification.
  { from: 'submitted', to: 'recommended', actor: 'recommender', stages: ['call-open', 'qualification'] },
  { from: 'submitted', to: 'not-recommended', actor: 'recommender', stages: ['call-open', 'qualification'] },
  // Art. 18 (3): the office reviews basic conditions, the recommendation and the materials.
  { from: 'recommended', to: 'qualified', actor: 'staff', stages: ['qualification'] },
  { from: 'recommended', to: 'disqualified', actor: 'staff', stages: ['qualification'] },
  // Art. 18 (3): the accepted list is publicised.
  { from: 'qualified', to: 'accepted', actor: 'system', stages: ['accepted-publicity'] },
  // An upheld objection strikes the application from the list (no move-up, Art. 8 allows vacancies).
  { from: 'accepted', to: 'struck', actor: 'system', stages: ['accepted-publicity'] },
  // Art. 18 (4).
  { from: 'accepted', to: 'in-review', actor: 'system', stages: ['material-review'] },
  // Art. 18 (4)-(5): only those named in the on-site list go on.
  { from: 'in-review', to: 'not-selected', actor: 'staff', stages: ['onsite-review'] },
  // Art. 18 (7).
  { from: 'in-review', to: 'candidate', actor: 'system', stages: ['evaluation'] },
  // Art. 18 (8): the Leading Group decides (or the flow applies its recorded decision).
  { from: 'candidate', to: 'proposed', actor: 'leader', stages: ['decision'] },
  { from: 'candidate', to: 'proposed', actor: 'system', stages: ['decision'] },
  { from: 'candidate', to: 'not-awarded', actor: 'leader', stages: ['decision'] },
  { from: 'candidate', to: 'not-awarded', actor: 'system', stages: ['decision'] },
  { from: 'proposed', to: 'struck', actor: 'system', stages: ['winner-publicity'] },
  // Art. 18 (9): staff record the city government's approval, which moves the round to `announced`.
  { from: 'proposed', to: 'awarded', actor: 'staff', stages: ['announced'] },
  { from: 'proposed', to: 'not-awarded', actor: 'staff', stages: ['announced'] },
  // Art. 25, 27: revocation may come at any time during the award's validity.
  { from: 'awarded', to: 'revoked', actor: 'staff' },
];

/** Statuses that some row leads to from `from`. */
export const nextApplicationStatuses = (from: ApplicationStatus): ApplicationStatus[] => [
  ...new Set(APPLICATION_TRANSITIONS.filter((t) => t.from === from).map((t) => t.to)),
];

/** True when nothing can happen to the application any more (`awarded` is not: it may be revoked). */
export const isTerminal = (status: ApplicationStatus): boolean =>
  nextApplicationStatuses(status).length === 0;

/**
 * True when the applicant may still change the body or the evidence: only a draft, and, when the
 * round stage is given, only while the call is open (evidence is immutable once submitted).
 */
export const canEditDraft = (status: ApplicationStatus, roundStage?: RoundStage): boolean =>
  status === 'draft' && (roundStage === undefined || roundStage === 'call-open');

const statusLabel = (status: ApplicationStatus): string => quoted(APPLICATION_STATUS_LABELS[status]);

const stageList = (stages: readonly RoundStage[]): string =>
  stages.map((s) => quoted(ROUND_STAGE_LABELS[s])).join('、');

/** API.md: editing a draft or its evidence after submission (or after the call) is STAGE_CLOSED. */
export function assertDraftEditable(status: ApplicationStatus, roundStage: RoundStage): void {
  if (canEditDraft(status, roundStage)) return;
  const message =
    status === 'draft'
      ? `申报已截止（当前阶段：${quoted(ROUND_STAGE_LABELS[roundStage])}），不能再修改申报材料`
      : `申报状态为${statusLabel(status)}，只有草稿可以修改申报内容或证实材料`;
  throw new DomainError('STAGE_CLOSED', message);
}

/**
 * Refuse a status change the table does not allow: ILLEGAL_TRANSITION when the move does not exist
 * or this actor may not make it; STAGE_CLOSED when it exists for the actor but not in this round stage.
 */
export function assertApplicationTransition(
  from: ApplicationStatus,
  to: ApplicationStatus,
  actor: ApplicationActor,
  roundStage: RoundStage,
): ApplicationTransition {
  const fromLabel = statusLabel(from);
  const toLabel = statusLabel(to);
  const pairs = APPLICATION_TRANSITIONS.filter((t) => t.from === from && t.to === to);
  if (pairs.length === 0) {
    throw new DomainError('ILLEGAL_TRANSITION', `申报状态不能从${fromLabel}变为${toLabel}`);
  }
  const byActor = pairs.filter((t) => t.actor === actor);
  if (byActor.length === 0) {
    const allowed = pairs.map((t) => APPLICATION_ACTOR_LABELS[t.actor]).join('或');
    throw new DomainError(
      'ILLEGAL_TRANSITION',
      `申报状态从${fromLabel}变为${toLabel}只能由${allowed}办理，${APPLICATION_ACTOR_LABELS[actor]}无权办理`,
    );
  }
  const inStage = byActor.find((t) => t.stages === undefined || t.stages.includes(roundStage));
  if (!inStage) {
    const stages = byActor.flatMap((t) => t.stages ?? []);
    throw new DomainError(
      'STAGE_CLOSED',
      `当前评选阶段为${quoted(ROUND_STAGE_LABELS[roundStage])}，申报状态不能从${fromLabel}变为${toLabel}` +
        `（仅限${stageList(stages)}阶段）`,
    );
  }
  return inStage;
}
