import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError, type ErrorCode } from '../../../functions/domain/errors.ts';
import {
  INTERNAL_PROBLEM,
  PROBLEM_CONTENT_TYPE,
  problemResponse,
  problemType,
  STATUS_BY_CODE,
  statusFor,
  TITLE_BY_CODE,
  toProblem,
} from '../../../functions/shared/http-errors.ts';

describe('DomainError codes → HTTP', () => {
  it.each<[ErrorCode, number]>([
    ['VALIDATION_FAILED', 400],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['NOT_ASSIGNED', 403],
    ['NOT_FOUND', 404],
    ['VERSION_CONFLICT', 409],
    ['STAGE_CLOSED', 409],
    ['STAGE_PRECONDITION_FAILED', 409],
    ['CONFLICT_OF_INTEREST', 409],
    ['WINDOW_CLOSED', 409],
    ['ILLEGAL_TRANSITION', 409],
    ['CALL_NOT_OPEN', 409],
    ['PAYLOAD_TOO_LARGE', 413],
    ['INVALID_CREDIT_CODE', 422],
    ['NOT_REGISTERED_IN_TAIYUAN', 422],
    ['OPERATING_LESS_THAN_3_YEARS', 422],
    ['QUALITY_WORK_LESS_THAN_3_YEARS', 422],
    ['INVALID_ID_NUMBER', 422],
    ['TOO_MANY_CO_APPLICANTS', 422],
    ['DECLARATION_MISSING', 422],
    ['BARRED', 422],
    ['EVIDENCE_NOT_VERIFIED', 422],
    ['EVIDENCE_MISMATCH', 422],
    ['SCORE_OUT_OF_RANGE', 422],
    ['QUOTA_EXCEEDED', 422],
    ['CALENDAR_NOT_AVAILABLE', 422],
    ['RULEBOOK_NOT_IN_FORCE', 422],
    ['RUBRIC_ITEM_UNKNOWN', 422],
    ['IDEMPOTENCY_CONFLICT', 422],
  ])('%s → %i', (code, status) => {
    // Act
    const { problem, expected } = toProblem(new DomainError(code, '具体原因'));

    // Assess
    expect(expected).toBe(true);
    expect(problem.status).toBe(status);
    expect(statusFor(code)).toBe(status);
  });

  it('has a Chinese title for every code, and every code a status', () => {
    // Act
    const codes = Object.keys(STATUS_BY_CODE);

    // Assess
    expect(Object.keys(TITLE_BY_CODE).sort()).toEqual(codes.sort());
    for (const title of Object.values(TITLE_BY_CODE)) expect(title).toMatch(/[\u4e00-\u9fff]/);
  });

  it('builds the problem+json body with type, Chinese title, detail and every finding', () => {
    // Prepare
    const error = new DomainError('STAGE_PRECONDITION_FAILED', '仍有申报未完成资格审查', [
      { path: 'applications[0]', code: 'STAGE_PRECONDITION_FAILED', message: '申报 A1 尚无审查结论' },
      {
        path: 'applications[3]',
        code: 'STAGE_PRECONDITION_FAILED',
        message: '申报 A4 尚无审查结论',
        article: '18',
      },
    ]);

    // Act
    const { problem } = toProblem(error);

    // Assess
    expect(problem).toEqual({
      type: 'https://taiyuan-quality-award/problems/stage-precondition-failed',
      title: '当前阶段的工作尚未完成',
      status: 409,
      code: 'STAGE_PRECONDITION_FAILED',
      detail: '仍有申报未完成资格审查',
      errors: [
        { path: 'applications[0]', code: 'STAGE_PRECONDITION_FAILED', message: '申报 A1 尚无审查结论' },
        {
          path: 'applications[3]',
          code: 'STAGE_PRECONDITION_FAILED',
          message: '申报 A4 尚无审查结论',
          article: '18',
        },
      ],
    });
  });

  it('maps a ZodError to 400 VALIDATION_FAILED listing every field in Chinese', () => {
    // Prepare
    const result = z
      .object({ title: z.string(), ordinal: z.number().int().positive() })
      .safeParse({ ordinal: -1 });
    if (result.success) throw new Error('expected a failure');

    // Act
    const { problem } = toProblem(result.error);

    // Assess
    expect(problem.status).toBe(400);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toEqual([
      { path: 'title', code: 'VALIDATION_FAILED', message: '应为字符串' },
      { path: 'ordinal', code: 'VALIDATION_FAILED', message: '必须大于 0' },
    ]);
  });

  it('answers an unknown error with a generic 500 that reveals nothing', () => {
    // Prepare
    const error = new Error('ResourceNotFoundException: table applications-prod at arn:aws:dynamodb:…');

    // Act
    const { problem, expected } = toProblem(error);
    const response = problemResponse(problem);

    // Assess
    expect(expected).toBe(false);
    expect(problem).toBe(INTERNAL_PROBLEM);
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('dynamodb');
    expect(JSON.parse(response.body as string)).toMatchObject({
      code: 'INTERNAL_ERROR',
      title: '服务器内部错误',
    });
  });

  it('sends problem+json, with a Bearer challenge on 401', () => {
    // Act
    const unauthorized = problemResponse(
      toProblem(new DomainError('UNAUTHENTICATED', '缺少身份令牌')).problem,
    );
    const notFound = problemResponse(toProblem(new DomainError('NOT_FOUND', '申报不存在')).problem);

    // Assess
    expect(unauthorized.headers).toEqual({
      'content-type': PROBLEM_CONTENT_TYPE,
      'www-authenticate': 'Bearer',
    });
    expect(notFound.headers).toEqual({ 'content-type': PROBLEM_CONTENT_TYPE });
    expect(problemType('RULEBOOK_NOT_IN_FORCE')).toBe(
      'https://taiyuan-quality-award/problems/rulebook-not-in-force',
    );
    expect(statusFor('SOMETHING_ELSE')).toBe(500);
  });
});
