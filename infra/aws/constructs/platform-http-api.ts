/**
 * The HTTP API (API Gateway v2): one `$default` stage with JSON access logs kept ≥ 180 days,
 * default throttling plus a tighter limit on the public write routes (objections, sign-in), CORS
 * for the portal's origin, and the JWT authorizer (issuer, audience) on every non-public route.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  type CfnStage,
  CorsHttpMethod,
  DomainName,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  type HttpStage,
  LogGroupLogDestination,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';
import { type PlatformFunction, retentionFor } from './platform-function.ts';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  isPublic: boolean;
}

export interface PlatformHttpApiProps {
  prefix: string;
  portalOrigin: string;
  throttleRate: number;
  throttleBurst: number;
  logRetentionDays: number;
}

/** The access log line: one JSON object per request (no bodies, no tokens). */
export const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sub: '$context.authorizer.claims.sub',
  userAgent: '$context.identity.userAgent',
} as const;

/** Public write routes get a per-route limit well under the default (abuse of anonymous forms). */
export const PUBLIC_WRITE_THROTTLE = { rateLimit: 5, burstLimit: 10 } as const;

export class PlatformHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  private authorizer: HttpJwtAuthorizer | undefined;
  private readonly integrations = new Map<PlatformFunction, HttpLambdaIntegration>();
  readonly routeKeys: string[] = [];

  constructor(scope: Construct, id: string, props: PlatformHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      apiName: `${props.prefix}-api`,
      description: '太原市政府质量奖评审平台 API (v1)',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.portalOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match'],
        exposeHeaders: ['idempotency-replayed', 'x-next-token'],
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: retentionFor(props.logRetentionDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttleRate, burstLimit: props.throttleBurst },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
    });
  }

  /**
   * Serves the API on its own (ICP-registered, in China) host name; point a CNAME at the returned
   * regional domain name.
   */
  addCustomDomain(domainName: string, certificateArn: string): DomainName {
    const domain = new DomainName(this, 'Domain', {
      domainName,
      certificate: Certificate.fromCertificateArn(this, 'Certificate', certificateArn),
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
    new ApiMapping(this, 'Mapping', { api: this.api, domainName: domain, stage: this.stage });
    return domain;
  }

  /** The JWT authorizer every non-public route uses. */
  requireJwt(issuer: string, audience: string): void {
    this.authorizer = new HttpJwtAuthorizer('Jwt', issuer, {
      authorizerName: 'jwt',
      jwtAudience: [audience],
      identitySource: ['$request.header.Authorization'],
    });
  }

  /** Points `routes` at `fn` (one integration per function). */
  addFunctionRoutes(fn: PlatformFunction, routes: readonly RouteSpec[]): HttpRoute[] {
    let integration = this.integrations.get(fn);
    if (!integration) {
      integration = new HttpLambdaIntegration(`${fn.node.id}Integration`, fn.function);
      this.integrations.set(fn, integration);
    }
    const created: HttpRoute[] = [];
    for (const route of routes) {
      if (!route.isPublic && !this.authorizer) throw new Error('requireJwt before adding protected routes');
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(route.isPublic ? {} : { authorizer: this.authorizer }),
      });
      if (!httpRoute) continue;
      const routeKey = `${route.method} ${route.path}`;
      this.routeKeys.push(routeKey);
      if (route.isPublic) {
        acknowledge(
          httpRoute,
          'AwsSolutions-APIG4',
          `${routeKey} is public by design (API.md: no login): the handler itself decides what anonymous callers see.`,
        );
        if (route.method !== 'GET') this.throttleRoute(httpRoute, routeKey, PUBLIC_WRITE_THROTTLE);
      }
      created.push(httpRoute);
    }
    return created;
  }

  // RouteSettings is untyped JSON in the L1: its keys go to CloudFormation as written (PascalCase).
  private readonly routeThrottles: Record<
    string,
    { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
  > = {};

  private throttleRoute(
    route: HttpRoute,
    routeKey: string,
    limit: { rateLimit: number; burstLimit: number },
  ): void {
    this.routeThrottles[routeKey] = {
      ThrottlingRateLimit: limit.rateLimit,
      ThrottlingBurstLimit: limit.burstLimit,
    };
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = { ...this.routeThrottles };
    // Route settings name routes by key: the routes must exist before the stage refers to them.
    cfnStage.node.addDependency(route);
  }
}
