/**
 * The demo's round as an end-to-end test: the whole platform (DynamoDB Local, s3rver, the local
 * Step Functions engine, the scheduler and the gateway) played through the HTTP API only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform, startPlatform } from '../../infra/local/platform.ts';
import { type DemoResult, playDemoRound } from '../../scripts/demo-round.ts';
import { summarize } from '../../scripts/demo-summary.ts';

let platform: Platform;
let result: DemoResult;

beforeAll(async () => {
  platform = await startPlatform({ port: 0, inMemory: true, clockStart: '2026-03-02T09:00:00+08:00' });
  result = await playDemoRound(platform.url);
}, 600_000);

afterAll(async () => {
  await platform?.stop();
});

describe('a whole round through the API', () => {
  it('ends announced', () => {
    expect(result.round.stage).toBe('announced');
  });

  it('refuses each ineligible applicant at submission with the rule it broke', () => {
    const codes = result.refusedAtSubmission.map((r) => r.codes[0]);
    expect(codes).toEqual([
      'NOT_REGISTERED_IN_TAIYUAN',
      'OPERATING_LESS_THAN_3_YEARS',
      'DECLARATION_MISSING',
      'BARRED',
      'QUALITY_WORK_LESS_THAN_3_YEARS',
    ]);
  });

  it('strikes the application whose objection was upheld, with no move-up', () => {
    const struck = result.struck[0]!.displayName;
    expect(result.ranking.map((r) => r.displayName)).not.toContain(struck);
    expect(result.awards.map((a) => a.displayName)).not.toContain(struck);
  });

  it('blocks a reviewer from their own employer (回避)', () => {
    expect(result.conflictBlocked.message).toContain('钱高工');
  });

  it('awards within the quotas of Art. 8, organizations and individuals together', () => {
    const tiers = result.awards.map((a) => a.tier);
    expect(tiers.filter((t) => t === 'award')).toHaveLength(5);
    expect(tiers.filter((t) => t === 'nomination')).toHaveLength(10);
    expect(new Set(result.awards.map((a) => a.category))).toEqual(new Set(['organization', 'individual']));
    const proposed = result.ranking.filter((r) => r.proposedTier).map((r) => r.applicationId);
    expect(result.awards.map((a) => a.applicationId).sort()).toEqual(proposed.sort());
  });

  it('bars award holders from the next two rounds (Art. 6)', () => {
    const ordinal = result.round.ordinal;
    expect(result.bans.length).toBeGreaterThan(0);
    for (const ban of result.bans) expect([ban.from, ban.through]).toEqual([ordinal + 1, ordinal + 2]);
  });

  it('publishes each window for five working days in Beijing time', () => {
    // Published 2026-03-12 → closes at 24:00 on 2026-03-19, the 5th working day after.
    expect(result.accepted.closesAt).toBe('2026-03-19T16:00:00.000Z');
    expect(new Date(result.winners.closesAt).getTime()).toBeGreaterThan(
      new Date(result.winners.opensAt).getTime(),
    );
  });

  it('prints a readable Chinese summary', () => {
    const text = summarize(result);
    expect(text).toContain('获奖名单');
    expect(text).toContain('第六条');
  });
});
