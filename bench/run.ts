/**
 * `npm run bench` runs every benchmark; `npm run bench -- cold-start` (or several names) runs those.
 * Each prints its table and writes bench/results/{name}.json; docs/benchmarks.md quotes them.
 */
import './lib/quiet.ts';
import { runColdStart } from './cold-start.ts';
import { runDynamoDbRequests } from './ddb-requests.ts';
import { runDraw } from './draw.ts';
import { runDynamoDbDurability } from './dynamodb-durability.ts';
import { runExports } from './exports.ts';
import { runPublicityClose } from './publicity-close.ts';
import { runRoundScale } from './round-scale.ts';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  'cold-start': runColdStart,
  'ddb-requests': runDynamoDbRequests,
  'round-scale': runRoundScale,
  'publicity-close': runPublicityClose,
  'dynamodb-durability': runDynamoDbDurability,
  exports: runExports,
  draw: runDraw,
};

const requested = process.argv.slice(2).filter((arg) => arg !== '--');
const unknown = requested.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
for (const name of requested.length > 0 ? requested : Object.keys(BENCHMARKS)) {
  console.log(`\n## ${name}\n`);
  const started = performance.now();
  await (BENCHMARKS[name] as () => Promise<void>)();
  console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
