/**
 * Least privilege stays true only while function-catalog.ts says what the handlers really do.
 * This test reads each handler's source and the use cases it reaches (its relative imports under
 * functions/, ports, domain and shared left out), recognizes the port calls that need a
 * permission, and compares them with the declared uses: a handler that starts deleting evidence,
 * or stops starting round flows, fails here until the catalog (and so its IAM role) follows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/aws/constructs/platform-function.ts';
import {
  API_GROUPS,
  AUDIT_CHAIN_VERIFIER_FUNCTION,
  apiFunctionSpec,
  type FunctionSpec,
  GENERATE_EXPORT_FUNCTION,
  SWEEP_FUNCTION,
  type Use,
  VERIFY_EVIDENCE_FUNCTION,
  WORKFLOW_PLACEHOLDERS,
  workflowFunctionSpec,
} from '../../infra/aws/function-catalog.ts';

/** Source patterns → the use they need. */
const PATTERNS: [Use, RegExp][] = [
  ['records:commit', /\.commit\(/],
  ['notifications:read', /\blistNotificationReads\(/],
  ['sanctions:read', /\blistSanctions(ForSubjects)?\(/],
  ['sanctions:write', /type: 'sanction'/],
  ['audit:read', /\blistAudit\(/],
  ['evidence:upload', /\bpresignUpload\(/],
  ['evidence:read', /\.(inspect|presignDownload)\(/],
  ['evidence:delete', /\bevidence\.remove\(|\.remove\(/],
  ['evidence:keep', /\bevidence\.keep\(/],
  ['pii', /\bpii\.(encrypt|decrypt|lookupKey)\(/],
  ['flow:start', /\bstartRound\(/],
  ['flow:resume', /\bworkflow\.resume\(|\.resume\(/],
  ['flow:fail', /\bworkflow\.fail\(/],
  [
    'documents:read',
    /\bdocuments\.(exists|readJson|signedDownload)\(|\bdocumentsOf\(deps\)\.(exists|readJson|signedDownload)\(/,
  ],
  ['documents:write', /\bdocuments\.(save|saveStream|saveJson)\(|\bdocumentsOf\(deps\)\.(save|saveJson)\(/],
];

/** Files a handler reaches through relative imports, without ports, domain, the shared stack and the composition root. */
function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const pending = [resolve(REPO_ROOT, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+\.ts)'/g)) {
      const target = resolve(dirname(file), match[1]!);
      if (/\/functions\/(ports|domain|shared|adapters)\//.test(target)) continue;
      // The composition root (lambda.ts → live-deps.ts) wires every port; what a function uses is
      // what its own handler and use cases call.
      if (/\/functions\/handlers\/(lambda|live-deps)\.ts$/.test(target)) continue;
      pending.push(target);
    }
  }
  return [...seen];
}

/** The uses a handler's code shows. */
function derivedUses(spec: FunctionSpec): Set<Use> {
  const sources = reachable(spec.entry).map((file) => readFileSync(file, 'utf8'));
  const uses = new Set<Use>();
  for (const [use, pattern] of PATTERNS) if (sources.some((source) => pattern.test(source))) uses.add(use);
  // The audit trail's reads are `audit:read` (the audit table), not reads of the records.
  if (sources.some((source) => /\bstore\.(get|list)(?!Audit)\w*\(/.test(source))) uses.add('records:read');
  if (uses.has('records:commit')) uses.add('records:read');
  // Idempotency-Key routes keep their records in the idempotency table (live-deps.ts liveIdempotency).
  if (/idempotent: true/.test(readFileSync(resolve(REPO_ROOT, spec.entry), 'utf8'))) uses.add('idempotency');
  return uses;
}

const SPECS: FunctionSpec[] = [
  ...API_GROUPS.map(apiFunctionSpec),
  ...WORKFLOW_PLACEHOLDERS.map(workflowFunctionSpec),
  SWEEP_FUNCTION,
  AUDIT_CHAIN_VERIFIER_FUNCTION,
  VERIFY_EVIDENCE_FUNCTION,
  GENERATE_EXPORT_FUNCTION,
];

describe('function catalog', () => {
  it('names an existing handler file for every function', () => {
    for (const spec of SPECS) expect(existsSync(resolve(REPO_ROOT, spec.entry)), spec.entry).toBe(true);
  });

  it.each(SPECS.map((spec) => [spec.id, spec] as const))(
    'declares exactly the uses %s has in its code',
    (_, spec) => {
      // Act
      const derived = [...derivedUses(spec)].sort();

      // Assess
      expect([...spec.uses].sort()).toEqual(derived);
    },
  );
});
