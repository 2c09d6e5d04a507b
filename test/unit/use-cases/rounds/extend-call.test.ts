import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../functions/domain/errors.ts';
import { extendCall } from '../../../../functions/use-cases/extend-call.ts';
import { CALL_CLOSE_WAIT } from '../../../../functions/use-cases/workflow/waits.ts';
import { roundFixture, STAFF, seedRound, seedToken } from '../../../support/rounds-fakes.ts';

async function caught(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('extendCall', () => {
  it('moves the close later and re-times the call-close wait in the same commit', async () => {
    // Prepare
    const fx = roundFixture('2026-05-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open' });
    await seedToken(fx, 'r-1', CALL_CLOSE_WAIT, '2026-05-31T16:00:00.000Z');

    // Act
    const { round } = await extendCall(fx.deps, STAFF, {
      roundId: 'r-1',
      callClosesAt: '2026-06-15T23:59:59+08:00',
      note: ' 应推荐单位请求延期 ',
    });

    // Assess
    expect(round.callClosesAt).toBe('2026-06-15T15:59:59.000Z');
    expect(round.version).toBe(2);
    expect(await fx.store.getTaskToken('r-1', CALL_CLOSE_WAIT)).toMatchObject({
      dueAt: '2026-06-15T15:59:59.000Z',
      token: 'token-call-close',
      version: 2,
    });
    const [event] = await fx.store.listAudit('r-1');
    expect(event).toMatchObject({
      action: 'round.call-extended',
      before: { callClosesAt: '2026-05-31T16:00:00.000Z' },
      after: { callClosesAt: '2026-06-15T15:59:59.000Z', note: '应推荐单位请求延期' },
    });
  });

  it('works before the flow registered its wait', async () => {
    // Prepare
    const fx = roundFixture('2026-05-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open' });

    // Act
    const { round } = await extendCall(fx.deps, STAFF, {
      roundId: 'r-1',
      callClosesAt: '2026-06-01T00:00:00Z',
    });

    // Assess
    expect(round.callClosesAt).toBe('2026-06-01T00:00:00.000Z');
    expect(await fx.store.getTaskToken('r-1', CALL_CLOSE_WAIT)).toBeNull();
  });

  it('refuses an earlier or equal close on the callClosesAt field', async () => {
    // Prepare
    const fx = roundFixture('2026-05-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open' });

    // Act
    const earlier = await caught(
      extendCall(fx.deps, STAFF, { roundId: 'r-1', callClosesAt: '2026-05-20T00:00:00Z' }),
    );
    const same = await caught(
      extendCall(fx.deps, STAFF, { roundId: 'r-1', callClosesAt: '2026-06-01T00:00:00+08:00' }),
    );
    const garbage = await caught(extendCall(fx.deps, STAFF, { roundId: 'r-1', callClosesAt: 'soon' }));

    // Assess
    for (const error of [earlier, same, garbage]) {
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.findings[0]?.path).toBe('callClosesAt');
    }
    expect((await fx.store.getRound('r-1'))?.callClosesAt).toBe('2026-05-31T16:00:00.000Z');
  });

  it('refuses once the call has closed (stage moved, or close already due)', async () => {
    // Prepare
    const fx = roundFixture('2026-06-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-due', stage: 'call-open' });
    await seedRound(fx, { roundId: 'r-moved', stage: 'qualification' });

    // Act
    const due = await caught(
      extendCall(fx.deps, STAFF, { roundId: 'r-due', callClosesAt: '2026-07-01T00:00:00Z' }),
    );
    const moved = await caught(
      extendCall(fx.deps, STAFF, { roundId: 'r-moved', callClosesAt: '2026-07-01T00:00:00Z' }),
    );

    // Assess
    expect(due.code).toBe('STAGE_CLOSED');
    expect(moved.code).toBe('STAGE_CLOSED');
  });

  it('refuses a close outside the rulebook validity (Art. 31)', async () => {
    // Prepare
    const fx = roundFixture('2026-05-01T00:00:00Z');
    await seedRound(fx, { roundId: 'r-1', stage: 'call-open' });

    // Act
    const error = await caught(
      extendCall(fx.deps, STAFF, { roundId: 'r-1', callClosesAt: '2027-10-15T00:00:00+08:00' }),
    );

    // Assess
    expect(error.code).toBe('RULEBOOK_NOT_IN_FORCE');
  });
});
