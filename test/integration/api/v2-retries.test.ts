/**
 * README "Exactly once across crashes", the v2 routes' read-backs over HTTP on DynamoDB Local: each
 * keyed request's response is lost (the idempotency store fails to keep it, as a process dying
 * between the commit and the stored response leaves it) and its claim left to expire; the retry
 * with the same key must answer what the first run answered — not a 409 for "already issued", a
 * second audit entry or a twin. The local platform kills real processes at each point in
 * test/integration/local/crash-matrix.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { afterAwardRoutes } from '../../../functions/handlers/api/after-award.ts';
import { applicationsRoutes } from '../../../functions/handlers/api/applications.ts';
import { awardsRoutes } from '../../../functions/handlers/api/awards.ts';
import { reviewRoutes } from '../../../functions/handlers/api/review.ts';
import { roundsRoutes } from '../../../functions/handlers/api/rounds.ts';
import type { Store, UnitOfWork } from '../../../functions/ports/store.ts';
import { InMemoryIdempotencyStore } from '../../../functions/shared/idempotency.ts';
import { apiHarness, type HttpResponse, type PEOPLE } from '../../support/api-harness.ts';
import {
  creditCode,
  reviewDeps,
  seedApplication,
  seedAward,
  seedReviewer,
  seedRound,
} from '../../support/review-fixtures.ts';

/** Claims and releases, but never keeps the first response of a key (the process died first). */
class StoreLosingFirstResponses extends InMemoryIdempotencyStore {
  readonly #lost = new Set<string>();
  override async complete(...args: Parameters<InMemoryIdempotencyStore['complete']>): Promise<void> {
    if (!this.#lost.has(args[0])) {
      this.#lost.add(args[0]);
      throw new Error('process died');
    }
    return super.complete(...args);
  }
}

/** Commits left before the process dies in the middle of a request (undefined: it does not). */
let commitsBeforeCrash: number | undefined;

