/**
 * Art. 18 (3), (8) and DESIGN.md §2 "Objections": anyone may object, by real name, to one listed
 * application while the window is open. The phone and ID numbers are stored encrypted with a
 * masked copy (DESIGN.md §6); the audit trail holds the masked copy only.
 */
import { DomainError, type ErrorCode, isDomainError } from '../domain/errors.ts';
import { maskIdNumber, maskPhone } from '../domain/identifiers.ts';
import { fileObjection as fileDomainObjection } from '../domain/publicity.ts';
import type { Deps } from '../ports/deps.ts';
import type { ObjectionRecord } from '../ports/records.ts';
import { auditEvent, PUBLIC_ACTOR } from './audit.ts';
import { notify, objectionFacts, staffRecipient } from './notifications/notify.ts';
import { loadPublishedWindow, objectionAuditView, toPublicityWindow } from './review/context.ts';

export interface FileObjectionInput {
  windowId: string;
  applicationId: string;
  name: string;
  phone: string;
  idNumber?: string;
  creditCode?: string;
  content: string;
}

/** The identifier rules (GB 11643, GB 32100): when they are all that fails, the answer is theirs. */
const IDENTIFIER_CODES: readonly ErrorCode[] = ['INVALID_ID_NUMBER', 'INVALID_CREDIT_CODE'];

/**
 * API.md: 400 for malformed input, 422 for a rule violation. A well-formed objection whose ID
 * number or credit code fails its check (as at submission or in a sanction) is 422 with that code;
 * anything else malformed keeps the 400 listing every field.
 */
function asRuleViolation(error: unknown): unknown {
  if (!isDomainError(error) || error.code !== 'VALIDATION_FAILED' || error.findings.length === 0)
    return error;
  if (!error.findings.every((f) => IDENTIFIER_CODES.includes(f.code))) return error;
  return new DomainError(error.findings[0]!.code, error.message, error.findings);
}

/**
 * Files a real-name objection; WINDOW_CLOSED outside the window, VALIDATION_FAILED for bad data,
 * INVALID_ID_NUMBER / INVALID_CREDIT_CODE when only the identifier fails its check.
 */
export async function fileObjection(deps: Deps, input: FileObjectionInput): Promise<{ objectionId: string }> {
  const now = deps.clock.now();
  const window = await loadPublishedWindow(deps, input.windowId, now);
  let objection: ReturnType<typeof fileDomainObjection>;
  try {
    objection = fileDomainObjection({
      objectionId: deps.ids.next('obj'),
      window: toPublicityWindow(window),
      applicationId: input.applicationId,
      objection: {
        name: input.name,
        phone: input.phone,
        ...(input.idNumber === undefined ? {} : { idNumber: input.idNumber }),
        ...(input.creditCode === undefined ? {} : { creditCode: input.creditCode }),
        content: input.content,
      },
      now,
    });
  } catch (error) {
    throw asRuleViolation(error);
  }
  const { objector } = objection;
  const record: ObjectionRecord = {
    objectionId: objection.objectionId,
    windowId: window.windowId,
    roundId: window.roundId,
    applicationId: objection.applicationId,
    objector: {
      name: objector.name,
      phoneEncrypted: await deps.pii.encrypt(objector.phone),
      phoneMasked: maskPhone(objector.phone),
      ...(objector.idNumber === undefined
        ? {}
        : {
            idNumberEncrypted: await deps.pii.encrypt(objector.idNumber),
            idMasked: maskIdNumber(objector.idNumber),
          }),
      ...(objector.creditCode === undefined ? {} : { creditCode: objector.creditCode }),
    },
    content: objection.content,
    status: 'pending',
    createdAt: now.toISOString(),
    version: 0,
  };
  await deps.store.commit({
    changes: [
      { op: 'put', entity: { type: 'objection', record } },
      ...notify(
        deps,
        {
          kind: 'objection.received',
          entityId: record.objectionId,
          roundId: record.roundId,
          facts: await objectionFacts(deps, record),
          at: now,
        },
        [staffRecipient(deps)],
      ),
    ],
    audit: [
      auditEvent({
        entityType: 'objection',
        entityId: record.objectionId,
        verb: 'filed',
        actor: PUBLIC_ACTOR,
        at: now,
        after: objectionAuditView(record),
      }),
    ],
  });
  return { objectionId: record.objectionId };
}

/**
 * Idempotency-Key retries (route.ts `recover`): what an earlier run of the same request created,
 * read back under the id that run drew from `deps.ids` (request-ids.ts derives them from the key),
 * so a retry after a crash between the commit and the stored response answers that record instead
 * of creating a second one. `undefined`: the earlier run committed nothing (or never ran).
 */
export async function earlierObjection(deps: Deps): Promise<{ objectionId: string } | undefined> {
  const objection = await deps.store.getObjection(deps.ids.next('obj'));
  return objection ? { objectionId: objection.objectionId } : undefined;
}
