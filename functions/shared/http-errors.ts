/**
 * The one mapping of errors to HTTP (STYLE.md principle 5): DomainError codes → status, Chinese
 * title, and an `application/problem+json` body (API.md "Errors"). Anything that is not a
 * DomainError or a zod error is a 500 whose body carries no internal detail.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { DomainError, type ErrorCode, type Finding } from '../domain/errors.ts';
import { issuesToFindings, validationError } from './validation.ts';

/** HTTP status per stable error code. `satisfies` makes a new ErrorCode a compile error here. */
export const STATUS_BY_CODE = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_ASSIGNED: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  STAGE_CLOSED: 409,
  STAGE_PRECONDITION_FAILED: 409,
  CONFLICT_OF_INTEREST: 409,
  WINDOW_CLOSED: 409,
  ILLEGAL_TRANSITION: 409,
  CALL_NOT_OPEN: 409,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_CREDIT_CODE: 422,
  NOT_REGISTERED_IN_TAIYUAN: 422,
  OPERATING_LESS_THAN_3_YEARS: 422,
  QUALITY_WORK_LESS_THAN_3_YEARS: 422,
  INVALID_ID_NUMBER: 422,
  TOO_MANY_CO_APPLICANTS: 422,
  DECLARATION_MISSING: 422,
  BARRED: 422,
  EVIDENCE_NOT_VERIFIED: 422,
  EVIDENCE_MISMATCH: 422,
  SCORE_OUT_OF_RANGE: 422,
  QUOTA_EXCEEDED: 422,
  CALENDAR_NOT_AVAILABLE: 422,
  RULEBOOK_NOT_IN_FORCE: 422,
  REVOCATION_REASON_NOT_APPLICABLE: 422,
  RUBRIC_ITEM_UNKNOWN: 422,
  IDEMPOTENCY_CONFLICT: 422,
  LOAD_LIMIT_EXCEEDED: 422,
  INSUFFICIENT_REVIEWERS: 422,
  SCHEDULE_OVERLAP: 409,
  NOT_REVOKED: 409,
  NOTHING_TO_RECOVER: 422,
} as const satisfies Record<ErrorCode, number>;

/** The Chinese title per code: what went wrong, in one phrase; `detail` says why in this case. */
export const TITLE_BY_CODE = {
  VALIDATION_FAILED: '请求内容不符合要求',
  UNAUTHENTICATED: '未登录或登录已失效',
  FORBIDDEN: '无权执行此操作',
  NOT_ASSIGNED: '未被分配评审该申报',
  NOT_FOUND: '资源不存在',
  VERSION_CONFLICT: '数据已被他人修改，请刷新后重试',
  STAGE_CLOSED: '当前阶段不允许此操作',
  STAGE_PRECONDITION_FAILED: '当前阶段的工作尚未完成',
  CONFLICT_OF_INTEREST: '存在利益冲突，须回避',
  WINDOW_CLOSED: '公示期已结束',
  ILLEGAL_TRANSITION: '不允许的状态变更',
  CALL_NOT_OPEN: '不在申报期内',
  PAYLOAD_TOO_LARGE: '请求内容过大',
  INVALID_CREDIT_CODE: '统一社会信用代码无效',
  NOT_REGISTERED_IN_TAIYUAN: '非太原市注册的企业',
  OPERATING_LESS_THAN_3_YEARS: '企业经营不满三年',
  QUALITY_WORK_LESS_THAN_3_YEARS: '从事质量工作不满三年',
  INVALID_ID_NUMBER: '居民身份证号码无效',
  TOO_MANY_CO_APPLICANTS: '联合申报人数超过三人',
  DECLARATION_MISSING: '缺少必需的承诺声明',
  BARRED: '处于禁止申报期内',
  EVIDENCE_NOT_VERIFIED: '证明材料尚未通过校验',
  EVIDENCE_MISMATCH: '证明材料与登记信息不一致',
  SCORE_OUT_OF_RANGE: '评分超出允许范围',
  QUOTA_EXCEEDED: '超出名额限制',
  CALENDAR_NOT_AVAILABLE: '缺少该年度的工作日历',
  RULEBOOK_NOT_IN_FORCE: '评选办法不在有效期内',
  REVOCATION_REASON_NOT_APPLICABLE: '撤销事由不适用',
  RUBRIC_ITEM_UNKNOWN: '评分项不存在',
  IDEMPOTENCY_CONFLICT: '幂等键已用于不同的请求',
  LOAD_LIMIT_EXCEEDED: '超出评审工作量上限',
  INSUFFICIENT_REVIEWERS: '可抽取的评审专家不足',
  SCHEDULE_OVERLAP: '评审专家日程冲突',
  NOT_REVOKED: '奖项未被撤销',
  NOTHING_TO_RECOVER: '没有需要收回的物品',
} as const satisfies Record<ErrorCode, string>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_BASE = 'https://taiyuan-quality-award/problems/';