/** The test's store, but the commit after `commitsBeforeCrash` more fails once, as a dead process's would. */
const crashingStore = (store: Store): Store =>
  new Proxy(store, {
    get(target, property) {
      if (property === 'commit') {
        return async (unit: UnitOfWork) => {
          if (commitsBeforeCrash !== undefined && commitsBeforeCrash-- === 0) {
            commitsBeforeCrash = undefined;
            throw new Error('process died');
          }
          return target.commit(unit);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

const http = apiHarness({
  prefix: 'retry',
  now: '2027-03-01T02:00:00Z',
  routes: () => [
    ...afterAwardRoutes,
    ...awardsRoutes,
    ...roundsRoutes,
    ...applicationsRoutes,
    ...reviewRoutes,
  ],
  deps: ({ store, clock, workflow }) => reviewDeps(crashingStore(store), clock, workflow),
  idempotencyStore: (clock) => new StoreLosingFirstResponses(clock),
});

type Person = keyof typeof PEOPLE;

/**
 * Sends the keyed request, lets its lost claim expire, retries and replays it; returns the three
 * answers. The first is what the client would have seen had the process lived.
 */
async function sendAcrossCrash(
  method: string,
  path: string,
  body: unknown,
  key: string,
  as: Person = 'staff',
) {
  const options = { as, body, headers: { 'idempotency-key': key } };
  const first = await http.call(method, path, options);
  http.fx.clock.set(new Date(http.fx.clock.now().getTime() + 61_000)); // the dead run's claim expires
  const retry = await http.call(method, path, options);
  const replay = await http.call(method, path, options);
  return { first, retry, replay };
}

function expectSameAnswer({ first, retry, replay }: Record<'first' | 'retry' | 'replay', HttpResponse>) {
  expect(retry.status, JSON.stringify(retry.body)).toBe(first.status);
  expect(retry.headers.get('idempotency-replayed')).toBeNull();
  expect(retry.body).toEqual(first.body);
  expect(replay.headers.get('idempotency-replayed')).toBe('true');
  expect(replay.body).toEqual(first.body);
}

async function actionsOf(entityId: string): Promise<string[]> {
  const audit = await http.call('GET', `/v1/audit?entityId=${entityId}`, { as: 'supervisor' });
  return audit.body.map((e: { action: string }) => e.action);
}

async function seedAwardOfRound(stage: 'announced' | 'approval' = 'announced') {
  await seedRound(http.fx, { roundId: 'r1', ordinal: 1, stage });
  await seedApplication(http.fx, { applicationId: 'app-1', roundId: 'r1', status: 'awarded', tier: 'award' });
  await seedAward(http.fx, {
    awardId: 'aw-1',
    roundId: 'r1',
    applicationId: 'app-1',
    validThroughOrdinal: 3,
  });
}

describe('keyed v2 writes retried after a crash between the commit and the stored response', () => {
  it('PUT rewards and review-settings: the round as written, one audit entry each', async () => {
    // Prepare
    await seedRound(http.fx, { roundId: 'r1', ordinal: 1, stage: 'approval' });
    // Act
    const rewards = await sendAcrossCrash(
      'PUT',
      '/v1/rounds/r1/rewards',
      { award: { bonusYuan: 500000 }, nomination: { bonusYuan: 100000 } },
      'k-rewards',
    );
    const settings = await sendAcrossCrash(
      'PUT',
      '/v1/rounds/r1/review-settings',
      { loadLimits: { material: 3 } },
      'k-settings',
    );
    // Assess
    expectSameAnswer(rewards);
    expectSameAnswer(settings);
    expect(settings.retry.body.reviewSettings.loadLimits).toEqual({ material: 3 });
    expect(await actionsOf('r1')).toEqual(['round.rewards-changed', 'round.review-settings-replaced']);
  });

  it('issuance, recovery, a visit and its closure: the award as recorded, never "already recorded"', async () => {
    // Prepare
    await seedAwardOfRound();
    // Act
    const issued = await sendAcrossCrash(
      'POST',
      '/v1/awards/aw-1/issuance',
      { item: 'trophy', on: '2027-01-10' },
      'k-issue',
    );
    const visit = await sendAcrossCrash(
      'POST',
      '/v1/awards/aw-1/visits',
      {
        visitedOn: '2027-02-01',
        visitors: ['评选办 王工'],
        findings: '质量记录不完整。',
        rating: 'needs-improvement',
        actions: [{ item: '补全质量记录', dueOn: '2027-04-01' }],
      },
      'k-visit',
    );
    const closure = await sendAcrossCrash(
      'POST',
      `/v1/visits/${visit.first.body.visitId}/actions/0/closure`,
      { closedOn: '2027-02-20', note: '已补全。' },
      'k-close',
    );
    const revoked = await http.call('POST', '/v1/awards/aw-1/revocation', {
      as: 'staff',
      body: { reason: 'fraud', findings: '经查，申报材料弄虚作假。' },
    });
    const recovery = await sendAcrossCrash(
      'POST',
      '/v1/awards/aw-1/recovery',
      { item: 'trophy', on: '2027-03-01' },
      'k-recover',
    );
    // Assess
    for (const answer of [issued, visit, closure, recovery]) expectSameAnswer(answer);
    expect(issued.retry.status).toBe(200);
    expect(visit.retry.status).toBe(201);
    expect(closure.retry.body.actions[0].closedOn).toBe('2027-02-20');
    expect(revoked.status).toBe(200);
    expect(recovery.retry.body.recovery.trophy.on).toBe('2027-03-01');
    expect(await actionsOf('aw-1')).toEqual([
      'award.trophy-issued',
      'award.visited',
      'award.revoked',
      'award.trophy-recovered',
    ]);
    expect(await actionsOf(visit.first.body.visitId)).toEqual(['visit.recorded', 'visit.action-closed']);
  });

  it('POST /v1/awards/imports: the imported round and awards, not its own records as a conflict', async () => {
    // Act
    const imported = await sendAcrossCrash(
      'POST',
      '/v1/awards/imports',
      {
        ordinal: 1,
        title: '第一届太原市政府质量奖',
        approvedOn: '2025-12-30',
        documentNo: '并政发〔2025〕60号',
        winners: [
          {
            category: 'organization',
            displayName: '太原甲公司',
            tier: 'award',
            creditCode: creditCode(31),
          },
          {
            category: 'organization',
            displayName: '太原乙公司',
            tier: 'award',
            creditCode: creditCode(32),
          },
        ],
      },
      'k-import',
    );
    // Assess
    expectSameAnswer(imported);
    expect(imported.retry.status).toBe(201);
    expect(await actionsOf('round-1')).toEqual(['round.imported']);
    const bans = await http.call('GET', `/v1/sanctions?subject=${creditCode(32)}`, { as: 'staff' });
    expect(bans.body.map((b: { kind: string }) => b.kind)).toEqual(['award-holder']);
  });

  it('POST /v1/awards/imports died between its commits: the retry completes it, each ban once', async () => {
    // Prepare: the round and the first award (with its ban) commit, the second award's commit dies.
    commitsBeforeCrash = 2;
    const body = {
      ordinal: 1,
      title: '第一届太原市政府质量奖',
      approvedOn: '2025-12-30',
      documentNo: '并政发〔2025〕60号',
      winners: [
        { category: 'organization', displayName: '太原甲公司', tier: 'award', creditCode: creditCode(41) },
        { category: 'organization', displayName: '太原乙公司', tier: 'award', creditCode: creditCode(42) },
      ],
    };
    const options = { as: 'staff' as const, body, headers: { 'idempotency-key': 'k-import-torn' } };
    // Act
    const died = await http.call('POST', '/v1/awards/imports', options);
    const retry = await http.call('POST', '/v1/awards/imports', options);
    // Assess
    expect(died.status).toBe(500);
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    expect(retry.body.awards.map((a: { displayName: string }) => a.displayName)).toEqual([
      '太原甲公司',
      '太原乙公司',
    ]);
    const banIds: string[] = [];
    for (const serial of [41, 42]) {
      const bans = await http.call('GET', `/v1/sanctions?subject=${creditCode(serial)}`, { as: 'staff' });
      expect(bans.body.map((b: { kind: string }) => b.kind)).toEqual(['award-holder']);
      banIds.push(bans.body[0].sanctionId);
    }
    // Each ban under an id of its own, audited once (a re-run must not hand the second winner's ban the first's id).
    expect(new Set(banIds).size).toBe(2);
    for (const sanctionId of banIds) expect(await actionsOf(sanctionId)).toEqual(['sanction.created']);
  });

  it('a draw, a withdrawal and a slot: the draw as drawn, the panel as changed, the slot as set', async () => {
    // Prepare
    await seedRound(http.fx, { roundId: 'r1', ordinal: 1, stage: 'material-review' });
    await seedApplication(http.fx, { applicationId: 'app-1', roundId: 'r1', status: 'in-review' });
    for (const id of ['rev-1', 'rev-2', 'rev-3']) await seedReviewer(http.fx, { reviewerId: id });
    // Act
    const draw = await sendAcrossCrash(
      'POST',
      '/v1/rounds/r1/assignments/draw',
      { stage: 'material', panelSize: 2, seed: 'matrix' },
      'k-draw',
    );
    const drawn = draw.first.body.assignments[0].drawn as string[];
    const spare = ['rev-1', 'rev-2', 'rev-3'].find((id) => !drawn.includes(id));
    const withdrawal = await sendAcrossCrash(
      'POST',
      '/v1/rounds/r1/assignments/withdrawal',
      {
        stage: 'material',
        applicationId: 'app-1',
        reviewerId: drawn[0],
        reason: '该专家因病无法参加评审。',
        replacementId: spare,
      },
      'k-withdraw',
    );
    const slot = await sendAcrossCrash(
      'PUT',
      '/v1/rounds/r1/schedule/app-1',
      {
        stage: 'onsite',
        startsAt: '2027-03-10T09:00:00+08:00',
        endsAt: '2027-03-10T12:00:00+08:00',
        venue: '会议室',
      },
      'k-slot',
    );
    // Assess
    for (const answer of [draw, withdrawal, slot]) expectSameAnswer(answer);
    expect(draw.retry.status).toBe(201);
    expect(draw.retry.body.drawId).toEqual(expect.any(String));
    expect(withdrawal.retry.body.replacement.reviewerId).toBe(spare);
    expect(await actionsOf('r1')).toEqual(['assignment.drawn']);
    expect(await actionsOf('app-1')).toEqual([
      'assignment.drawn',
      'assignment.withdrawn',
      'assignment.created',
      'schedule.created',
    ]);
  });
});
