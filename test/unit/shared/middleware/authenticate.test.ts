import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../functions/domain/errors.ts';
import type { Actor } from '../../../../functions/ports/records.ts';
import { createLogger } from '../../../../functions/shared/logger.ts';
import {
  type AuthenticateOptions,
  authenticate,
} from '../../../../functions/shared/middleware/authenticate.ts';
import type { HttpContext, HttpInternal } from '../../../../functions/shared/middleware/request.ts';
import { httpEvent, lambdaContext } from './http-event.ts';

/** A verifier that knows two tokens; anything else is refused as the real one would. */
const fakeVerifier = async (authorization: string | undefined): Promise<Actor> => {
  if (authorization === 'Bearer staff') return { sub: 'staff-1', roles: ['staff'] };
  if (authorization === 'Bearer applicant') return { sub: 'app-1', roles: ['applicant'] };
  throw new DomainError('UNAUTHENTICATED', '缺少身份令牌，请先登录');
};

/** A handler behind `authenticate` that answers with the caller it was given. */
const guarded = (access: AuthenticateOptions['access']) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, HttpContext, HttpInternal>(
    async (_event: APIGatewayProxyEventV2, context: HttpContext) => ({
      statusCode: 200,
      body: JSON.stringify(context.actor ?? null),
    }),
  ).use(authenticate({ access, verify: fakeVerifier, logger: createLogger({ logLevel: 'SILENT' }) }));

describe('the authenticate middleware', () => {
  it('hands the verified caller to the handler on a copy of the context', async () => {
    // Prepare
    const context = lambdaContext();
    const event = httpEvent('GET /v1/x', { headers: { authorization: 'Bearer applicant' } });

    // Act
    const response = await guarded('signed-in')(event, context);

    // Assess
    expect(JSON.parse(response.body as string)).toEqual({ sub: 'app-1', roles: ['applicant'] });
    // The caller's object is untouched, so a context reused for another request carries no caller.
    expect(context).not.toHaveProperty('actor');
  });

  it('refuses a caller without one of the roles with FORBIDDEN naming them in Chinese', async () => {
    // Prepare
    const event = httpEvent('POST /v1/rounds', { headers: { authorization: 'Bearer applicant' } });

    // Act
    const refused = guarded(['staff', 'leader'])(event, lambdaContext());

    // Assess
    await expect(refused).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: '此操作仅限评选办工作人员或领导小组执行',
    });
  });

  it('lets the verifier’s UNAUTHENTICATED through and never runs the handler', async () => {
    // Act
    const refused = guarded('signed-in')(httpEvent('GET /v1/x'), lambdaContext());

    // Assess
    await expect(refused).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
