/**
 * The composition root on AWS: the adapters a Lambda function works with, built from its
 * environment once per container (the CDK stack sets the variables: infra/aws/constructs/access.ts).
 *
 * Each function builds only the adapters its catalog uses need (infra/aws/function-catalog.ts):
 * its handler module names them, `export const live = liveDeps(liveStore, livePii)`, and esbuild
 * bundles only the parts named: an unnamed part, with the adapter and SDK client only it imports,
 * never reaches the bundle. test/infra/bundles.test.ts checks the parts against the uses, and the
 * calendar seed against the use cases that read it. A port whose part is missing refuses every call
 * with a message naming the fix, instead of reaching AWS without a grant.
 *
 * The DynamoDB parts (records, idempotency) live in live-dynamodb.ts: their adapters are imported
 * statically, and the SDK's modules have side effects esbuild keeps, so a function that names
 * neither (rubrics, system) must not import the module that holds them.
 *
 * The PII keys come from Secrets Manager, so building is asynchronous and happens on the first
 * invocation; importing a handler module builds nothing (tests import them freely). The S3, Step
 * Functions and Secrets Manager adapters are also evaluated on first use, not at import: most
 * requests of a function that may start a round flow never do (bench/cold-start.ts).
 */
import * as z from 'zod';
import { RandomIdGenerator } from '../adapters/ids.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { DEFAULT_EVIDENCE_MAX_BYTES, type Deps, EVIDENCE_CONTENT_TYPES } from '../ports/deps.ts';
import type { DocumentStore, ExportQueue } from '../ports/documents.ts';
import type { EvidenceStore } from '../ports/evidence-store.ts';
import type { PiiProtector } from '../ports/pii.ts';
import type { RoundWorkflow } from '../ports/workflow.ts';
import type { IdempotencyStore } from '../shared/idempotency.ts';

type Env = Record<string, string | undefined>;

/** The adapters a part can provide (the rest of Deps — clock, ids, config — every function gets). */
interface Adapters {
  store: Deps['store'];
  evidence: Deps['evidence'];
  workflow: Deps['workflow'];
  pii: Deps['pii'];
  calendarSeed: Deps['config']['seedCalendarYears'];
  documents: { documents: DocumentStore; exportQueue: ExportQueue };
  /** Not a port of the use cases: the HTTP stack's Idempotency-Key records (LiveDeps.http). */
  idempotency: IdempotencyStore;
}

export type PartName = keyof Adapters;

/** One adapter a Lambda function builds from its environment. */
export interface LivePart<K extends PartName = PartName> {
  readonly name: K;
  /**
   * The variables it needs (non-empty), checked with the other parts' before anything is built.
   * Names rather than a zod shape: a part must be a plain literal, or esbuild keeps it (and the
   * adapter it imports) in bundles that never name it.
   */
  readonly env: readonly string[];
  build(env: Env): Promise<Adapters[K]>;
}

/** Evidence files on S3 (uses evidence:upload, evidence:read, evidence:delete). */
export const liveEvidence: LivePart<'evidence'> = {
  name: 'evidence',
  env: ['EVIDENCE_BUCKET'],
  build: async (env) => {
    const bucket = env.EVIDENCE_BUCKET as string;
    const store = onFirstUse(async () => {
      const { S3EvidenceStore } = await import('../adapters/s3/evidence-store.ts');
      return new S3EvidenceStore({ bucket, clock: systemClock });
    });
    const evidence: EvidenceStore = {
      presignUpload: async (input) => (await store()).presignUpload(input),
      inspect: async (key) => (await store()).inspect(key),
      keep: async (key, copyId) => (await store()).keep(key, copyId),
      remove: async (key) => (await store()).remove(key),
      presignDownload: async (key, fileName) => (await store()).presignDownload(key, fileName),
    };
    return evidence;
  },
};

