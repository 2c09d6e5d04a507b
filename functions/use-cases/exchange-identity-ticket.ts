/**
 * The China token broker (DESIGN.md §6): Cognito user pools do not exist in the `aws-cn`
 * partition, so people sign in at the provincial government-service unified identity platform
 * (政务服务统一身份认证平台) and exchange the one-time code/ticket it hands back for our own
 * short-lived JWT. The token is ES256, signed by a KMS asymmetric key that never leaves KMS; its
 * public half is published as a JWK set, so the API Gateway JWT authorizer and functions/shared/auth.ts
 * verify it exactly like a Cognito token (issuer, audience, key set).
 *
 * Roles: everyone who signs in is an `applicant`; the other roles (staff, reviewer, leader,
 * supervisor, recommender) are granted by the award office in a role directory, with the
 * recommender's jurisdiction.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors.ts';
import type { Clock } from '../ports/clock.ts';

/** A person as the provincial identity platform knows them. */
export interface ProvincialIdentity {
  /** The platform's stable user id: becomes our `sub`. */
  subject: string;
  name?: string;
  /** Unified social credit code, when the person signed in as a legal person (法人). */
  organizationCode?: string;
}

/** The provincial identity platform (an HTTP adapter in production). */
export interface ProvincialIdentityPlatform {
  /** Redeems a one-time code/ticket; `null` when the platform refuses it (expired, used, forged). */
  redeem(ticket: string): Promise<ProvincialIdentity | null>;
}

/** An EC P-256 public key as a JWK (RFC 7518 §6.2). */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/** The signing key (KMS in production): ES256 signatures, the private key never leaves it. */
export interface TokenSigner {
  /** The ES256 signature of `signingInput`, in JOSE form (r ‖ s, 64 bytes). */
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
  publicKey(): Promise<PublicJwk>;
}

/** What the award office granted a person beyond `applicant`. */
export interface RoleGrant {
  roles: string[];
  /** The recommender's division or department id (API.md `jurisdiction` claim). */
  jurisdiction?: string;
  organizationCode?: string;
}

/** Who holds which role (maintained by the award office). */
export interface RoleDirectory {
  grantFor(subject: string): Promise<RoleGrant | null>;
}

export interface TokenBrokerConfig {
  /** Our `iss`: the HTTPS origin that serves /.well-known/openid-configuration and jwks.json. */
  issuer: string;
  audience: string;
  /** Token lifetime; short, so a staff session times out (DESIGN.md §6). */
  ttlSeconds: number;
}

export interface TokenBrokerDeps {
  platform: ProvincialIdentityPlatform;
  signer: TokenSigner;
  roles: RoleDirectory;
  clock: Clock;
  config: TokenBrokerConfig;
}

export interface IssuedToken {
  token: string;
  tokenType: 'Bearer';
  /** Seconds until expiry (OAuth 2.0 `expires_in` style). */
  expiresIn: number;
  expiresAt: string;
}

/** The roles a token may carry (DESIGN.md §1). */
export const GRANTABLE_ROLES = [
  'applicant',
  'recommender',
  'staff',
  'reviewer',
  'leader',
  'supervisor',
] as const;

const TICKET = /^[\x21-\x7e]{1,2048}$/;

const base64url = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');

/** RFC 7638 thumbprint of an EC JWK: the `kid`, stable for as long as the key is. */
export function jwkThumbprint(jwk: PublicJwk): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

function invalidTicket(message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, [
    { path: 'ticket', code: 'VALIDATION_FAILED', message },
  ]);
}

/**
 * Redeems `ticket` at the provincial platform and signs our token for that person. Throws
 * VALIDATION_FAILED for a malformed ticket and UNAUTHENTICATED when the platform refuses it.
 */
export async function exchangeIdentityTicket(
  deps: TokenBrokerDeps,
  input: { ticket: unknown },
): Promise<IssuedToken> {
  if (typeof input.ticket !== 'string' || input.ticket.trim() === '')
    throw invalidTicket('缺少统一身份认证平台返回的票据');
  const ticket = input.ticket.trim();
  if (!TICKET.test(ticket)) throw invalidTicket('票据格式无效');

  const identity = await deps.platform.redeem(ticket);
  if (!identity || identity.subject.trim() === '') {
    throw new DomainError('UNAUTHENTICATED', '统一身份认证平台未确认此次登录，请重新登录');
  }

  const grant = await deps.roles.grantFor(identity.subject);
  const granted = (grant?.roles ?? []).filter((role) =>
    (GRANTABLE_ROLES as readonly string[]).includes(role),
  );
  const roles = granted.length > 0 ? [...new Set(granted)] : ['applicant'];

  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const exp = now + deps.config.ttlSeconds;
  const organizationCode = grant?.organizationCode ?? identity.organizationCode;
  const claims = {
    iss: deps.config.issuer,
    aud: deps.config.audience,
    sub: identity.subject,
    iat: now,
    nbf: now,
    exp,
    roles,
    ...(identity.name ? { name: identity.name } : {}),
    ...(organizationCode ? { organizationCode } : {}),
    ...(grant?.jurisdiction ? { jurisdiction: grant.jurisdiction } : {}),
  };
  const header = { alg: 'ES256', typ: 'JWT', kid: jwkThumbprint(await deps.signer.publicKey()) };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = await deps.signer.sign(Buffer.from(signingInput, 'ascii'));
  if (signature.length !== 64) throw new Error(`ES256 signature must be 64 bytes, got ${signature.length}`);
  return {
    token: `${signingInput}.${base64url(signature)}`,
    tokenType: 'Bearer',
    expiresIn: deps.config.ttlSeconds,
    expiresAt: new Date(exp * 1000).toISOString(),
  };
}

/** The JWK set served at `/.well-known/jwks.json`. */
export async function publishKeySet(
  signer: TokenSigner,
): Promise<{ keys: (PublicJwk & Record<string, string>)[] }> {
  const jwk = await signer.publicKey();
  return { keys: [{ ...jwk, kid: jwkThumbprint(jwk), use: 'sig', alg: 'ES256' }] };
}

/**
 * The discovery document at `/.well-known/openid-configuration`: API Gateway's JWT authorizer
 * finds the key set through it (`jwks_uri`).
 */
export function openIdConfiguration(config: Pick<TokenBrokerConfig, 'issuer'>) {
  return {
    issuer: config.issuer,
    jwks_uri: `${config.issuer}/.well-known/jwks.json`,
    token_endpoint: `${config.issuer}/v1/auth/exchange`,
    response_types_supported: ['token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'roles',
      'name',
      'organizationCode',
      'jurisdiction',
    ],
  };
}
