/**
 * Fixtures of the workflow use-case tests: the round fakes (memory store, settable clock, recording
 * workflow), complete applications (vetting reads their organization or members), windows and
 * objections, and a store that can be told to lose a race.
 */
import { DomainError } from '../../../../functions/domain/errors.ts';
import type { ApplicationStatus, Tier } from '../../../../functions/domain/model.ts';
import type {
  ApplicationRecord,
  ObjectionRecord,
  StoredMember,
  WindowRecord,
} from '../../../../functions/ports/records.ts';
import type { Store, UnitOfWork } from '../../../../functions/ports/store.ts';
import { creditCode, idNumber } from '../../../support/applications-fixtures.ts';
import type { RoundFixture } from '../../../support/rounds-fakes.ts';

export { roundFixture, seedRound, seedToken } from '../../../support/rounds-fakes.ts';
export type { RoundFixture };

/** Runs `promise` and returns the DomainError it rejects with (fails the test otherwise). */
export async function caught(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const save = async (fx: RoundFixture, application: ApplicationRecord): Promise<ApplicationRecord> => {
  await fx.store.commit({
    changes: [{ op: 'put', entity: { type: 'application', record: application } }],
    audit: [],
  });
  return { ...application, version: 1 };
};

/** What every stored application has, whatever its category. */
function common(roundId: string, applicationId: string, status: ApplicationStatus) {
  return {
    version: 0,
    applicationId,
    roundId,
    ownerSub: `owner-${applicationId}`,
    status,
    jurisdiction: '140105',
    selfEvaluation: { items: {}, summary: '' },
    vetting: null,
    createdAt: '2026-03-02T00:00:00.000Z',
    submittedAt: '2026-03-02T00:00:00.000Z',
    updatedAt: '2026-03-02T00:00:00.000Z',
  };
}

/** Stores a complete organization application (valid Taiyuan credit code, all declarations). */
export function putApplication(
  fx: RoundFixture,
  roundId: string,
  applicationId: string,
  status: ApplicationStatus,
  patch: Partial<ApplicationRecord> = {},
): Promise<ApplicationRecord> {
  const code = creditCode('140105', `MA0K1${applicationId.replace(/\D/g, '').padStart(4, '0').slice(-4)}`);
  return save(fx, {
    ...common(roundId, applicationId, status),
    category: 'organization',
    displayName: `企业${applicationId}`,
    organization: {
      name: `企业${applicationId}`,
      creditCode: code,
      registeredOn: '2015-05-01',
      industry: 'manufacturing',
      sme: true,
      contact: { name: '王经理', phoneEncrypted: 'enc:13812345678', phoneMasked: '138****5678' },
    },
    declarations: { noMajorAccident3Years: true, noBadCreditRecord: true, compliesWithLaw: true },
    conflictCodes: [code],
    subjectKeys: [code],
    ...patch,
  });
}

/** Stores an individual (joint) application of `members` people. */
export function putIndividual(
  fx: RoundFixture,
  roundId: string,
  applicationId: string,
  status: ApplicationStatus,
  members: number,
  patch: Partial<ApplicationRecord> = {},
): Promise<ApplicationRecord> {
  const stored: StoredMember[] = Array.from({ length: members }, (_, i) => {
    const id = idNumber(`${i}${i}${i}`);
    return {
      name: `成员${i}`,
      idNumberEncrypted: `enc:${id}`,
      idHash: `hash:${id}`,
      idMasked: `${id.slice(0, 3)}*************${id.slice(-2)}`,
      employer: '太原精工机械有限公司',
      employerCreditCode: creditCode(),
      qualityWorkSince: '2010-01-01',
    };
  });
  return save(fx, {
    ...common(roundId, applicationId, status),
    category: 'individual',
    displayName: stored.map((m) => m.name).join('、'),
    members: stored,
    declarations: { employerNoMajorAccident3Years: true, compliesWithLaw: true },
    conflictCodes: [creditCode()],
    subjectKeys: stored.map((m) => m.idHash),
    ...patch,
  });
}

/** Stores the round's window of `kind` (id `{roundId}-{kind}`), open by default. */
export async function putWindow(
  fx: RoundFixture,
  roundId: string,
  kind: 'accepted' | 'winners',
  entries: { applicationId: string; tier?: Tier }[],
  patch: Partial<WindowRecord> = {},
): Promise<WindowRecord> {
  const window: WindowRecord = {
    version: 0,
    windowId: `${roundId}-${kind}`,
    roundId,
    kind,
    opensAt: '2026-06-01T01:00:00.000Z',
    closesAt: '2026-06-08T16:00:00.000Z',
    minimumClosesAt: '2026-06-08T16:00:00.000Z',
    calendarVersion: '2026@test',
    status: 'open',
    entries: entries.map((e) => ({
      applicationId: e.applicationId,
      displayName: `企业${e.applicationId}`,
      category: 'organization' as const,
      ...(e.tier ? { tier: e.tier } : {}),
    })),
    struck: [],
    ...patch,
  };
  await fx.store.commit({ changes: [{ op: 'put', entity: { type: 'window', record: window } }], audit: [] });
  return { ...window, version: 1 };
}

/** Stores an objection about `applicationId` in `windowId`. */
export async function putObjection(
  fx: RoundFixture,
  roundId: string,
  windowId: string,
  objectionId: string,
  applicationId: string,
  status: ObjectionRecord['status'],
): Promise<ObjectionRecord> {
  const objection: ObjectionRecord = {
    version: 0,
    objectionId,
    windowId,
    roundId,
    applicationId,
    objector: {
      name: '张三',
      phoneEncrypted: 'enc:13912345678',
      phoneMasked: '139****5678',
      creditCode: creditCode(),
    },
    content: '该企业近三年内发生过重大质量事故。',
    status,
    createdAt: '2026-06-02T00:00:00.000Z',
    ...(status === 'pending'
      ? {}
      : { findings: '经核查', resolvedAt: '2026-06-03T00:00:00.000Z', resolvedBy: 'staff-1' }),
  };
  await fx.store.commit({
    changes: [{ op: 'put', entity: { type: 'objection', record: objection } }],
    audit: [],
  });
  return { ...objection, version: 1 };
}

/**
 * A store whose next `times` commits matching `when` run `interfere` (another writer) just before
 * them (it got there first) or just after them.
 */
export function racingStore(
  store: Store,
  when: (unit: UnitOfWork) => boolean,
  interfere: () => Promise<void>,
  options: { times?: number; after?: boolean } = {},
): Store {
  let left = options.times ?? 1;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'commit') return Reflect.get(target, property, receiver);
      return async (unit: UnitOfWork) => {
        const racing = left > 0 && when(unit);
        if (racing) left -= 1;
        if (racing && !options.after) await interfere();
        await target.commit(unit);
        if (racing && options.after) await interfere();
      };
    },
  });
}

/** Statuses of the round's applications by id. */
export async function statusesOf(fx: RoundFixture, ids: readonly string[]): Promise<Record<string, string>> {
  const entries = await Promise.all(ids.map(async (id) => [id, (await fx.store.getApplication(id))?.status]));
  return Object.fromEntries(entries);
}

/** A store whose commits all fail with `error` (a throttled or unreachable table). */
export const failingCommits = (store: Store, error: Error): Store =>
  new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'commit') return () => Promise.reject(error);
      return Reflect.get(target, property, receiver);
    },
  });
