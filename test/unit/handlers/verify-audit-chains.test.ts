import { describe, expect, it } from 'vitest';
import { buildHandler } from '../../../functions/handlers/scheduled/verify-audit-chains.ts';
import { reviewFixture } from '../../support/review-fixtures.ts';

const event = (entityId: string) => ({
  entityId,
  entityType: 'application',
  action: 'application.updated',
  actor: 'staff-1',
  role: 'staff',
  at: '2026-07-01T00:00:00.000Z',
});

describe('the scheduled audit chain verifier', () => {
  it('publishes the number of broken chains as an EMF metric line', async () => {
    // Prepare
    const fx = reviewFixture();
    await fx.store.commit({ changes: [], audit: [event('a'), event('b')] });
    fx.store.tamperWithAuditEntry('b', 1, { role: 'supervisor' });
    const lines: string[] = [];
    const verify = buildHandler(fx.deps, 'tqa-audit-chain-verifier', (line) => lines.push(line));

    // Act
    const report = await verify({ source: 'audit-chains' });

    // Assess
    expect(report.breaks).toEqual([{ entityId: 'b', seq: 1, reason: 'hash' }]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      _aws: {
        Timestamp: fx.deps.clock.now().getTime(),
        CloudWatchMetrics: [
          {
            Namespace: 'TaiyuanQualityAward',
            Dimensions: [['Service']],
            Metrics: [
              { Name: 'AuditChainBreaks', Unit: 'Count' },
              { Name: 'AuditChainsVerified', Unit: 'Count' },
            ],
          },
        ],
      },
      Service: 'tqa-audit-chain-verifier',
      AuditChainBreaks: 1,
      AuditChainsVerified: 2,
    });
  });
});
