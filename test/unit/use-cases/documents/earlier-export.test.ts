/**
 * README "Exactly once across crashes": a keyed archive export retried after its process died finds
 * the export its first run saved (the id drawn from the key) and queues its job again — the first
 * run may have died before the job was queued or, locally, before it ran; a job run twice is
 * harmless. A ready export is answered as it is, without a job.
 */
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../../functions/adapters/memory/memory-store.ts';
import type { Deps } from '../../../../functions/ports/deps.ts';
import {
  type DocumentStore,
  type ExportQueue,
  exportRecordKey,
} from '../../../../functions/ports/documents.ts';
import type { Actor } from '../../../../functions/ports/records.ts';
import { RequestIdGenerator } from '../../../../functions/shared/request-ids.ts';
import { createExport, earlierExport } from '../../../../functions/use-cases/documents/exports.ts';
import { fakeDeps, SettableClock } from '../../../support/fakes.ts';
import { seedRound } from '../../../support/rounds-fakes.ts';

const SUPERVISOR: Actor = { sub: 'supervisor-1', roles: ['supervisor'] };

/** Documents in a Map: only the export manifests are written here. */
class MapDocuments implements DocumentStore {
  readonly json = new Map<string, unknown>();
  async exists(key: string) {
    return this.json.has(key);
  }
  async save(): Promise<void> {}
  async saveStream(_key: string, _body: Readable): Promise<void> {}
  async readJson<T>(key: string) {
    return (this.json.get(key) as T | undefined) ?? null;
  }
  async saveJson(key: string, value: unknown) {
    this.json.set(key, structuredClone(value));
  }
  async signedDownload(key: string) {
    return { url: `https://documents.example/${key}`, expiresAt: '2026-09-28T00:15:00.000Z' };
  }
}

class RecordingQueue implements ExportQueue {
  readonly jobs: string[] = [];
  async enqueue(exportId: string) {
    this.jobs.push(exportId);
  }
}

async function setUp() {
  const store = new MemoryStore();
  const clock = new SettableClock(new Date('2026-09-28T00:00:00Z'));
  const documents = new MapDocuments();
  const exportQueue = new RecordingQueue();
  const base = fakeDeps({ store, clock });
  await seedRound({ store }, { roundId: 'r1', stage: 'announced' });
  // Each run of the keyed request draws from the key afresh, as http.ts `requestDeps` does.
  const run = (): Deps => ({ ...base, documents, exportQueue, ids: new RequestIdGenerator('http#k-1') });
  return { documents, exportQueue, run };
}

describe('earlierExport', () => {
  it('answers the pending archive its first run saved and queues its job again', async () => {
    // Prepare
    const { exportQueue, run } = await setUp();
    const first = await createExport(run(), SUPERVISOR, { roundId: 'r1', kind: 'archive' });
    // Act
    const retry = await earlierExport(run(), SUPERVISOR);
    // Assess
    expect(retry).toEqual(first);
    expect(exportQueue.jobs).toEqual([first.exportId, first.exportId]);
  });

  it('answers a ready export without a job, nothing for another caller or another key', async () => {
    // Prepare
    const { documents, exportQueue, run } = await setUp();
    const first = await createExport(run(), SUPERVISOR, { roundId: 'r1', kind: 'archive' });
    const key = exportRecordKey(first.exportId);
    documents.json.set(key, {
      ...(documents.json.get(key) as object),
      status: 'ready',
      key: 'documents/r1/archive.zip',
      fileName: '第1届-评选档案.zip',
      contentType: 'application/zip',
    });
    // Act
    const ready = await earlierExport(run(), SUPERVISOR);
    const stranger = await earlierExport(run(), { sub: 'supervisor-2', roles: ['supervisor'] });
    const otherKey = await earlierExport({ ...run(), ids: new RequestIdGenerator('http#k-2') }, SUPERVISOR);
    // Assess
    expect(ready).toMatchObject({
      exportId: first.exportId,
      status: 'ready',
      fileName: '第1届-评选档案.zip',
    });
    expect(stranger).toBeUndefined();
    expect(otherKey).toBeUndefined();
    expect(exportQueue.jobs).toEqual([first.exportId]);
  });
});
