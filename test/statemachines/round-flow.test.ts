/**
 * The round flow executed, not only validated: statemachines/round-flow.asl.json on the local engine
 * (infra/local/sfn-engine.ts, behind its JSON endpoint, driven through the real SFN client by
 * SfnRoundWorkflow), its Lambda tasks served by the workflow handlers, on DynamoStore over DynamoDB
 * Local (the memory store when Java is missing: then the suite says so), with the platform clock.
 * Staff, the leader and the public act through the API use cases; reviewers' scores are written
 * straight to the store.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.ts';
import { createTables, tableNamesWithPrefix } from '../../functions/adapters/dynamodb/tables.ts';
import { RandomIdGenerator } from '../../functions/adapters/ids.ts';
import { MemoryStore } from '../../functions/adapters/memory/memory-store.ts';
import {
  lambdaArnValues,
  readRoundFlowDefinition,
  substitute,
} from '../../functions/adapters/sfn/definitions.ts';
import { SfnRoundWorkflow } from '../../functions/adapters/sfn/round-workflow.ts';
import { chineseDaysSeed } from '../../functions/domain/calendar-seed.ts';
import { normalizeIdNumber } from '../../functions/domain/identifiers.ts';
import type { Category, ReviewStage, RoundStage } from '../../functions/domain/model.ts';
import { INDIVIDUAL_RUBRIC_2022, ORGANIZATION_RUBRIC_2022 } from '../../functions/domain/rubrics.ts';
import { type SweepResult, buildHandler as sweepHandler } from '../../functions/handlers/scheduled/sweep.ts';
import { buildHandler as announceHandler } from '../../functions/handlers/workflow/announce.ts';
import { buildHandler as closeCallHandler } from '../../functions/handlers/workflow/close-call.ts';
import { buildHandler as computeRankingHandler } from '../../functions/handlers/workflow/compute-ranking.ts';
import { buildHandler as openWindowHandler } from '../../functions/handlers/workflow/open-window.ts';
import { buildHandler as recordEscalationHandler } from '../../functions/handlers/workflow/record-escalation.ts';
import { buildHandler as registerTaskTokenHandler } from '../../functions/handlers/workflow/register-task-token.ts';
import { buildHandler as selectForOnsiteHandler } from '../../functions/handlers/workflow/select-for-onsite.ts';
import { buildHandler as settleWindowHandler } from '../../functions/handlers/workflow/settle-window.ts';
import { DEFAULT_EVIDENCE_MAX_BYTES, type Deps, EVIDENCE_CONTENT_TYPES } from '../../functions/ports/deps.ts';
import type {
  ApplicationRecord,
  AssignmentRecord,
  RoundRecord,
  ScoreRecord,
  StoredMember,
} from '../../functions/ports/records.ts';
import type { Store, UnitOfWork } from '../../functions/ports/store.ts';
import type { RoundWorkflow } from '../../functions/ports/workflow.ts';
import { advanceRound } from '../../functions/use-cases/advance-round.ts';
import { createRound } from '../../functions/use-cases/create-round.ts';
import { fileObjection } from '../../functions/use-cases/file-objection.ts';
import { putCalendarYear } from '../../functions/use-cases/put-calendar-year.ts';
import { recordApproval } from '../../functions/use-cases/record-approval.ts';
import { recordDecision } from '../../functions/use-cases/record-decision.ts';
import { recordQualification } from '../../functions/use-cases/record-qualification.ts';
import { resolveObjection } from '../../functions/use-cases/resolve-objection.ts';
import { listRoundApplications } from '../../functions/use-cases/rounds/support.ts';
import {
  CALL_CLOSE_WAIT,
  objectionsWaitFor,
  RETRY_WAIT,
  stageWait,
  taskWaitingFor,
  windowIdOf,
} from '../../functions/use-cases/workflow/waits.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { PlatformClock } from '../../infra/local/platform-clock.ts';
import { LocalSfnEngine } from '../../infra/local/sfn-engine.ts';
import { localSfnClientConfig, type SfnServer, startSfnServer } from '../../infra/local/sfn-server.ts';
import {
  creditCode,
  FakeEvidenceStore,
  idNumber,
  leader,
  staff,
  TEST_PII,
} from '../support/applications-fixtures.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DEFINITION = JSON.parse(
  substitute(readRoundFlowDefinition(), lambdaArnValues({ region: 'us-east-1', account: '000000000000' })),
) as object;
const STAFF = staff();
const LEADER = leader();

// ---------------------------------------------------------------------------------------------
// The platform: store, clock, engine, SFN endpoint, handlers
// ---------------------------------------------------------------------------------------------

let dynamoDb: DynamoDbLocal | undefined;
let documents: DynamoDBDocumentClient | undefined;
let tableSets = 0;

beforeAll(async () => {
  try {
    dynamoDb = await startDynamoDbLocal();
    documents = createDocumentClient({ endpoint: dynamoDb.endpoint });
  } catch (error) {
    // No Java here: the flow still runs, on the in-memory store with the same semantics.
    console.warn(
      'round-flow tests: DynamoDB Local unavailable, using MemoryStore:',
      (error as Error).message,
    );
  }
}, 180_000);

afterAll(async () => {
  documents?.destroy();
  await dynamoDb?.stop();
});

/** A fresh set of tables per test, so the global questions (due windows, due tokens) see one round. */
async function freshStore(): Promise<Store> {
  if (!documents) return new MemoryStore();
  tableSets += 1;
  const names = tableNamesWithPrefix(`flow${tableSets}`);
  await createTables(documents, names);
  return new DynamoStore(documents, names);
}

