/**
 * The composition root on AWS: the adapters a Lambda function works with, built from its
 * environment once per container (the CDK stack sets the variables: infra/aws/constructs/access.ts).
 * The PII keys come from Secrets Manager, so building is asynchronous and happens on the first
 * invocation; importing a handler module builds nothing (tests import them freely).
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { AesGcmPiiProtector } from '../adapters/crypto/pii.ts';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoStore } from '../adapters/dynamodb/dynamo-store.ts';
import { tableNamesFromEnv } from '../adapters/dynamodb/tables.ts';
import { RandomIdGenerator } from '../adapters/ids.ts';
import { S3EvidenceStore } from '../adapters/s3/evidence-store.ts';
import { CachedSecret } from '../adapters/secrets/secrets-manager.ts';
import { sfnRoundWorkflowFromEnv } from '../adapters/sfn/round-workflow.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { chineseDaysSeed } from '../domain/calendar-seed.ts';
import { DEFAULT_EVIDENCE_MAX_BYTES, type Deps, EVIDENCE_CONTENT_TYPES } from '../ports/deps.ts';

const PiiKeys = z.object({ encryptionKey: z.string().min(40), hmacKey: z.string().min(40) });

const Env = z.object({
  EVIDENCE_BUCKET: z.string().min(1),
  PII_KEYS_SECRET_ARN: z.string().min(1),
  EVIDENCE_MAX_BYTES: z.coerce.number().int().positive().default(DEFAULT_EVIDENCE_MAX_BYTES),
  CONSENT_VERSION: z.string().min(1).default('2026-01'),
});

/** Builds the live adapters from `env`; throws a clear message naming a missing variable. */
export async function buildLiveDeps(env: Record<string, string | undefined> = process.env): Promise<Deps> {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Lambda environment incomplete: ${names}`);
  }
  const settings = parsed.data;
  const secret = new CachedSecret(new SecretsManagerClient({}), settings.PII_KEYS_SECRET_ARN, systemClock);
  const keys = PiiKeys.parse(JSON.parse(await secret.value()));
  return {
    store: new DynamoStore(createDocumentClient({}), tableNamesFromEnv(env)),
    evidence: new S3EvidenceStore({ bucket: settings.EVIDENCE_BUCKET, clock: systemClock }),
    workflow: sfnRoundWorkflowFromEnv(env),
    pii: new AesGcmPiiProtector(
      Buffer.from(keys.encryptionKey, 'base64'),
      Buffer.from(keys.hmacKey, 'base64'),
    ),
    clock: systemClock,
    ids: new RandomIdGenerator(systemClock),
    config: {
      evidenceMaxBytes: settings.EVIDENCE_MAX_BYTES,
      evidenceContentTypes: EVIDENCE_CONTENT_TYPES,
      consentVersion: settings.CONSENT_VERSION,
      seedCalendarYears: chineseDaysSeed(),
    },
  };
}

let shared: Promise<Deps> | undefined;

/** The container's deps, built once on first use (a failed build is retried on the next call). */
export function liveDeps(): Promise<Deps> {
  shared ??= buildLiveDeps().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}
