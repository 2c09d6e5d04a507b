/**
 * The composition root on AWS: the adapters a Lambda function works with, built from its
 * environment once per container (the CDK stack sets the variables: infra/aws/constructs/access.ts).
 * The PII keys come from Secrets Manager, so building is asynchronous and happens on the first
 * invocation; importing a handler module builds nothing (tests import them freely).
 *
 * The S3, Step Functions and Secrets Manager adapters are imported dynamically: esbuild wraps them
 * in lazy initializers, so a function that never touches evidence (most of them) does not pay for
 * evaluating the S3 SDK on a cold start (bench/cold-start.ts).
 */
import * as z from 'zod';
import { AesGcmPiiProtector } from '../adapters/crypto/pii.ts';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoStore } from '../adapters/dynamodb/dynamo-store.ts';
import { tableNamesFromEnv } from '../adapters/dynamodb/tables.ts';
import { RandomIdGenerator } from '../adapters/ids.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { chineseDaysSeed } from '../domain/calendar-seed.ts';
import { DEFAULT_EVIDENCE_MAX_BYTES, type Deps, EVIDENCE_CONTENT_TYPES } from '../ports/deps.ts';
import type { EvidenceStore } from '../ports/evidence-store.ts';
import type { PiiProtector } from '../ports/pii.ts';
import type { RoundWorkflow } from '../ports/workflow.ts';

const PiiKeys = z.object({ encryptionKey: z.string().min(40), hmacKey: z.string().min(40) });

const Env = z.object({
  EVIDENCE_BUCKET: z.string().min(1),
  /** Only functions that encrypt, decrypt or look up personal data get the keys (least privilege). */
  PII_KEYS_SECRET_ARN: z.string().min(1).optional(),
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
  const pii = settings.PII_KEYS_SECRET_ARN ? await loadPii(settings.PII_KEYS_SECRET_ARN) : NO_PII;
  return {
    store: new DynamoStore(createDocumentClient({}), tableNamesFromEnv(env)),
    evidence: lazyEvidenceStore(settings.EVIDENCE_BUCKET),
    workflow: lazyWorkflow(env),
    pii,
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

/** Builds an adapter on its first use; every method of the port waits for it. */
function onFirstUse<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => {
    built ??= build().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
}

function lazyEvidenceStore(bucket: string): EvidenceStore {
  const store = onFirstUse(async () => {
    const { S3EvidenceStore } = await import('../adapters/s3/evidence-store.ts');
    return new S3EvidenceStore({ bucket, clock: systemClock });
  });
  return {
    presignUpload: async (input) => (await store()).presignUpload(input),
    inspect: async (key) => (await store()).inspect(key),
    keep: async (key, copyId) => (await store()).keep(key, copyId),
    remove: async (key) => (await store()).remove(key),
    presignDownload: async (key, fileName) => (await store()).presignDownload(key, fileName),
  };
}

function lazyWorkflow(env: Record<string, string | undefined>): RoundWorkflow {
  const workflow = onFirstUse(async () =>
    (await import('../adapters/sfn/round-workflow.ts')).sfnRoundWorkflowFromEnv(env),
  );
  return {
    startRound: async (input) => (await workflow()).startRound(input),
    resume: async (token, output) => (await workflow()).resume(token, output),
    fail: async (token, error, cause) => (await workflow()).fail(token, error, cause),
  };
}

async function loadPii(secretArn: string): Promise<PiiProtector> {
  const [{ SecretsManagerClient }, { CachedSecret }] = await Promise.all([
    import('@aws-sdk/client-secrets-manager'),
    import('../adapters/secrets/secrets-manager.ts'),
  ]);
  const secret = new CachedSecret(new SecretsManagerClient({}), secretArn, systemClock);
  const keys = PiiKeys.parse(JSON.parse(await secret.value()));
  return new AesGcmPiiProtector(
    Buffer.from(keys.encryptionKey, 'base64'),
    Buffer.from(keys.hmacKey, 'base64'),
  );
}

/** The protector of a function granted no PII keys: any use is a deployment error, said plainly. */
const NO_PII: PiiProtector = {
  encrypt: () => Promise.reject(noPii()),
  decrypt: () => Promise.reject(noPii()),
  lookupKey: () => {
    throw noPii();
  },
};

function noPii(): Error {
  return new Error(
    'This function was deployed without the PII keys (PII_KEYS_SECRET_ARN): add the pii use to it in infra/aws/function-catalog.ts',
  );
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
