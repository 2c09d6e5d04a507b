/**
 * Named errors of the domain. Each carries a stable `code` (API.md) and a Chinese message.
 * HTTP status mapping lives in functions/shared/http-errors.ts; Step Functions error names are
 * the codes themselves, so the ASL can `Catch` them.
 */

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VERSION_CONFLICT'
  | 'STAGE_CLOSED'
  | 'STAGE_PRECONDITION_FAILED'
  | 'INVALID_CREDIT_CODE'
  | 'NOT_REGISTERED_IN_TAIYUAN'
  | 'OPERATING_LESS_THAN_3_YEARS'
  | 'QUALITY_WORK_LESS_THAN_3_YEARS'
  | 'INVALID_ID_NUMBER'
  | 'TOO_MANY_CO_APPLICANTS'
  | 'DECLARATION_MISSING'
  | 'BARRED'
  | 'EVIDENCE_NOT_VERIFIED'
  | 'EVIDENCE_MISMATCH'
  | 'CONFLICT_OF_INTEREST'
  | 'NOT_ASSIGNED'
  | 'SCORE_OUT_OF_RANGE'
  | 'QUOTA_EXCEEDED'
  | 'WINDOW_CLOSED'
  | 'CALENDAR_NOT_AVAILABLE'
  | 'ILLEGAL_TRANSITION'
  | 'RULEBOOK_NOT_IN_FORCE'
  | 'CALL_NOT_OPEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'IDEMPOTENCY_CONFLICT'
  | 'RUBRIC_ITEM_UNKNOWN'
  | 'REVOCATION_REASON_NOT_APPLICABLE'
  | 'LOAD_LIMIT_EXCEEDED'
  | 'INSUFFICIENT_REVIEWERS'
  | 'SCHEDULE_OVERLAP'
  | 'NOT_REVOKED'
  | 'NOTHING_TO_RECOVER';

/** One failed rule or field: `path` points at the input, `article` at the Measures. */
export interface Finding {
  path: string;
  code: ErrorCode;
  message: string;
  article?: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly findings: readonly Finding[];

  constructor(code: ErrorCode, message: string, findings: readonly Finding[] = []) {
    super(message);
    this.name = code;
    this.code = code;
    this.findings = findings;
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
