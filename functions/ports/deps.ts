/**
 * Everything a use case may touch, passed in explicitly (STYLE.md 4): handlers build this once
 * (`liveDeps()` on AWS, the local platform's wiring in infra/local) and tests pass fakes.
 */
import type { CalendarYear } from '../domain/calendar.ts';
import type { Clock } from './clock.ts';
import type { DocumentStore, ExportQueue } from './documents.ts';
import type { EvidenceStore } from './evidence-store.ts';
import type { IdGenerator } from './ids.ts';
import type { PiiProtector } from './pii.ts';
import type { Store } from './store.ts';
import type { RoundWorkflow } from './workflow.ts';

export interface PlatformConfig {
  /** Largest evidence file accepted, bytes (default 50 MiB). */
  evidenceMaxBytes: number;
  /** MIME types accepted for evidence (PDF, images, Office documents, ZIP). */
  evidenceContentTypes: readonly string[];
  /** Version of the consent text for processing sensitive personal information (PIPL Art. 29). */
  consentVersion: string;
  /** Calendar years seeded from the chinese-days package when the table has none for that year. */
  seedCalendarYears: readonly CalendarYear[];
  /** The office's mailbox that staff-addressed notifications are also emailed to (none: inbox only). */
  staffNotifyEmail?: string;
}

export interface Deps {
  store: Store;
  evidence: EvidenceStore;
  workflow: RoundWorkflow;
  pii: PiiProtector;
  clock: Clock;
  ids: IdGenerator;
  config: PlatformConfig;
  /** Generated documents and exports (functions that generate none are built without). */
  documents?: DocumentStore;
  /** Where archives are generated outside the request. */
  exportQueue?: ExportQueue;
}

export const EVIDENCE_CONTENT_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/zip',
] as const;

export const DEFAULT_EVIDENCE_MAX_BYTES = 50 * 1024 * 1024;
