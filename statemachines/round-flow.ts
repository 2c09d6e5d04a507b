/**
 * The round flow (Art. 18), described: the source of statemachines/round-flow.asl.json, which
 * `npm run generate:asl` writes from it (a test fails when the committed file is stale). The
 * compiler (flow.ts) adds the router on `resumeAt`, one escalation state per wait and task, the
 * escalation machinery and the resume router, and applies RETRY to every wait and task. A new stage
 * is a stage in functions/domain (model.ts, stages.ts) plus its steps and `resumeAt` entry here.
 */
import { type ChoiceRule, defineFlow, type Retrier } from './flow.ts';

/** Domain errors: retrying them at once changes nothing; they escalate and are retried later. */
const NOT_AT_ONCE: Retrier = {
  ErrorEquals: [
    'STAGE_PRECONDITION_FAILED',
    'ILLEGAL_TRANSITION',
    'CALENDAR_NOT_AVAILABLE',
    'NOT_FOUND',
    'VALIDATION_FAILED',
    'RULEBOOK_NOT_IN_FORCE',
  ],
  MaxAttempts: 0,
};

/** Transient Lambda and task errors: exponential backoff with full jitter. */
const TRANSIENT: Retrier = {
  ErrorEquals: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
    'States.TaskFailed',
  ],
  IntervalSeconds: 2,
  BackoffRate: 2,
  MaxAttempts: 4,
  MaxDelaySeconds: 60,
  JitterStrategy: 'FULL',
};

const windowKindIs = <N extends string>(kind: string, next: N): ChoiceRule<N> => ({
  Variable: '$.window.kind',
  StringEquals: kind,
  Next: next,
});

