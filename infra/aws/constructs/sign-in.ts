/**
 * Sign-in by partition (DESIGN.md §6). Both variants end in the same three facts the API needs
 * (issuer, audience, key set), so the JWT authorizer and functions/shared/auth.ts verify every
 * token the same way:
 *
 * - `CognitoSignIn` (global partition): a user pool with one group per role, a password policy,
 *   MFA (TOTP) optional or required, Plus-tier threat protection, and the portal's app client.
 * - `TokenBrokerSignIn` (`aws-cn`, no Cognito user pools): the token broker function with its
 *   KMS ECC_NIST_P256 signing key, the provincial platform's client secret and the role directory.
 */
import { Aws, Duration, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { PlatformSettings } from '../config.ts';
import { COGNITO_PRE_TOKEN_FUNCTION, TOKEN_BROKER_FUNCTION } from '../function-catalog.ts';
import { acknowledge } from './nag.ts';
import { grantKeyActions, grantSecretRead, PlatformFunction } from './platform-function.ts';

/** The platform's roles (DESIGN.md §1) = Cognito group names = `roles` claim values. */
export const ROLE_GROUPS = {
  applicant: '申报人 Applicant: enterprise contact or individual',
  recommender: '推荐单位 Recommender: county/district government, development zone, competent department',
  staff: '评选办 Staff of the Leading Group office',
  reviewer: '评审专家 Reviewer',
  leader: '领导小组 Leading Group member',
  supervisor: '监督人员 Discipline inspection (read-only)',
} as const;

const ROLE_GROUP_NAMES = Object.keys(ROLE_GROUPS) as (keyof typeof ROLE_GROUPS)[];

/** What the API needs to know about the token issuer. */
export interface TokenIssuer {
  issuer: string;
  audience: string;
  jwksUrl: string;
}

export class CognitoSignIn extends Construct implements TokenIssuer {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly preToken: PlatformFunction;
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string;

  constructor(scope: Construct, id: string, props: { settings: PlatformSettings }) {
    super(scope, id);
    const { settings } = props;
    const identity = settings.identity;
    if (identity.kind !== 'cognito') throw new Error('CognitoSignIn needs the cognito identity settings');

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `${settings.prefix}-users`,
      selfSignUpEnabled: identity.selfSignUp,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      // Set by staff, never by the user (the app client cannot write them): see the client below.
      customAttributes: {
        organizationCode: new StringAttribute({ minLen: 18, maxLen: 18, mutable: true }),
        jurisdiction: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      mfa: identity.mfa === 'required' ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus carries threat protection (advanced security); Essentials still allows the version 2
      // pre-token trigger that customizes access tokens.
      featurePlan: identity.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(identity.threatProtection
        ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION }
        : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    ROLE_GROUP_NAMES.forEach((role, precedence) => {
      new CfnUserPoolGroup(this, `Group${role.charAt(0).toUpperCase()}${role.slice(1)}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: ROLE_GROUPS[role],
        precedence,
      });
    });

    this.preToken = new PlatformFunction(this, COGNITO_PRE_TOKEN_FUNCTION.id, {
      entry: COGNITO_PRE_TOKEN_FUNCTION.entry,
      description: COGNITO_PRE_TOKEN_FUNCTION.description,
      settings,
      timeout: Duration.seconds(5),
      memorySize: 256,
    });
    // Version 2 customizes the access token too (Essentials/Plus feature plans).
    this.userPool.addTrigger(
      UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      this.preToken.function,
      LambdaVersion.V2_0,
    );

    this.client = this.userPool.addClient('Portal', {
      userPoolClientName: `${settings.prefix}-portal`,
      generateSecret: false,
      authFlows: { userSrp: true },
      // The portal signs in with SRP; no hosted UI, no OAuth redirects to keep safe.
      disableOAuth: true,
      // Users may change their e-mail and name, never the attributes staff set for them.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // Short sessions for staff-type accounts (DESIGN.md §6: session timeout).
      accessTokenValidity: Duration.minutes(30),
      idTokenValidity: Duration.minutes(30),
      refreshTokenValidity: Duration.hours(8),
    });

    if (!identity.threatProtection) {
      acknowledge(
        this.userPool,
        'AwsSolutions-COG8',
        'Threat protection is the "cognitoThreatProtection" setting, switched off for this deployment (Essentials tier).',
      );
      acknowledge(
        this.userPool,
        'AwsSolutions-COG3',
        'Threat protection is the "cognitoThreatProtection" setting, switched off for this deployment (Essentials tier).',
      );
    }
    if (identity.mfa !== 'required') {
      acknowledge(
        this.userPool,
        'AwsSolutions-COG2',
        'MFA is the "mfa" setting: optional by default because applicants self-register; -c mfa=required enforces it for all.',
      );
    }

    this.issuer = `https://cognito-idp.${Stack.of(this).region}.${Aws.URL_SUFFIX}/${this.userPool.userPoolId}`;
    this.audience = this.client.userPoolClientId;
    this.jwksUrl = `${this.issuer}/.well-known/jwks.json`;
  }
}

export interface TokenBrokerSignInProps {
  settings: PlatformSettings;
  /** Our issuer (the API's HTTPS origin); a token (the API endpoint) in development. */
  issuer: string;
}

export class TokenBrokerSignIn extends Construct implements TokenIssuer {
  readonly signingKey: Key;
  readonly broker: PlatformFunction;
  readonly clientSecret: Secret;
  readonly roleGrants: Secret;
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string;

  constructor(scope: Construct, id: string, props: TokenBrokerSignInProps) {
    super(scope, id);
    const { settings } = props;
    const identity = settings.identity;
    if (identity.kind !== 'token-broker')
      throw new Error('TokenBrokerSignIn needs the token-broker identity settings');

    this.signingKey = new Key(this, 'SigningKey', {
      alias: `alias/${settings.prefix}-token-signing`,
      description:
        'Signs the platform JWTs (ES256) issued by the token broker; the private key never leaves KMS',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.signingKey,
      'AwsSolutions-KMS5',
      'KMS cannot rotate asymmetric keys; rotate by adding a new key, publishing both in the JWKS, then retiring the old.',
    );

    this.clientSecret = new Secret(this, 'ProvincialIdpClientSecret', {
      secretName: `${settings.prefix}/provincial-idp-client-secret`,
      description:
        'Our client secret at the provincial identity platform (set it with put-secret-value after deploy)',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.roleGrants = new Secret(this, 'RoleGrants', {
      secretName: `${settings.prefix}/role-grants`,
      description:
        'Who holds which platform role: {"<provincial subject>": {"roles": ["staff"], "jurisdiction": "…"}}',
      secretStringValue: SecretValue.unsafePlainText('{}'),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const secret of [this.clientSecret, this.roleGrants]) {
      acknowledge(
        secret,
        'AwsSolutions-SMG4',
        'Set by people, not generated: the provincial platform issues the client secret; the office edits role grants.',
      );
    }

    this.issuer = props.issuer;
    this.audience = identity.audience;
    this.jwksUrl = `${props.issuer}/.well-known/jwks.json`;

    this.broker = new PlatformFunction(this, TOKEN_BROKER_FUNCTION.id, {
      entry: TOKEN_BROKER_FUNCTION.entry,
      description: TOKEN_BROKER_FUNCTION.description,
      settings,
      environment: {
        SIGNING_KEY_ID: this.signingKey.keyArn,
        TOKEN_ISSUER: props.issuer,
        TOKEN_AUDIENCE: identity.audience,
        TOKEN_TTL_SECONDS: String(identity.tokenTtlSeconds),
        PROVINCIAL_IDP_TOKEN_URL: identity.provincialIdpTokenUrl,
        PROVINCIAL_IDP_USERINFO_URL: identity.provincialIdpUserInfoUrl,
        PROVINCIAL_IDP_CLIENT_ID: identity.provincialIdpClientId,
        PROVINCIAL_IDP_SECRET_ARN: this.clientSecret.secretArn,
        ROLE_GRANTS_SECRET_ARN: this.roleGrants.secretArn,
      },
    });
    grantKeyActions(this.broker, this.signingKey, ['kms:Sign', 'kms:GetPublicKey'], 'token signing key');
    grantSecretRead(this.broker, this.clientSecret, 'provincial IdP client secret');
    grantSecretRead(this.broker, this.roleGrants, 'role grants');
  }
}
