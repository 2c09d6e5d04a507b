/**
 * Writes statemachines/round-flow.asl.json from its description (statemachines/round-flow.ts):
 * `npm run generate:asl`. With `--check` it only compares and exits 1 when the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROUND_FLOW_DEFINITION_PATH } from '../functions/adapters/sfn/definitions.ts';
import { printJson, toAsl } from '../statemachines/flow.ts';
import { ROUND_FLOW } from '../statemachines/round-flow.ts';

/** The command that regenerates the file (quoted by the staleness test). */
export const GENERATE_COMMAND = 'npm run generate:asl';

/** The round flow's ASL text as the description gives it now. */
export const generateRoundFlowAsl = (): string => printJson(toAsl(ROUND_FLOW));

const target = new URL(`../${ROUND_FLOW_DEFINITION_PATH}`, import.meta.url);

// Run as a script (npm run generate:asl), not imported by the staleness test.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const generated = generateRoundFlowAsl();
  if (process.argv.includes('--check')) {
    if (readFileSync(target, 'utf8') !== generated) {
      console.error(`${ROUND_FLOW_DEFINITION_PATH} is stale: run ${GENERATE_COMMAND}`);
      process.exit(1);
    }
  } else {
    writeFileSync(target, generated);
    console.log(`wrote ${ROUND_FLOW_DEFINITION_PATH}`);
  }
}
