/**
 * The HTTP API (DESIGN.md §3): one Lambda function per route group (functions/handlers/api/*.ts),
 * the JWT authorizer, and sign-in — Cognito in the global partition, the token broker in China.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { TOKEN_BROKER_ROUTES as HANDLER_ROUTES } from '../../../functions/handlers/auth/token-broker.ts';
import { API_ROUTES } from '../api-routes.ts';
import type { PlatformSettings } from '../config.ts';
import {
  environmentFor,
  grantUses,
  type PlatformResources,
  platformEnvironment,
} from '../constructs/access.ts';
import { PlatformFunction } from '../constructs/platform-function.ts';
import { PlatformHttpApi, type RouteSpec } from '../constructs/platform-http-api.ts';
import { RoundFlow } from '../constructs/round-flow.ts';
import { CognitoSignIn, TokenBrokerSignIn, type TokenIssuer } from '../constructs/sign-in.ts';
import { API_GROUPS, type ApiGroup, apiFunctionSpec } from '../function-catalog.ts';
import type { DataRefs } from './data-stack.ts';
import { roundFlowName } from './workflow-stack.ts';

/** The token broker's routes, from the handler itself; all public (they are how one signs in). */
export const TOKEN_BROKER_API_ROUTES: RouteSpec[] = HANDLER_ROUTES.map((key) => {
  const [method, path] = key.split(' ') as [RouteSpec['method'], string];
  return { method, path, isPublic: true };
});

export interface ApiStackProps extends StackProps {
  settings: PlatformSettings;
  data: DataRefs;
  portalOrigin: string;
}

export class ApiStack extends Stack {
  readonly http: PlatformHttpApi;
  readonly functions = {} as Record<ApiGroup, PlatformFunction>;
  readonly signIn: TokenIssuer & Construct;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { settings, data } = props;

    this.http = new PlatformHttpApi(this, 'Http', {
      prefix: settings.prefix,
      portalOrigin: props.portalOrigin,
      throttleRate: settings.api.throttleRate,
      throttleBurst: settings.api.throttleBurst,
      logRetentionDays: settings.logRetentionDays,
    });

    if (settings.apiDomain) {
      const domain = this.http.addCustomDomain(
        settings.apiDomain.domainName,
        settings.apiDomain.certificateArn,
      );
      new CfnOutput(this, 'ApiDomainTarget', {
        value: domain.regionalDomainName,
        description: `CNAME target for ${settings.apiDomain.domainName}`,
      });
    }

    if (settings.identity.kind === 'cognito') {
      this.signIn = new CognitoSignIn(this, 'SignIn', { settings });
    } else {
      // Without a configured issuer (development), the API's own endpoint is the issuer.
      const broker = new TokenBrokerSignIn(this, 'SignIn', {
        settings,
        issuer: settings.identity.issuer ?? this.http.api.apiEndpoint,
      });
      this.http.addFunctionRoutes(broker.broker, TOKEN_BROKER_API_ROUTES);
      this.signIn = broker;
    }
    this.http.requireJwt(this.signIn.issuer, this.signIn.audience);

    // The round flow lives in the workflow stack under a fixed name: its ARN needs no export.
    const resources: PlatformResources = {
      tables: data.tables,
      evidence: data.evidence,
      documents: data.documents,
      piiKeys: data.piiKeys,
      roundFlowArn: RoundFlow.arnOf(this, roundFlowName(settings.prefix)),
      ...(settings.notifications.staffEmail ? { staffNotifyEmail: settings.notifications.staffEmail } : {}),
    };
    const environment = platformEnvironment(resources, {
      issuer: this.signIn.issuer,
      audience: this.signIn.audience,
      jwksUrl: this.signIn.jwksUrl,
      corsOrigin: props.portalOrigin,
    });

    for (const group of API_GROUPS) {
      const spec = apiFunctionSpec(group);
      const fn = new PlatformFunction(this, spec.id, {
        entry: spec.entry,
        description: spec.description,
        settings,
        environment: environmentFor(environment, spec.uses, resources),
        ...(spec.timeoutSeconds ? { timeout: Duration.seconds(spec.timeoutSeconds) } : {}),
        ...(spec.memorySize ? { memorySize: spec.memorySize } : {}),
        ...(spec.assets ? { assets: spec.assets } : {}),
      });
      grantUses(fn, spec.uses, resources);
      this.http.addFunctionRoutes(fn, API_ROUTES[group]);
      this.functions[group] = fn;
    }

    new CfnOutput(this, 'ApiEndpoint', {
      value: this.http.api.apiEndpoint,
      description: 'HTTP API endpoint',
    });
    new CfnOutput(this, 'TokenIssuer', {
      value: this.signIn.issuer,
      description: 'JWT issuer the API accepts',
    });
    new CfnOutput(this, 'TokenAudience', {
      value: this.signIn.audience,
      description: 'JWT audience the API accepts',
    });
  }
}