export const ROUND_FLOW = defineFlow({
  comment:
    'Taiyuan Quality Award: one round from the call to the announcement (Art. 18). DynamoDB holds the truth; this flow orders the stages, holds callback tokens only as references stored by RegisterTaskToken, and does each stage\'s bulk effects in idempotent tasks. JSONPath only (no JSONata, no Assign) so the local engine runs the same file. Generated from statemachines/round-flow.ts by "npm run generate:asl": do not edit.',
  resumeAt: {
    'call-open': 'AwaitCallClose',
    qualification: 'AwaitQualification',
    'accepted-publicity': 'OpenAcceptedWindow',
    'material-review': 'OpenAcceptedWindow',
    'onsite-review': 'SelectForOnsite',
    defense: 'AwaitDefense',
    evaluation: 'ComputeRanking',
    decision: 'AwaitDecision',
    'winner-publicity': 'OpenWinnersWindow',
    approval: 'AwaitApproval',
    announced: 'Announce',
  },
  retry: [NOT_AT_ONCE, TRANSIENT],
  escalation: { recordWith: 'RecordEscalationFunctionArn', retryAfterFailure: { kind: 'retryDelay' } },
  steps: {
    AwaitCallClose: {
      wait: { kind: 'callClose' },
      comment:
        'Art. 18 (1)-(2): the scheduler resumes this wait at callClosesAt (staff may extend the call).',
      next: 'CloseCall',
    },
    CloseCall: {
      task: 'CloseCallFunctionArn',
      label: '申报截止与资格初审',
      comment: 'Vets every filed application (eligibility, bans) and moves the round to qualification.',
      resultPath: '$.closeCall',
      next: 'CallClosed',
    },
    CallClosed: {
      comment: 'The call was extended after the wait was resumed: wait again.',
      choose: [{ Variable: '$.closeCall.closed', BooleanEquals: true, Next: 'AwaitQualification' }],
      otherwise: 'AwaitCallClose',
    },
    AwaitQualification: {
      wait: { kind: 'stage', stage: 'qualification' },
      comment: 'Art. 18 (3): staff finish qualification review and advance to accepted-publicity.',
      next: 'OpenAcceptedWindow',
    },
    OpenAcceptedWindow: {
      task: 'OpenWindowFunctionArn',
      label: '发布受理名单公示',
      comment: 'Art. 18 (3): qualified -> accepted; publishes the accepted list for N working days.',
      parameters: { kind: 'accepted' },
      resultPath: '$.window',
      next: 'WindowRoute',
    },
    // The publicity-window sub-flow, shared by the accepted list and the proposed winners.
    WindowRoute: {
      comment:
        'Publicity window sub-flow (shared by the accepted list and the proposed winners): wait for the deadline unless the window is already past it.',
      choose: [{ Variable: '$.window.status', StringEquals: 'open', Next: 'WindowAwaitClose' }],
      otherwise: 'WindowSettle',
    },
    WindowAwaitClose: {
      wait: { kind: 'windowClose', windowIdFrom: '$.window.windowId' },
      comment: "The scheduled closer resumes this wait when the window's working-day deadline has passed.",
      resultPath: '$.windowClose',
      next: 'WindowObjectionsPending',
    },
    WindowObjectionsPending: {
      comment: 'A window with unresolved objections does not finish when it expires: the round waits.',
      choose: [
        {
          And: [
            { Variable: '$.windowClose.pendingObjections', IsPresent: true },
            { Variable: '$.windowClose.pendingObjections', NumericGreaterThan: 0 },
          ],
          Next: 'WindowAwaitObjections',
        },
      ],
      otherwise: 'WindowSettle',
    },
    WindowAwaitObjections: {
      wait: { kind: 'windowObjections', windowIdFrom: '$.window.windowId' },
      comment: "Staff's resolution of the last pending objection resumes this wait.",
      next: 'WindowSettle',
    },
    WindowSettle: {
      task: 'SettleWindowFunctionArn',
      label: '公示期满处理',
      comment: 'Upheld objections strike their entries; the window closes and the round moves on by itself.',
      parameters: { 'kind.$': '$.window.kind' },
      resultPath: '$.window',
      next: 'WindowSettled',
    },
    WindowSettled: {
      comment: "Leaves the window sub-flow by the window's kind.",
      choose: [
        { Variable: '$.window.settled', BooleanEquals: false, Next: 'WindowAwaitObjections' },
        windowKindIs('accepted', 'AwaitMaterialReview'),
        windowKindIs('winners', 'AwaitApproval'),
      ],
      otherwise: 'UnknownWindowKind',
    },
    AwaitMaterialReview: {
      wait: { kind: 'stage', stage: 'material-review' },
      comment: 'Art. 18 (4)-(5): staff advance to onsite-review with the selected applications.',
      next: 'SelectForOnsite',
    },
    SelectForOnsite: {
      task: 'SelectForOnsiteFunctionArn',
      label: '确定现场评审名单',
      comment: 'Applications in review that staff did not select become not-selected.',
      next: 'AwaitOnsite',
    },
    AwaitOnsite: {
      wait: { kind: 'stage', stage: 'onsite-review' },
      comment: 'Art. 18 (5): staff advance to defense.',
      next: 'AwaitDefense',
    },
    AwaitDefense: {
      wait: { kind: 'stage', stage: 'defense' },
      comment: 'Art. 18 (6): staff advance to evaluation.',
      next: 'ComputeRanking',
    },
    ComputeRanking: {
      task: 'ComputeRankingFunctionArn',
      label: '综合评价排名',
      comment:
        'Art. 18 (7): candidates, stage scores, composite, ranking and proposal; the round moves to decision.',
      next: 'AwaitDecision',
    },
    AwaitDecision: {
      wait: { kind: 'stage', stage: 'decision' },
      comment: 'Art. 18 (8): the Leading Group records its decision.',
      next: 'OpenWinnersWindow',
    },
    OpenWinnersWindow: {
      task: 'OpenWindowFunctionArn',
      label: '发布拟获奖名单公示',
      comment:
        'Art. 18 (8): candidate -> proposed (with tier) or not-awarded; publishes the proposed winners.',
      parameters: { kind: 'winners' },
      resultPath: '$.window',
      next: 'WindowRoute',
    },
    AwaitApproval: {
      wait: { kind: 'stage', stage: 'approval' },
      comment: "Art. 18 (9): staff record the city government's approval (the round is then announced).",
      next: 'Announce',
    },
    Announce: {
      task: 'AnnounceFunctionArn',
      label: '公告获奖名单',
      comment:
        'Art. 18 (9), 6, 22: awards for the proposed winners (with the approval stored on the round) and the award-holder bans.',
      resultPath: '$.announcement',
      next: 'Done',
    },
    Done: { succeed: 'The round is announced.' },
    UnknownWindowKind: {
      fail: { error: 'UNKNOWN_WINDOW_KIND', cause: 'the settled window has no known kind' },
    },
  },
});

/** The Chinese names of the flow's tasks (escalation notes), by state name. */
export const ROUND_FLOW_TASK_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ROUND_FLOW.steps).flatMap(([name, step]) => ('label' in step ? [[name, step.label]] : [])),
);
