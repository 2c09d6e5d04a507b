/**
 * The log context of a request: Powertools' `injectLambdaContext` (function name, request id, cold
 * start) plus the route key and the API Gateway request id on every line; authenticate.ts adds the
 * caller. Personal data is masked by the logger itself (logger.ts), so every line is covered.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { HttpMiddleware } from './request.ts';

export interface LogContextOptions {
  logger: Logger;
  /** The API Gateway route key, `POST /v1/rounds`. */
  routeKey: string;
}

export const logContext = ({ logger, routeKey }: LogContextOptions): HttpMiddleware => {
  const powertools = injectLambdaContext(logger, { resetKeys: true });
  return {
    name: 'log-context',
    before: async (request) => {
      // Reset here too: a replayed response answers early, so Powertools' reset in `after` never ran.
      logger.resetKeys();
      logger.appendKeys({ routeKey, requestId: request.event.requestContext?.requestId });
      await powertools.before?.(request);
    },
    after: async (request) => {
      await powertools.after?.(request);
    },
    onError: async (request) => {
      await powertools.onError?.(request);
    },
  };
};
