/** A minimal API Gateway v2 event and Lambda context for the middleware suites. */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

export const lambdaContext = (): Context =>
  ({ awsRequestId: 'req', functionName: 'f', getRemainingTimeInMillis: () => 10_000 }) as Context;

export function httpEvent(
  routeKey: string,
  parts: { headers?: Record<string, string>; body?: string; params?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const [method, path] = routeKey.split(' ') as [string, string];
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: parts.headers ?? {},
    ...(parts.params ? { pathParameters: parts.params } : {}),
    ...(parts.body === undefined ? {} : { body: parts.body }),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path },
      requestId: 'api-req-1',
      routeKey,
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

export const bodyOf = (response: { body?: string }) => JSON.parse(response.body as string);