/** Generated documents on S3, and the archive jobs an object under `jobs/` starts (uses documents:*). */
export const liveDocuments: LivePart<'documents'> = {
  name: 'documents',
  env: ['DOCUMENTS_BUCKET'],
  build: async (env) => {
    const bucket = env.DOCUMENTS_BUCKET as string;
    const store = onFirstUse(async () => {
      const { S3DocumentStore } = await import('../adapters/s3/document-store.ts');
      return new S3DocumentStore({ bucket, clock: systemClock });
    });
    const documents: DocumentStore = {
      exists: async (key) => (await store()).exists(key),
      save: async (key, body, contentType) => (await store()).save(key, body, contentType),
      saveStream: async (key, body, contentType) => (await store()).saveStream(key, body, contentType),
      readJson: async (key) => (await store()).readJson(key),
      saveJson: async (key, value) => (await store()).saveJson(key, value),
      signedDownload: async (key, fileName, contentType) =>
        (await store()).signedDownload(key, fileName, contentType),
    };
    // Writing the job object is what starts the worker (the bucket's notification on jobs/).
    const exportQueue: ExportQueue = {
      enqueue: (exportId) => documents.saveJson(`jobs/${exportId}`, { exportId }),
    };
    return { documents, exportQueue };
  },
};

/** The round flow on Step Functions (uses flow:start, flow:resume, flow:fail). */
export const liveWorkflow: LivePart<'workflow'> = {
  name: 'workflow',
  env: [],
  build: async (env) => {
    const workflow = onFirstUse(async () =>
      (await import('../adapters/sfn/round-workflow.ts')).sfnRoundWorkflowFromEnv(env),
    );
    const flow: RoundWorkflow = {
      startRound: async (input) => (await workflow()).startRound(input),
      resume: async (token, output) => (await workflow()).resume(token, output),
      fail: async (token, error, cause) => (await workflow()).fail(token, error, cause),
    };
    return flow;
  },
};

/**
 * The PII field keys from Secrets Manager (use pii). Only functions that encrypt, decrypt or look
 * up personal data get the secret (least privilege), so only they name this part.
 */
export const livePii: LivePart<'pii'> = {
  name: 'pii',
  env: ['PII_KEYS_SECRET_ARN'],
  build: async (env) => {
    const [{ SecretsManagerClient }, { CachedSecret }, { AesGcmPiiProtector }] = await Promise.all([
      import('@aws-sdk/client-secrets-manager'),
      import('../adapters/secrets/secrets-manager.ts'),
      import('../adapters/crypto/pii.ts'),
    ]);
    const secret = new CachedSecret(
      new SecretsManagerClient({}),
      env.PII_KEYS_SECRET_ARN as string,
      systemClock,
    );
    const PiiKeys = z.object({ encryptionKey: z.string().min(40), hmacKey: z.string().min(40) });
    const keys = PiiKeys.parse(JSON.parse(await secret.value()));
    return new AesGcmPiiProtector(
      Buffer.from(keys.encryptionKey, 'base64'),
      Buffer.from(keys.hmacKey, 'base64'),
    );
  },
};

/**
 * The chinese-days seed of the working calendar (the data of 23 years, ~45 KB): only functions
 * whose use cases read the calendar (working-day deadlines, GET /v1/calendar) name this part.
 */
export const liveCalendarSeed: LivePart<'calendarSeed'> = {
  name: 'calendarSeed',
  env: [],
  build: async () => (await import('../domain/calendar-seed.ts')).chineseDaysSeed(),
};

const BaseEnv = z.object({
  EVIDENCE_MAX_BYTES: z.coerce.number().int().positive().default(DEFAULT_EVIDENCE_MAX_BYTES),
  CONSENT_VERSION: z.string().min(1).default('2026-01'),
  STAFF_NOTIFY_EMAIL: z.string().min(3).optional(),
});

/** Builds the deps of a function with `parts` from `env`; throws a clear message naming every missing variable. */
export async function buildLiveDeps(parts: readonly LivePart[], env: Env = process.env): Promise<Deps> {
  return (await buildLive(parts, env)).deps;
}

/** What the HTTP stack of an API function is given by its composition root. */
export interface LiveHttpOptions {
  idempotencyStore?: IdempotencyStore;
}

