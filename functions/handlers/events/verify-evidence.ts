/**
 * The evidence bucket's ObjectCreated notification → verify-uploaded-evidence (DESIGN.md §3): the
 * server checks size, type and SHA-256 of every upload even when the applicant never calls
 * `complete`. Keys that are not evidence keys are ignored and logged, never deleted. The use case is
 * idempotent, so a redelivered event or a race with `complete` changes nothing twice; a failure is
 * rethrown after the other records are done, so that Lambda's retry of the event runs it again.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3Event } from 'aws-lambda';
import {
  isKeptEvidenceKey,
  parseCallAttachmentKey,
  parseEvidenceKey,
} from '../../adapters/s3/evidence-store.ts';
import type { Deps } from '../../ports/deps.ts';
import { SYSTEM_ACTOR } from '../../ports/records.ts';
import { logger as sharedLogger } from '../../shared/logger.ts';
import { verifyCallAttachment } from '../../use-cases/verify-call-attachment.ts';
import { verifyUploadedEvidence } from '../../use-cases/verify-uploaded-evidence.ts';
import { taskLambda } from '../lambda.ts';
import { liveDeps, liveEvidence } from '../live-deps.ts';
import { liveStore } from '../live-dynamodb.ts';

/** `checked`: uploads the use case looked at; `ignored`: other keys and other events. */
export type VerifyEvidenceHandler = (event: S3Event) => Promise<{ checked: number; ignored: number }>;

/** One created object, its key already decoded (the local S3's events carry it so). */
export interface ObjectCreated {
  eventName: string;
  key: string;
}

/** What became of one object: looked at by the use case, or ignored (not an evidence upload). */
export type ObjectOutcome = 'checked' | 'ignored';

/** S3 notification keys are URL-encoded with `+` for spaces. */
export const decodeS3Key = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));

type DepsSource = Deps | (() => Deps);

/** Resolves a deps factory on first use, so that a module can be imported without building them. */
function lazyDeps(deps: DepsSource): () => Deps {
  let resolved: Deps | undefined;
  return () => {
    resolved ??= typeof deps === 'function' ? deps() : deps;
    return resolved;
  };
}

/**
 * Checks one created object; throws when the check failed (so the event is retried). The local
 * platform registers this with its S3 stand-in: `s3.onObjectCreated(buildObjectCreatedListener(deps))`.
 */
export function buildObjectCreatedListener(
  deps: DepsSource,
  options: { logger?: Logger } = {},
): (object: ObjectCreated) => Promise<ObjectOutcome> {
  const log = options.logger ?? sharedLogger;
  const depsOf = lazyDeps(deps);
  return async ({ eventName, key }) => {
    if (!eventName.startsWith('ObjectCreated')) return 'ignored';
    // The verifier's own copies of verified files: on AWS the notification's `rounds/` filter never
    // sends them; the local S3 notifies every key.
    if (isKeptEvidenceKey(key)) return 'ignored';
    const attachment = parseCallAttachmentKey(key);
    if (attachment) {
      // A form of a call notice: verified as evidence is, on the round that published it.
      const result = await verifyCallAttachment(depsOf(), SYSTEM_ACTOR, attachment);
      log.info('Call attachment checked', { key, outcome: result.outcome });
      return result.outcome === 'unknown' ? 'ignored' : 'checked';
    }
    const parsed = parseEvidenceKey(key);
    if (!parsed) {
      log.warn('Ignoring an object that is not an evidence upload', { key, eventName });
      return 'ignored';
    }
    let result: Awaited<ReturnType<typeof verifyUploadedEvidence>>;
    try {
      result = await verifyUploadedEvidence(depsOf(), SYSTEM_ACTOR, {
        applicationId: parsed.applicationId,
        evidenceId: parsed.evidenceId,
        trigger: 'object-created',
      });
    } catch (error) {
      log.error('Evidence verification failed', { key, error: error as Error });
      throw error;
    }
    if (result.outcome === 'unknown') {
      log.warn('Ignoring an upload under an unknown evidence key', { key });
      return 'ignored';
    }
    log.info('Evidence checked', {
      key,
      outcome: result.outcome,
      changed: 'changed' in result ? result.changed : false,
      ...('overwriteRefused' in result ? { overwriteRefused: true } : {}),
    });
    return 'checked';
  };
}

/** The Lambda handler of the bucket notification, on `deps` (or a factory of them, resolved on the first event). */
export function buildHandler(deps: DepsSource, options: { logger?: Logger } = {}): VerifyEvidenceHandler {
  const check = buildObjectCreatedListener(deps, options);
  return async (event) => {
    const counts = { checked: 0, ignored: 0 };
    let firstError: unknown;
    for (const record of event.Records ?? []) {
      try {
        const outcome = await check({
          eventName: record.eventName ?? '',
          key: decodeS3Key(record.s3.object.key),
        });
        counts[outcome] += 1;
      } catch (error) {
        firstError ??= error;
      }
    }
    if (firstError !== undefined) throw firstError;
    return counts;
  };
}

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, liveEvidence);

/** The Lambda function of the bucket's ObjectCreated notification (deps built on the first event). */
export const handler = taskLambda((deps) => buildHandler(deps) as (event: unknown) => Promise<unknown>, live);
