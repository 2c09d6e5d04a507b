/**
 * Anything thrown → `application/problem+json` (API.md "Errors"; the mapping itself is
 * http-errors.ts). A refusal (a DomainError, a zod error) is logged as information; anything else
 * is logged in full and answered with a generic 500 whose body says nothing about it.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { problemResponse, toProblem } from '../http-errors.ts';
import type { HttpMiddleware } from './request.ts';

export interface ProblemDetailsOptions {
  logger: Logger;
}

export const problemDetails = ({ logger }: ProblemDetailsOptions): HttpMiddleware => ({
  name: 'problem-details',
  // Sets the response rather than returning it: a returned value would end the onError phase
  // before the outer middlewares (CORS, the log context) had their turn.
  onError: (request) => {
    const { problem, expected } = toProblem(request.error);
    if (expected) logger.info('Request refused', { code: problem.code, status: problem.status });
    else logger.error('Unhandled error', { error: request.error });
    request.response = problemResponse(problem);
  },
});
