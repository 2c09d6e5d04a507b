/**
 * The one set of port fakes every use-case and HTTP suite shares: a settable clock, sequential ids, a
 * recording round flow, evidence buckets (unused or in memory), test PII protectors, and `fakeDeps`
 * to wire them around a store.
 */
import { createHash } from 'node:crypto';
import { AesGcmPiiProtector } from '../../functions/adapters/crypto/pii.ts';
import { keptEvidenceKey } from '../../functions/adapters/s3/evidence-store.ts';
import type { CalendarYear } from '../../functions/domain/calendar.ts';
import { chineseDaysSeed } from '../../functions/domain/calendar-seed.ts';
import type { Clock } from '../../functions/ports/clock.ts';
import { DEFAULT_EVIDENCE_MAX_BYTES, type Deps, EVIDENCE_CONTENT_TYPES } from '../../functions/ports/deps.ts';
import type { EvidenceStore, PresignedUpload, StoredObject } from '../../functions/ports/evidence-store.ts';
import type { IdGenerator } from '../../functions/ports/ids.ts';
import type { PiiProtector } from '../../functions/ports/pii.ts';
import type { Store } from '../../functions/ports/store.ts';
import type { RoundWorkflow } from '../../functions/ports/workflow.ts';

/** A clock standing at `current` until a test moves it. */
export class SettableClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(instant: string | Date): void {
    this.current = new Date(instant);
  }
}

/** Ids `{prefix}_0001`, `{prefix}_0002`, … in call order. */
export class SequentialIds implements IdGenerator {
  private n = 0;
  next(prefix: string): string {
    this.n += 1;
    return `${prefix}_${String(this.n).padStart(4, '0')}`;
  }
}

/** A round flow that records what it was asked and reports every token as live. */
export class RecordingWorkflow implements RoundWorkflow {
  readonly started: { roundId: string; resumeAt: string; executionName: string }[] = [];
  readonly resumed: { token: string; output: unknown }[] = [];
  readonly failed: { token: string; error: string; cause: string }[] = [];
  async startRound(input: { roundId: string; resumeAt: string; executionName: string }): Promise<void> {
    this.started.push(input);
  }
  async resume(token: string, output: unknown): Promise<boolean> {
    this.resumed.push({ token, output });
    return true;
  }
  async fail(token: string, error: string, cause: string): Promise<boolean> {
    this.failed.push({ token, error, cause });
    return true;
  }
}

/** For use cases that never touch the round flow: any call is a test failure. */
export const unusedWorkflow: RoundWorkflow = {
  startRound: async () => {
    throw new Error('the workflow is not used here');
  },
  resume: async () => {
    throw new Error('the workflow is not used here');
  },
  fail: async () => {
    throw new Error('the workflow is not used here');
  },
};

/** An empty evidence bucket that cannot presign: for suites that never upload. */
export const unusedEvidence: EvidenceStore = {
  presignUpload: async () => {
    throw new Error('not used');
  },
  inspect: async () => null,
  keep: async () => null,
  remove: async () => undefined,
  presignDownload: async () => {
    throw new Error('not used');
  },
};

export const sha256Hex = (content: string | Buffer): string =>
  createHash('sha256').update(content).digest('hex');

/** An evidence bucket in memory: tests put objects as the browser would, then check what was kept. */
export class FakeEvidenceStore implements EvidenceStore {
  readonly objects = new Map<string, { content: Buffer; contentType: string | undefined }>();
  readonly uploads: { key: string; contentType: string; minBytes: number; maxBytes: number }[] = [];
  readonly removed: string[] = [];
  readonly downloads: { key: string; fileName: string }[] = [];

  constructor(private readonly clock: Clock) {}

  /** What a browser's POST to the presigned upload would leave in the bucket. */
  put(key: string, content: string | Buffer, contentType?: string): void {
    this.objects.set(key, { content: Buffer.from(content), contentType });
  }

  async presignUpload(input: {
    key: string;
    contentType: string;
    maxBytes: number;
    minBytes: number;
  }): Promise<PresignedUpload> {
    this.uploads.push(input);
    return {
      url: 'https://evidence.test/upload',
      fields: { key: input.key, 'Content-Type': input.contentType },
      expiresAt: new Date(this.clock.now().getTime() + 15 * 60_000).toISOString(),
    };
  }

  async inspect(key: string): Promise<StoredObject | null> {
    const object = this.objects.get(key);
    if (!object) return null;
    return {
      size: object.content.length,
      contentType: object.contentType,
      sha256: sha256Hex(object.content),
    };
  }

  async keep(key: string, copyId: string): Promise<{ key: string; stored: StoredObject } | null> {
    const object = this.objects.get(key);
    if (!object) return null;
    const kept = keptEvidenceKey(key, copyId);
    this.objects.set(kept, { ...object });
    return { key: kept, stored: (await this.inspect(kept))! };
  }

  async remove(key: string): Promise<void> {
    this.removed.push(key);
    this.objects.delete(key);
  }

  async presignDownload(key: string, fileName: string): Promise<{ url: string; expiresAt: string }> {
    this.downloads.push({ key, fileName });
    return {
      url: `https://evidence.test/download/${key}`,
      expiresAt: new Date(this.clock.now().getTime() + 5 * 60_000).toISOString(),
    };
  }
}

/** PII "encryption" as a visible `enc:` prefix; lookup keys are `hash:{id}` (the round fixtures rely on both). */
export const prefixPii: PiiProtector = {
  encrypt: async (plain) => `enc:${plain}`,
  decrypt: async (cipher) => cipher.replace(/^enc:/, ''),
  lookupKey: (idNumber) => `hash:${idNumber}`,
};

/** PII "encryption" that hides the plain text (base64 behind `enc:`), so a leak shows in assertions. */
export const opaquePii: PiiProtector = {
  encrypt: async (plain) => `enc:${Buffer.from(plain).toString('base64')}`,
  decrypt: async (cipher) => Buffer.from(cipher.replace(/^enc:/, ''), 'base64').toString(),
  lookupKey: (idNumber) => `hmac:${idNumber.split('').reverse().join('')}`,
};

/** The real AES-GCM protector with fixed test keys. */
export const TEST_PII = new AesGcmPiiProtector(Buffer.alloc(32, 7), Buffer.alloc(32, 9));

export interface FakeDepsOptions {
  store: Store;
  clock: Clock;
  workflow?: RoundWorkflow;
  evidence?: EvidenceStore;
  pii?: PiiProtector;
  ids?: IdGenerator;
  consentVersion?: string;
  seedCalendarYears?: readonly CalendarYear[];
}

/**
 * Deps around `store` and `clock`; the rest default to the unused evidence bucket, a recording
 * workflow, the `enc:` PII protector, sequential ids and the chinese-days seed.
 */
export function fakeDeps(options: FakeDepsOptions): Deps {
  return {
    store: options.store,
    clock: options.clock,
    workflow: options.workflow ?? new RecordingWorkflow(),
    evidence: options.evidence ?? unusedEvidence,
    pii: options.pii ?? prefixPii,
    ids: options.ids ?? new SequentialIds(),
    config: {
      evidenceMaxBytes: DEFAULT_EVIDENCE_MAX_BYTES,
      evidenceContentTypes: EVIDENCE_CONTENT_TYPES,
      consentVersion: options.consentVersion ?? 'test-1',
      seedCalendarYears: options.seedCalendarYears ?? chineseDaysSeed(),
    },
  };
}
