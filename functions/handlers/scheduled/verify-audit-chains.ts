/**
 * The daily audit chain check (EventBridge Scheduler on AWS; the platform's scheduler loop or
 * `POST /dev/verify-audit-chains` locally): recomputes every chain and publishes the number of
 * broken ones as the `AuditChainBreaks` metric, which alarms (platform-alarms.ts) at 1.
 */
import type { Deps } from '../../ports/deps.ts';
import { logger } from '../../shared/logger.ts';
import { emfLine } from '../../shared/metrics.ts';
import { type AuditChainsReport, verifyAuditChains } from '../../use-cases/verify-audit-chains.ts';
import { taskLambda } from '../lambda.ts';
import { liveDeps } from '../live-deps.ts';
import { liveStore } from '../live-dynamodb.ts';

/**
 * The metric's dimension, the function's Powertools service name (`{prefix}-audit-chain-verifier`):
 * several platforms (dev, test, prod) may share an account.
 */
export const AUDIT_METRIC_DIMENSION = 'Service';

export function buildHandler(
  deps: Deps,
  service = process.env.POWERTOOLS_SERVICE_NAME ?? 'local',
  /** Where the EMF line goes: stdout, which Lambda ships to CloudWatch Logs. */
  writeLine: (line: string) => void = (line) => console.log(line),
): (event?: unknown) => Promise<AuditChainsReport> {
  return async () => {
    const report = await verifyAuditChains(deps);
    writeLine(
      emfLine(
        deps.clock.now(),
        { [AUDIT_METRIC_DIMENSION]: service },
        { AuditChainBreaks: report.breaks.length, AuditChainsVerified: report.chains },
      ),
    );
    if (report.breaks.length > 0) logger.error('audit chains broken', { ...report });
    else logger.info('audit chains verified', { chains: report.chains, entries: report.entries });
    return report;
  };
}

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore);

/** The Lambda function (deps built on the first invocation). */
export const handler = taskLambda((deps) => buildHandler(deps), live);