/** One entry of `errors`: the failing field or rule. */
export interface ProblemFieldError {
  path: string;
  code: string;
  message: string;
  article?: string;
}

/** The problem+json body (API.md "Errors"). `code` is an ErrorCode, or INTERNAL_ERROR / METHOD_NOT_ALLOWED. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors: ProblemFieldError[];
}

/** `VERSION_CONFLICT` → `https://taiyuan-quality-award/problems/version-conflict`. */
export const problemType = (code: string): string =>
  `${PROBLEM_BASE}${code.toLowerCase().replaceAll('_', '-')}`;

/** HTTP status for a code (500 for an unknown one). */
export const statusFor = (code: string): number => (STATUS_BY_CODE as Record<string, number>)[code] ?? 500;

const toFieldError = (finding: Finding): ProblemFieldError => ({
  path: finding.path,
  code: finding.code,
  message: finding.message,
  ...(finding.article === undefined ? {} : { article: finding.article }),
});

/** A problem body from its parts; for statuses outside the code table (the gateway's 404/405). */
export function problem(parts: {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors?: readonly ProblemFieldError[];
}): ProblemBody {
  return {
    type: problemType(parts.code),
    title: parts.title,
    status: parts.status,
    code: parts.code,
    detail: parts.detail,
    errors: [...(parts.errors ?? [])],
  };
}

/** The problem body of a DomainError: status and title from the tables, detail = its message. */
export const domainProblem = (error: DomainError): ProblemBody =>
  problem({
    status: STATUS_BY_CODE[error.code],
    code: error.code,
    title: TITLE_BY_CODE[error.code],
    detail: error.message,
    errors: error.findings.map(toFieldError),
  });

/** The body for anything unexpected: generic, so no internals (stack, SQL, keys) reach a client. */
export const INTERNAL_PROBLEM: ProblemBody = problem({
  status: 500,
  code: 'INTERNAL_ERROR',
  title: '服务器内部错误',
  detail: '服务暂时无法处理该请求，请稍后重试。如问题持续，请联系评选办。',
});

/** Normalizes anything thrown: DomainError as is, ZodError → VALIDATION_FAILED, else `undefined`. */
export function asDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (error instanceof z.ZodError) return validationError(issuesToFindings(error.issues));
  return undefined;
}

/**
 * Maps anything thrown to a problem body. `expected` is false for an unknown error, which the
 * caller must log: its body says nothing about it.
 */
export function toProblem(error: unknown): { problem: ProblemBody; expected: boolean } {
  const domain = asDomainError(error);
  return domain
    ? { problem: domainProblem(domain), expected: true }
    : { problem: INTERNAL_PROBLEM, expected: false };
}

/** A problem body as an API Gateway v2 result (`www-authenticate` on 401, per RFC 6750). */
export function problemResponse(
  body: ProblemBody,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: body.status,
    headers: {
      'content-type': PROBLEM_CONTENT_TYPE,
      ...(body.status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
      ...headers,
    },
    body: JSON.stringify(body),
  };
}
