/**
 * `npx tsx scripts/backfill-audit-indexes.ts --table <audit table> [--region cn-northwest-1]
 * [--page-size 500] [--start-key '<json>'] [--dry-run] [--endpoint http://localhost:8000]`
 *
 * Once per deployment that had audit entries before the audit indexes (README "Deploying to AWS"):
 * gives those entries and chain HEADs their index attributes, so that the supervisors' search and
 * the daily chain verifier see them. Idempotent (a second run reports every item skipped) and
 * resumable: each page prints the key to pass as `--start-key` if the run is interrupted.
 * Credentials come from the environment, as for the AWS CLI.
 */
import { parseArgs } from 'node:util';
import { createDocumentClient } from '../functions/adapters/dynamodb/client.ts';
import { backfillAuditIndexes } from './lib/backfill-audit-indexes.ts';

const { values } = parseArgs({
  options: {
    table: { type: 'string' },
    region: { type: 'string' },
    endpoint: { type: 'string' },
    'page-size': { type: 'string', default: '500' },
    'start-key': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});
if (!values.table) {
  console.error('usage: backfill-audit-indexes.ts --table <audit table name> [--region …] [--dry-run]');
  process.exit(2);
}
const client = createDocumentClient({
  ...(values.region ? { region: values.region } : {}),
  ...(values.endpoint ? { endpoint: values.endpoint } : {}),
});
const result = await backfillAuditIndexes({
  client,
  tableName: values.table,
  pageSize: Number(values['page-size']),
  dryRun: values['dry-run'],
  ...(values['start-key'] ? { startKey: JSON.parse(values['start-key']) as Record<string, unknown> } : {}),
  onPage: (progress) => console.log(JSON.stringify(progress)),
});
console.log(JSON.stringify({ done: true, dryRun: values['dry-run'], ...result }));
client.destroy();