async function buildLive(
  parts: readonly LivePart[],
  env: Env,
): Promise<{ deps: Deps; http: LiveHttpOptions }> {
  const settings = BaseEnv.safeParse(env);
  const missing = [
    ...(settings.error?.issues ?? []).map((issue) => issue.path.join('.')),
    ...parts.flatMap((part) => part.env).filter((name) => !env[name]),
  ];
  if (!settings.success || missing.length > 0)
    throw new Error(`Lambda environment incomplete: ${missing.join(', ')}`);
  const built = Object.fromEntries(
    await Promise.all(parts.map(async (part) => [part.name, await part.build(env)] as const)),
  ) as Partial<Adapters>;
  const config: Deps['config'] = {
    evidenceMaxBytes: settings.data.EVIDENCE_MAX_BYTES,
    evidenceContentTypes: EVIDENCE_CONTENT_TYPES,
    consentVersion: settings.data.CONSENT_VERSION,
    seedCalendarYears: built.calendarSeed ?? [],
    ...(settings.data.STAFF_NOTIFY_EMAIL ? { staffNotifyEmail: settings.data.STAFF_NOTIFY_EMAIL } : {}),
  };
  if (!built.calendarSeed) refuseCalendarSeed(config);
  const deps: Deps = {
    store: built.store ?? refused('store', 'records:read'),
    evidence: built.evidence ?? refused('evidence', 'evidence:read'),
    workflow: built.workflow ?? refused('workflow', 'flow:resume'),
    pii: built.pii ?? NO_PII,
    clock: systemClock,
    ids: new RandomIdGenerator(systemClock),
    config,
    ...built.documents,
  };
  return { deps, http: built.idempotency ? { idempotencyStore: built.idempotency } : {} };
}

/** The deps of one Lambda container: built once on first use (a failed build is retried on the next call). */
export interface LiveDeps {
  (): Promise<Deps>;
  /** What the HTTP stack is given (the idempotency store), built with the deps. */
  http(): Promise<LiveHttpOptions>;
  /** The parts this function builds, in the order named (test/infra/permissions.test.ts reads them). */
  readonly parts: readonly PartName[];
}

/** `export const live = liveDeps(liveStore, livePii)`: the deps of the handler module's function. */
export function liveDeps(...parts: LivePart[]): LiveDeps {
  let shared: ReturnType<typeof buildLive> | undefined;
  const built = () => {
    shared ??= buildLive(parts, process.env).catch((error: unknown) => {
      shared = undefined;
      throw error;
    });
    return shared;
  };
  const deps = async () => (await built()).deps;
  return Object.assign(deps, {
    http: async () => (await built()).http,
    parts: parts.map((part) => part.name),
  });
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

/** How a missing part is put right: a deployment error, said plainly. */
const missingPart = (part: PartName, use: string): Error =>
  new Error(
    `This function was built without the ${part} adapter: add the ${use} use to it in infra/aws/function-catalog.ts and live${part.charAt(0).toUpperCase()}${part.slice(1)} to its handler's liveDeps(…)`,
  );

/** A port of a function that did not name its part: every method throws, naming the fix. */
function refused<T extends object>(part: PartName, use: string): T {
  return new Proxy({} as T, {
    get: (_, method) => () => {
      throw missingPart(part, `${use} (${String(method)})`);
    },
  });
}

/**
 * Makes reading the calendar seed throw: an empty seed would instead answer "no calendar for that
 * year" (CALENDAR_NOT_AVAILABLE), a wrong answer that looks right.
 */
function refuseCalendarSeed(config: Deps['config']): void {
  Object.defineProperty(config, 'seedCalendarYears', {
    get: () => {
      throw new Error(
        "This function was built without the calendar seed: its use cases read the working calendar, so add liveCalendarSeed to its handler's liveDeps(…)",
      );
    },
  });
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
    "This function was deployed without the PII keys (PII_KEYS_SECRET_ARN): add the pii use to it in infra/aws/function-catalog.ts and livePii to its handler's liveDeps(…)",
  );
}
