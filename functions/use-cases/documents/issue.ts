/**
 * Generating a document into storage and handing it out (API.md v2 "Documents"): the object's key
 * is the SHA-256 of what it shows (the model, with the generator's version), so the same content is
 * generated once and every later request gets a fresh short-lived link to the same object. Each
 * generation is audited (`document.generated`).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/audit-chain.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../../ports/deps.ts';
import { DOCUMENTS_PREFIX, type DocumentStore, type ExportQueue } from '../../ports/documents.ts';
import type { Actor } from '../../ports/records.ts';
import { auditEvent } from '../audit.ts';

/** Bumped when a renderer changes what a document looks like, so old objects are not reused. */
export const GENERATOR_VERSION = 'documents-1';

export interface IssuedDocument {
  url: string;
  expiresAt: string;
  contentType: string;
  fileName: string;
}

/** Who generated a document a public route asked for. */
export const PUBLIC_ACTOR: Actor = { sub: 'public', roles: ['public'], name: '公众' };

export const sha256Of = (content: string | Buffer): string =>
  createHash('sha256').update(content).digest('hex');

/** The content address of a model: what decides the bytes, and nothing else. */
export const digestOf = (kind: string, model: unknown): string =>
  sha256Of(canonicalJson({ generator: GENERATOR_VERSION, kind, model }));

export function documentsOf(deps: Deps): DocumentStore {
  if (!deps.documents)
    throw new Error(
      'This function was built without the documents store: add liveDocuments to its liveDeps(…)',
    );
  return deps.documents;
}

export function exportQueueOf(deps: Deps): ExportQueue {
  if (!deps.exportQueue)
    throw new Error('This function was built without the export queue: add liveDocuments to its liveDeps(…)');
  return deps.exportQueue;
}

export const documentKey = (roundId: string, kind: string, digest: string, extension: string): string =>
  `${DOCUMENTS_PREFIX}${roundId}/${kind}/${digest}.${extension}`;

export interface GenerateInput {
  roundId: string;
  /** The record the document is about (application, window, round, award). */
  subjectId: string;
  kind: string;
  fileName: string;
  contentType: string;
  extension: string;
  model: unknown;
  render: () => Promise<Buffer>;
}

/** Stores the document unless its content is stored already; audits a generation. Returns its key. */
export async function generateOnce(deps: Deps, actor: Actor, input: GenerateInput): Promise<string> {
  const documents = documentsOf(deps);
  const digest = digestOf(input.kind, input.model);
  const key = documentKey(input.roundId, input.kind, digest, input.extension);
  if (await documents.exists(key)) return key;
  const body = await input.render();
  await documents.save(key, body, input.contentType);
  await deps.store.commit({
    changes: [],
    audit: [
      auditEvent({
        entityType: 'document',
        entityId: `document-${digest.slice(0, 32)}`,
        verb: 'generated',
        actor,
        at: deps.clock.now(),
        roundId: input.roundId,
        after: {
          kind: input.kind,
          subjectId: input.subjectId,
          key,
          fileName: input.fileName,
          size: body.length,
          sha256: sha256Of(body),
        },
      }),
    ],
  });
  return key;
}

/** Generates (once) and hands out a short-lived download. */
export async function issueDocument(deps: Deps, actor: Actor, input: GenerateInput): Promise<IssuedDocument> {
  const key = await generateOnce(deps, actor, input);
  const link = await documentsOf(deps).signedDownload(key, input.fileName, input.contentType);
  return { ...link, contentType: input.contentType, fileName: input.fileName };
}

export const documentNotFound = (what: string): DomainError =>
  new DomainError('NOT_FOUND', `${what}不存在或尚未发布`);