/**
 * Holds chosen store calls until `parties` of them have arrived (or 5 s passed), then lets them all
 * go, once per `arm`: two overlapping sweeps then really reach their conditional writes with the
 * same versions.
 */
class Rendezvous {
  met = 0;
  private predicate?: (method: string, args: unknown[]) => boolean;
  private parties = 0;
  private waiting: (() => void)[] = [];

  arm(parties: number, predicate: (method: string, args: unknown[]) => boolean): void {
    this.parties = parties;
    this.predicate = predicate;
  }

  disarm(): void {
    this.predicate = undefined;
    this.release();
  }

  wrap(store: Store): Store {
    return new Proxy(store, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (this.predicate?.(String(property), args)) await this.arrive();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  private arrive(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      if (this.waiting.length >= this.parties) {
        // One meeting per arm: the flow's own writes afterwards pass freely.
        this.met += 1;
        this.predicate = undefined;
        this.release();
      } else {
        setTimeout(() => this.release(), 5000).unref();
      }
    });
  }

  private release(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

/** A commit that consumes a task token, or moves a window out of `open`. */
const isClosingCommit = (method: string, args: unknown[]): boolean => {
  if (method !== 'commit') return false;
  const { changes } = args[0] as UnitOfWork;
  return changes.some(
    (c) =>
      // Ending a wait claims its token (resume-wait.ts): the claim is the consuming write.
      (c.op === 'put' && c.entity.type === 'task-token' && c.entity.record.resumingSince !== undefined) ||
      (c.op === 'put' && c.entity.type === 'window' && c.entity.record.status !== 'open'),
  );
};

/** Lets a test swap the engine under the deps, as a restarted platform does. */
class SwitchableWorkflow implements RoundWorkflow {
  target?: RoundWorkflow;
  private get current(): RoundWorkflow {
    if (!this.target) throw new Error('no engine');
    return this.target;
  }
  startRound(input: { roundId: string; resumeAt: string; executionName: string }): Promise<void> {
    return this.current.startRound(input);
  }
  resume(token: string, output: unknown): Promise<boolean> {
    return this.current.resume(token, output);
  }
  fail(token: string, error: string, cause: string): Promise<boolean> {
    return this.current.fail(token, error, cause);
  }
}

class Platform {
  readonly workflow = new SwitchableWorkflow();
  readonly rendezvous = new Rendezvous();
  readonly deps: Deps;
  readonly calls = new Map<string, number>();
  engine!: LocalSfnEngine;
  machineArn!: string;
  private server?: SfnServer;
  private sfn?: SFNClient;
  private readonly sweep: (event?: unknown) => Promise<SweepResult>;

  readonly store: Store;

  private constructor(
    store: Store,
    readonly clock: PlatformClock,
  ) {
    this.store = this.rendezvous.wrap(store);
    this.deps = {
      store: this.store,
      clock,
      workflow: this.workflow,
      ids: new RandomIdGenerator(clock),
      pii: TEST_PII,
      evidence: new FakeEvidenceStore(clock),
      config: {
        evidenceMaxBytes: DEFAULT_EVIDENCE_MAX_BYTES,
        evidenceContentTypes: EVIDENCE_CONTENT_TYPES,
        consentVersion: '2026-01',
        seedCalendarYears: chineseDaysSeed(),
      },
    };
    this.sweep = sweepHandler(this.deps);
  }

  static async start(initial: string): Promise<Platform> {
    const platform = new Platform(
      await freshStore(),
      new PlatformClock({ initial: new Date(initial), ticking: false }),
    );
    await platform.startEngine();
    return platform;
  }

  /** A new engine and endpoint (nothing of the old executions survives but what the store holds). */
  async startEngine(): Promise<void> {
    if (this.server) {
      this.sfn?.destroy();
      await this.server.stop();
    }
    const handlers: Record<string, (deps: Deps) => (input: unknown) => Promise<unknown>> = {
      'register-task-token': registerTaskTokenHandler,
      'close-call': closeCallHandler,
      'open-window': openWindowHandler,
      'settle-window': settleWindowHandler,
      'select-for-onsite': selectForOnsiteHandler,
      'compute-ranking': computeRankingHandler,
      announce: announceHandler,
      'record-escalation': recordEscalationHandler,
    };
    const taskHandlers = Object.fromEntries(
      Object.entries(handlers).map(([name, build]) => {
        const handler = build(this.deps);
        return [
          name,
          (input: unknown) => {
            this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
            return handler(input);
          },
        ];
      }),
    );
    this.engine = new LocalSfnEngine({ clock: this.clock, taskHandlers });
    this.machineArn = this.engine.createStateMachine('round-flow', DEFINITION).stateMachineArn;
    this.server = await startSfnServer(this.engine);
    this.sfn = new SFNClient(localSfnClientConfig(this.server.endpoint));
    this.workflow.target = new SfnRoundWorkflow(this.sfn, this.machineArn);
  }

  /** Stops the engine (its executions are aborted); the endpoint keeps answering for it. */
  async stopEngine(): Promise<void> {
    await this.engine.stop();
  }

  async stop(): Promise<void> {
    await this.engine.stop();
    this.sfn?.destroy();
    await this.server?.stop();
    this.clock.stop();
  }

  async idle(): Promise<void> {
    await this.engine.awaitIdle();
  }

  /** One run of the scheduler's sweep, then whatever it resumed runs to its next wait. */
  async runSweep(): Promise<SweepResult> {
    const result = await this.sweep();
    await this.idle();
    return result;
  }

  /** Moves the platform clock (callback timeouts fire on the way), then the scheduler runs. */
  async advance(to: string | number): Promise<SweepResult> {
    await this.clock.advanceTo(new Date(to));
    await this.idle();
    return this.runSweep();
  }

  /** One hour later: every action gets its own instant. */
  async tick(): Promise<void> {
    await this.advance(this.clock.now().getTime() + HOUR_MS);
  }

  async round(roundId: string): Promise<RoundRecord> {
    const round = await this.store.getRound(roundId);
    if (!round) throw new Error(`round ${roundId} is gone`);
    return round;
  }

  execution(name: string) {
    const listed = this.engine.listExecutions(this.machineArn).executions ?? [];
    const found = listed.find((e) => e.name === name);
    if (!found) throw new Error(`no execution ${name}`);
    return this.engine.describeExecution(found.executionArn!);
  }

  async statuses(roundId: string): Promise<Record<string, string>> {
    const applications = await listRoundApplications(this.deps, roundId);
    return Object.fromEntries(applications.map((a) => [a.applicationId, a.status]));
  }
}

let platform: Platform | undefined;
afterEach(async () => {
  await platform?.stop();
  platform = undefined;
});

// ---------------------------------------------------------------------------------------------
// Generated data
// ---------------------------------------------------------------------------------------------

interface Applicant {
  applicationId: string;
  category: Category;
  /** 0..1: how well reviewers score it. */
  quality: number;
}

/**
 * `count` applications filed in the call and recommended; every fourth (from the third) is an
 * individual one, and the last (an organization) lacks a declaration, so its vetting fails.
 */
async function fileApplications(p: Platform, round: RoundRecord, count: number): Promise<Applicant[]> {
  const applicants: Applicant[] = [];
  for (let i = 0; i < count; i += 1) {
    const applicationId = `${round.roundId}-app${String(i).padStart(2, '0')}`;
    const individual = i % 4 === 2;
    const at = new Date(Date.parse(round.callOpensAt) + (i + 1) * HOUR_MS).toISOString();
    const code = creditCode('140105', `MA0K1${String(i).padStart(4, '0')}`);
    const members: StoredMember[] = individual
      ? await Promise.all(
          Array.from({ length: 1 + (i % 3) }, async (_, m) => {
            const id = idNumber(`${i}${m}`.padStart(3, '0'), '19800101');
            return {
              name: `质量${i}${m}`,
              idNumberEncrypted: await TEST_PII.encrypt(id),
              idHash: TEST_PII.lookupKey(normalizeIdNumber(id)),
              idMasked: `${id.slice(0, 3)}*************${id.slice(-2)}`,
              employer: `太原企业${i}`,
              employerCreditCode: code,
              qualityWorkSince: '2010-01-01',
            };
          }),
        )
      : [];
    const application: ApplicationRecord = {
      version: 0,
      applicationId,
      roundId: round.roundId,
      ownerSub: `applicant-${i}`,
      category: individual ? 'individual' : 'organization',
      displayName: individual ? members.map((m) => m.name).join('、') : `太原第${i}精工有限公司`,
      status: 'recommended',
      jurisdiction: '140105',
      ...(individual
        ? { members }
        : {
            organization: {
              name: `太原第${i}精工有限公司`,
              creditCode: code,
              registeredOn: '2015-05-01',
              industry: 'manufacturing' as const,
              sme: i % 2 === 0,
              contact: {
                name: '王经理',
                phoneEncrypted: await TEST_PII.encrypt('13812345678'),
                phoneMasked: '138****5678',
              },
            },
          }),
      declarations: individual
        ? { employerNoMajorAccident3Years: true, compliesWithLaw: true }
        : { noMajorAccident3Years: true, noBadCreditRecord: i !== count - 1, compliesWithLaw: true },
      selfEvaluation: { items: {}, summary: '自评' },
      conflictCodes: [code],
      subjectKeys: individual ? members.map((m) => m.idHash) : [code],
      vetting: null,
      recommendation: { decision: 'recommend', opinion: '同意推荐', by: 'recommender-140105', at },
      createdAt: at,
      submittedAt: at,
      updatedAt: at,
    };
    await p.store.commit({
      changes: [{ op: 'put', entity: { type: 'application', record: application } }],
      audit: [],
    });
    applicants.push({ applicationId, category: application.category, quality: 0.92 - i * 0.04 });
  }
  return applicants;
}

/** Three reviewers' assignments and score sheets for each application, around its quality. */
async function score(p: Platform, roundId: string, applicants: readonly Applicant[], stage: ReviewStage) {
  for (const applicant of applicants) {
    const rubric = applicant.category === 'organization' ? ORGANIZATION_RUBRIC_2022 : INDIVIDUAL_RUBRIC_2022;
    const changes = [0, 1, 2].flatMap((r) => {
      const reviewerId = `reviewer-${stage}-${r}`;
      const share = Math.min(1, Math.max(0, applicant.quality + (r - 1) * 0.02));
      const items = Object.fromEntries(
        rubric.items.map((item) => [item.itemId, Math.round(item.maxPoints * share)]),
      );
      const at = p.clock.now().toISOString();
      const assignment: AssignmentRecord = {
        version: 0,
        roundId,
        applicationId: applicant.applicationId,
        stage,
        reviewerId,
        status: 'active',
        assignedAt: at,
        assignedBy: STAFF.sub,
      };
      const sheet: ScoreRecord = {
        version: 0,
        roundId,
        applicationId: applicant.applicationId,
        stage,
        reviewerId,
        items,
        total: Object.values(items).reduce((sum, points) => sum + points, 0),
        rubricVersion: rubric.version,
        updatedAt: at,
      };
      return [
        { op: 'put' as const, entity: { type: 'assignment' as const, record: assignment } },
        { op: 'put' as const, entity: { type: 'score' as const, record: sheet } },
      ];
    });
    await p.store.commit({ changes, audit: [] });
  }
}

async function openRound(p: Platform, callOpensAt: string, callClosesAt: string): Promise<RoundRecord> {
  const { round } = await createRound(p.deps, STAFF, {
    title: '太原市政府质量奖评选',
    callOpensAt,
    callClosesAt,
  });
  await p.idle();
  return round;
}

// ---------------------------------------------------------------------------------------------
// The staff's side of each stage (what the portal would do), one step at a time
// ---------------------------------------------------------------------------------------------

/** How many applications go on to on-site review: the best `onsite` of those in review. */
interface Plan {
  applicants: Applicant[];
  onsite: number;
}

/** Does the human work the current stage needs; the flow is then expected to move the round on. */
async function act(p: Platform, roundId: string, plan: Plan): Promise<void> {
  const round = await p.round(roundId);
  await p.tick();
  const applicantsIn = async (status: ApplicationRecord['status']) => {
    const ids = new Set((await listRoundApplications(p.deps, roundId, status)).map((a) => a.applicationId));
    return plan.applicants.filter((a) => ids.has(a.applicationId));
  };
  switch (round.stage) {
    case 'call-open':
      await p.advance(Date.parse(round.callClosesAt) + HOUR_MS);
      return;
    case 'qualification': {
      for (const application of await listRoundApplications(p.deps, roundId, 'recommended')) {
        const passed = application.vetting?.passed === true;
        await recordQualification(p.deps, STAFF, {
          applicationId: application.applicationId,
          decision: passed ? 'qualified' : 'disqualified',
          ...(passed ? {} : { reason: '申报声明不完整（第九条第（六）项）' }),
        });
      }
      await advanceRound(p.deps, STAFF, { roundId, to: 'accepted-publicity' });
      break;
    }
    case 'accepted-publicity':
    case 'winner-publicity': {
      const kind = round.stage === 'accepted-publicity' ? 'accepted' : 'winners';
      const window = await p.store.getWindow(windowIdOf(roundId, kind));
      await p.advance(Date.parse(window!.closesAt) + HOUR_MS);
      return;
    }
    case 'material-review': {
      const inReview = await applicantsIn('in-review');
      await score(p, roundId, inReview, 'material');
      const selected = [...inReview].sort((a, b) => b.quality - a.quality).slice(0, plan.onsite);
      await advanceRound(p.deps, STAFF, {
        roundId,
        to: 'onsite-review',
        selected: selected.map((a) => a.applicationId),
      });
      break;
    }
    case 'onsite-review':
      await score(p, roundId, await applicantsIn('in-review'), 'onsite');
      await advanceRound(p.deps, STAFF, { roundId, to: 'defense' });
      break;
    case 'defense':
      await score(p, roundId, await applicantsIn('in-review'), 'defense');
      await advanceRound(p.deps, STAFF, { roundId, to: 'evaluation' });
      break;
    case 'decision': {
      const ranking = await p.store.getRanking(roundId);
      const tier = (t: string) =>
        ranking!.rows.filter((r) => r.proposedTier === t).map((r) => r.applicationId);
      await recordDecision(p.deps, LEADER, { roundId, award: tier('award'), nomination: tier('nomination') });
      break;
    }
    case 'approval':
      await recordApproval(p.deps, STAFF, {
        roundId,
        documentNo: '并政函〔2026〕88号',
        approvedOn: '2026-10-20',
      });
      break;
    default:
      throw new Error(`nothing for staff to do in stage ${round.stage}`);
  }
  await p.idle();
}

/** Acts stage after stage until the round reaches `until`; fails when the flow stops moving it. */
async function driveUntil(p: Platform, roundId: string, until: RoundStage, plan: Plan): Promise<RoundRecord> {
  for (let step = 0; step < 20; step += 1) {
    const before = await p.round(roundId);
    if (before.stage === until) return before;
    await act(p, roundId, plan);
    const after = await p.round(roundId);
    if (after.stage === before.stage) {
      throw new Error(
        `the round stayed in ${before.stage}: ${JSON.stringify(after.escalations ?? [])} ${JSON.stringify([...p.calls])}`,
      );
    }
  }
  throw new Error(`the round did not reach ${until}`);
}

const countActions = async (p: Platform, entityId: string, action: string): Promise<number> =>
  (await p.store.listAudit(entityId)).filter((e) => e.action === action).length;

const stagesOf = (round: RoundRecord): RoundStage[] => round.stageHistory.map((h) => h.stage);

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('round flow on the local engine', () => {
  it('runs a whole round of 12 applications from the call to the announcement', async () => {
    // Prepare
    platform = await Platform.start('2026-03-01T00:00:00.000Z');
    const p = platform;
    const round = await openRound(p, '2026-03-01T00:00:00.000Z', '2026-05-31T16:00:00.000Z');
    const applicants = await fileApplications(p, round, 12);
    const plan: Plan = { applicants, onsite: 8 };
    const callClose = await p.store.getTaskToken(round.roundId, CALL_CLOSE_WAIT);

    // Act: the call closes at 2026-06-01 00:00 Beijing time (the scheduler resumes the wait)
    await p.advance('2026-06-01T00:00:00.000Z');
    const qualification = await p.round(round.roundId);
    const vetted = await listRoundApplications(p.deps, round.roundId, 'recommended');

    // Act: qualification review, then the accepted list is published
    await act(p, round.roundId, plan);
    const acceptedWindow = await p.store.getWindow(windowIdOf(round.roundId, 'accepted'));
    const accepted = await p.statuses(round.roundId);

    // Act: the window's deadline passes; material review, on-site review, defence, evaluation
    await driveUntil(p, round.roundId, 'decision', plan);
    const ranking = await p.store.getRanking(round.roundId);
    const afterRanking = await p.statuses(round.roundId);

    // Act: the Leading Group decides on 2026-09-28; the proposed winners are publicised
    await p.advance('2026-09-28T01:00:00.000Z');
    await act(p, round.roundId, plan);
    const winnersWindow = await p.store.getWindow(windowIdOf(round.roundId, 'winners'));
    await driveUntil(p, round.roundId, 'announced', plan);
    await p.idle();
    const final = await p.round(round.roundId);
    const statuses = await p.statuses(round.roundId);
    const awards = await p.store.listAwards(round.roundId);
    const awardWinners = applicants.filter((a) =>
      awards.some((w) => w.applicationId === a.applicationId && w.tier === 'award'),
    );
    const bans = await p.store.listSanctionsForSubjects(
      (await Promise.all(awardWinners.map((a) => p.store.getApplication(a.applicationId)))).flatMap(
        (a) => a!.subjectKeys,
      ),
    );

    // Assess: the call closed by itself and every filed application was vetted
    expect(callClose?.dueAt).toBe('2026-05-31T16:00:00.000Z');
    expect(qualification.stage).toBe('qualification');
    expect(vetted).toHaveLength(12);
    expect(vetted.filter((a) => a.vetting?.passed).map((a) => a.applicationId)).toHaveLength(11);
    expect(vetted.find((a) => a.vetting?.passed === false)?.vetting?.findings.map((f) => f.code)).toEqual([
      'DECLARATION_MISSING',
    ]);
    // Assess: 5 working days from 2026-06-01 (09:00 Beijing): 2, 3, 4, 5, 8 June → 24:00 on the 8th
    expect(acceptedWindow).toMatchObject({ kind: 'accepted', closesAt: '2026-06-08T16:00:00.000Z' });
    expect(acceptedWindow?.entries).toHaveLength(11);
    expect(acceptedWindow?.calendarVersion).toMatch(/^2026@/);
    expect(Object.values(accepted).filter((s) => s === 'accepted')).toHaveLength(11);
    // Assess: 8 went on to on-site review, 3 were not selected; the 8 were ranked
    expect(Object.values(afterRanking).filter((s) => s === 'not-selected')).toHaveLength(3);
    expect(Object.values(afterRanking).filter((s) => s === 'candidate')).toHaveLength(8);
    expect(ranking?.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ranking?.rows[0]?.applicationId).toBe(applicants[0]?.applicationId);
    expect(ranking?.rows.filter((r) => r.proposedTier === 'award')).toHaveLength(5);
    // Assess: published 2026-09-28 → closes 2026-10-10 24:00 (National Day, 10 Oct is a make-up day)
    expect(winnersWindow).toMatchObject({ kind: 'winners', closesAt: '2026-10-10T16:00:00.000Z' });
    expect(winnersWindow?.entries.map((e) => e.tier)).toEqual([
      'award',
      'award',
      'award',
      'award',
      'award',
      'nomination',
      'nomination',
      'nomination',
    ]);
    // Assess: announced; every proposed winner awarded, award-tier winners barred for 2 rounds
    expect(final.stage).toBe('announced');
    expect(stagesOf(final)).toEqual([
      'call-open',
      'qualification',
      'accepted-publicity',
      'material-review',
      'onsite-review',
      'defense',
      'evaluation',
      'decision',
      'winner-publicity',
      'approval',
      'announced',
    ]);
    expect(Object.values(statuses).filter((s) => s === 'awarded')).toHaveLength(8);
    expect(Object.values(statuses).filter((s) => s === 'disqualified')).toHaveLength(1);
    expect(awards).toHaveLength(8);
    expect(awards.every((a) => a.documentNo === '并政函〔2026〕88号' && a.awardedOn === '2026-10-20')).toBe(
      true,
    );
    expect(bans.length).toBeGreaterThanOrEqual(5);
    expect(
      bans.every(
        (b) => b.kind === 'award-holder' && b.barredFromOrdinal === 2 && b.barredThroughOrdinal === 3,
      ),
    ).toBe(true);
    expect(p.execution(`${round.roundId}-1`).status).toBe('SUCCEEDED');
    expect(final.escalations ?? []).toEqual([]);
    expect(Object.fromEntries(p.calls)).toMatchObject({
      'close-call': 1,
      'open-window': 2,
      'settle-window': 2,
      'select-for-onsite': 1,
      'compute-ranking': 1,
      announce: 1,
    });
    expect(p.calls.get('record-escalation')).toBeUndefined();
  }, 300_000);

  it('strikes an application whose objection is upheld, after the round waited for the outcome', async () => {
    // Prepare
    platform = await Platform.start('2026-03-01T00:00:00.000Z');
    const p = platform;
    const round = await openRound(p, '2026-03-01T00:00:00.000Z', '2026-04-30T16:00:00.000Z');
    const applicants = await fileApplications(p, round, 4);
    const plan: Plan = { applicants, onsite: 3 };
    await driveUntil(p, round.roundId, 'accepted-publicity', plan);
    const target = applicants[1]!.applicationId;
    const windowId = windowIdOf(round.roundId, 'accepted');
    const { objectionId } = await fileObjection(p.deps, {
      windowId,
      applicationId: target,
      name: '张三',
      phone: '13912345678',
      creditCode: creditCode('140105', 'MA0K19999'),
      content: '该企业近三年内发生过重大质量事故，请核查。',
    });

    // Act: the deadline passes with the objection pending
    const window = await p.store.getWindow(windowId);
    const sweep = await p.advance(Date.parse(window!.closesAt) + HOUR_MS);
    const waiting = await p.round(round.roundId);
    const waitingWindow = await p.store.getWindow(windowId);
    const objectionsWait = await p.store.getTaskToken(round.roundId, objectionsWaitFor(windowId));

    // Act: staff uphold it
    await p.tick();
    await resolveObjection(p.deps, STAFF, {
      objectionId,
      outcome: 'upheld',
      findings: '经核查情况属实，取消其受理资格。',
    });
    await p.idle();
    const settled = await p.round(round.roundId);
    const settledWindow = await p.store.getWindow(windowId);
    const statuses = await p.statuses(round.roundId);

    // Assess
    expect(sweep.closed).toEqual([windowId]);
    expect(waiting.stage).toBe('accepted-publicity');
    expect(waitingWindow?.status).toBe('awaiting-objections');
    expect(objectionsWait).not.toBeNull();
    expect(settled.stage).toBe('material-review');
    expect(settledWindow).toMatchObject({ status: 'closed', struck: [target] });
    expect(statuses[target]).toBe('struck');
    expect(Object.values(statuses).filter((s) => s === 'in-review')).toHaveLength(2);
    expect(await countActions(p, target, 'application.struck')).toBe(1);
  }, 300_000);

  it('records an escalation when a wait times out, keeps waiting, and then finishes the round', async () => {
    // Prepare
    platform = await Platform.start('2026-01-05T00:00:00.000Z');
    const p = platform;
    const round = await openRound(p, '2026-01-05T00:00:00.000Z', '2026-01-31T16:00:00.000Z');
    const applicants = await fileApplications(p, round, 4);
    const plan: Plan = { applicants, onsite: 3 };
    await driveUntil(p, round.roundId, 'qualification', plan);
    const before = await p.store.getTaskToken(round.roundId, stageWait('qualification'));

    // Act: nobody does the qualification review for more than 180 days
    await p.advance(Date.parse('2026-02-01T00:00:00.000Z') + 181 * DAY_MS);
    const escalated = await p.round(round.roundId);
    const after = await p.store.getTaskToken(round.roundId, stageWait('qualification'));
    const running = p.execution(`${round.roundId}-1`).status;
    await driveUntil(p, round.roundId, 'announced', plan);
    await p.idle();

    // Assess
    expect(escalated.stage).toBe('qualification');
    expect(escalated.escalations).toHaveLength(1);
    expect(escalated.escalations?.[0]).toMatchObject({ waitingFor: stageWait('qualification') });
    expect(escalated.escalations?.[0]?.note).toContain('超时');
    expect(await countActions(p, round.roundId, 'round.escalated')).toBe(1);
    expect(before).not.toBeNull();
    expect(after?.token).toBeDefined();
    expect(after?.token).not.toBe(before?.token);
    expect(running).toBe('RUNNING');
    expect((await p.round(round.roundId)).stage).toBe('announced');
    expect(p.execution(`${round.roundId}-1`).status).toBe('SUCCEEDED');
  }, 300_000);

  it('records a failing task, retries it after the delay, and goes on once staff fixed the cause', async () => {
    // Prepare: the accepted list is published on 2026-12-28; its 5 working days reach into 2027,
    // for which no calendar is loaded (the seed ends with 2026)
    platform = await Platform.start('2026-11-01T00:00:00.000Z');
    const p = platform;
    const round = await openRound(p, '2026-11-01T00:00:00.000Z', '2026-12-27T16:00:00.000Z');
    const applicants = await fileApplications(p, round, 3);
    const plan: Plan = { applicants, onsite: 2 };
    await driveUntil(p, round.roundId, 'qualification', plan);

    // Act: staff publish the list. The API checks the notice's end against its own calendar (here a
    // provisional 2027 rolled out to the API functions before the task functions, a deployment
    // skew); the task, without 2027, fails with CALENDAR_NOT_AVAILABLE (not retried at once).
    for (const application of await listRoundApplications(p.deps, round.roundId, 'recommended')) {
      await recordQualification(p.deps, STAFF, {
        applicationId: application.applicationId,
        decision: 'qualified',
      });
    }
    const provisional2027 = { year: 2027, holidays: ['2027-01-01'], workdays: [], source: '预排（测试）' };
    const apiDeps: Deps = {
      ...p.deps,
      config: { ...p.deps.config, seedCalendarYears: [...p.deps.config.seedCalendarYears, provisional2027] },
    };
    await advanceRound(apiDeps, STAFF, { roundId: round.roundId, to: 'accepted-publicity' });
    await p.idle();
    const failed = await p.round(round.roundId);
    const opensTried = p.calls.get('open-window');
    const retryWait = await p.store.getTaskToken(round.roundId, RETRY_WAIT);

    // Act: staff load the 2027 notice; an hour later the flow tries again
    await putCalendarYear(p.deps, STAFF, {
      year: 2027,
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
      workdays: [],
      source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
    });
    await p.advance(p.clock.now().getTime() + HOUR_MS + 60_000);
    const window = await p.store.getWindow(windowIdOf(round.roundId, 'accepted'));

    // Assess
    expect(failed.stage).toBe('accepted-publicity');
    expect(failed.escalations).toHaveLength(1);
    expect(failed.escalations?.[0]).toMatchObject({ waitingFor: taskWaitingFor('OpenAcceptedWindow') });
    expect(failed.escalations?.[0]?.note).toContain('CALENDAR_NOT_AVAILABLE');
    expect(opensTried).toBe(1);
    expect(retryWait).not.toBeNull();
    expect(window?.status).toBe('open');
    expect(window?.calendarVersion).toMatch(/^2026@.+\+2027@/);
    expect(p.calls.get('open-window')).toBe(2);
    expect(p.execution(`${round.roundId}-1`).status).toBe('RUNNING');
  }, 300_000);

  it('closes a window exactly once when two sweeps run at the same time', async () => {
    // Prepare
    platform = await Platform.start('2026-03-01T00:00:00.000Z');
    const p = platform;
    const round = await openRound(p, '2026-03-01T00:00:00.000Z', '2026-04-30T16:00:00.000Z');
    const applicants = await fileApplications(p, round, 4);
    const plan: Plan = { applicants, onsite: 3 };
    await p.clock.advanceTo(new Date('2026-05-01T00:00:00.000Z'));
    p.rendezvous.arm(2, isClosingCommit);
    const callSweeps = await Promise.all([p.runSweep(), p.runSweep()]);
    p.rendezvous.disarm();
    await driveUntil(p, round.roundId, 'accepted-publicity', plan);
    const windowId = windowIdOf(round.roundId, 'accepted');
    const window = await p.store.getWindow(windowId);
    await p.clock.advanceTo(new Date(Date.parse(window!.closesAt) + HOUR_MS));
    const settlesBefore = p.calls.get('settle-window') ?? 0;

    // Act: both runs reach their conditional write of the window together
    p.rendezvous.arm(2, isClosingCommit);
    const sweeps = await Promise.all([p.runSweep(), p.runSweep()]);
    p.rendezvous.disarm();
    await p.idle();
    const again = await p.runSweep();
    const after = await p.round(round.roundId);

    // Assess: the call closed once, the window closed once, and the flow went on once
    expect(p.rendezvous.met).toBe(2);
    expect(callSweeps.flatMap((s) => s.resumed)).toEqual([`${round.roundId}/call-close`]);
    expect(p.calls.get('close-call')).toBe(1);
    expect(sweeps.flatMap((s) => s.closed)).toEqual([windowId]);
    expect(sweeps.flatMap((s) => s.failedWindows)).toEqual([]);
    expect(again.closed).toEqual([]);
    expect(await countActions(p, windowId, 'window.closed')).toBe(1);
    expect((p.calls.get('settle-window') ?? 0) - settlesBefore).toBe(1);
    expect(after.stage).toBe('material-review');
    expect(stagesOf(after).filter((s) => s === 'material-review')).toHaveLength(1);
  }, 300_000);

  it('resumes a round from its stored stage after the engine restarts, losing nothing', async () => {
    // Prepare: a round whose accepted list is being publicised
    platform = await Platform.start('2026-03-01T00:00:00.000Z');
    const p = platform;
    const round = await openRound(p, '2026-03-01T00:00:00.000Z', '2026-04-30T16:00:00.000Z');
    const applicants = await fileApplications(p, round, 4);
    const plan: Plan = { applicants, onsite: 2 };
    await driveUntil(p, round.roundId, 'accepted-publicity', plan);

    // Act: restart while the window is open; the new execution starts at the stored stage
    await p.stopEngine();
    const aborted = p.execution(`${round.roundId}-1`).status;
    await p.startEngine();
    await p.deps.workflow.startRound({
      roundId: round.roundId,
      resumeAt: (await p.round(round.roundId)).stage,
      executionName: `${round.roundId}-2`,
    });
    await p.idle();
    await driveUntil(p, round.roundId, 'decision', plan);

    // Act: the engine goes down, the leader decides meanwhile, the engine comes back
    await p.stopEngine();
    await act(p, round.roundId, plan);
    const decidedWhileDown = await p.round(round.roundId);
    await p.startEngine();
    await p.deps.workflow.startRound({
      roundId: round.roundId,
      resumeAt: decidedWhileDown.stage,
      executionName: `${round.roundId}-3`,
    });
    await p.idle();
    const resumedAt = await p.round(round.roundId);
    await driveUntil(p, round.roundId, 'announced', plan);
    await p.idle();
    const final = await p.round(round.roundId);
    const statuses = await p.statuses(round.roundId);

    // Assess
    expect(aborted).toBe('ABORTED');
    // The new flow found the decision already recorded and went on at once, without a sweep.
    expect(resumedAt.stage).toBe('winner-publicity');
    expect(decidedWhileDown.stage).toBe('decision');
    expect(final.stage).toBe('announced');
    expect(new Set(stagesOf(final)).size).toBe(stagesOf(final).length);
    expect(final.windowIds).toEqual([
      windowIdOf(round.roundId, 'accepted'),
      windowIdOf(round.roundId, 'winners'),
    ]);
    expect(await countActions(p, windowIdOf(round.roundId, 'accepted'), 'window.opened')).toBe(1);
    expect(Object.values(statuses).sort()).toEqual(['awarded', 'awarded', 'disqualified', 'not-selected']);
    expect(await p.store.listAwards(round.roundId)).toHaveLength(2);
    expect(p.execution(`${round.roundId}-3`).status).toBe('SUCCEEDED');
  }, 300_000);
});
