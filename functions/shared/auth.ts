/**
 * Bearer-token authentication and role checks (DESIGN.md §3, §6). Tokens come from Cognito (roles
 * from `cognito:groups`), from our token broker in China, or from the local dev issuer (roles in a
 * `roles` claim); all three are verified the same way: issuer, audience and a JWK set.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { DomainError } from '../domain/errors.ts';
import { ROLES, type Role } from '../domain/model.ts';
import type { Actor } from '../ports/records.ts';

export { ROLES, type Role };

/** How people call each role (used in FORBIDDEN messages and in the OpenAPI descriptions). */
export const ROLE_NAMES_ZH: Record<Role, string> = {
  applicant: '申报人',
  recommender: '推荐单位',
  staff: '评选办工作人员',
  reviewer: '评审专家',
  leader: '领导小组',
  supervisor: '监督人员',
};

export interface AuthConfig {
  /** Expected `iss`, e.g. the Cognito user-pool URL or 'http://localhost/dev-issuer'. */
  issuer: string;
  /** Expected `aud`; a token without `aud` (a Cognito access token) must carry it as `client_id`. */
  audience: string;
  /** The issuer's key set: its URL (fetched and cached) or the set itself (local mode, tests). */
  jwks: string | URL | JSONWebKeySet;
  /** Accepted signature algorithms; default RS256 (Cognito) and ES256 (KMS broker, dev issuer). */
  algorithms?: string[];
  /** The instant tokens are checked against; default the wall clock (so a moved platform clock keeps sessions). */
  now?: () => Date;
}

const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

const remoteKeySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
const localKeySets = new WeakMap<JSONWebKeySet, ReturnType<typeof createLocalJWKSet>>();

/** The key resolver for a config, cached per URL / per set so keys are fetched once per container. */
function keySetFor(jwks: AuthConfig['jwks']) {
  if (typeof jwks === 'string' || jwks instanceof URL) {
    const href = jwks.toString();
    let set = remoteKeySets.get(href);
    if (!set) {
      set = createRemoteJWKSet(new URL(href));
      remoteKeySets.set(href, set);
    }
    return set;
  }
  let set = localKeySets.get(jwks);
  if (!set) {
    set = createLocalJWKSet(jwks);
    localKeySets.set(jwks, set);
  }
  return set;
}

const unauthenticated = (message: string) => new DomainError('UNAUTHENTICATED', message);

/** `roles` claim (array, or a space/comma separated string), else `cognito:groups`; unknown names dropped. */
export function rolesFromClaims(claims: JWTPayload): Role[] {
  const raw = claims.roles ?? claims['cognito:groups'];
  const list = typeof raw === 'string' ? raw.split(/[\s,]+/) : Array.isArray(raw) ? raw : [];
  return [...new Set(list.filter(isRole))];
}

const stringClaim = (claims: JWTPayload, ...names: string[]): string | undefined => {
  for (const name of names) {
    const value = claims[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
};

/** Verified claims → Actor. Cognito's `custom:` attributes are accepted for the optional claims. */
export function actorFromClaims(claims: JWTPayload): Actor {
  if (typeof claims.sub !== 'string' || claims.sub === '') throw unauthenticated('身份令牌缺少用户标识');
  const actor: Actor = { sub: claims.sub, roles: rolesFromClaims(claims) };
  const name = stringClaim(claims, 'name');
  const organizationCode = stringClaim(claims, 'organizationCode', 'custom:organizationCode');
  const jurisdiction = stringClaim(claims, 'jurisdiction', 'custom:jurisdiction');
  if (name !== undefined) actor.name = name;
  if (organizationCode !== undefined) actor.organizationCode = organizationCode;
  if (jurisdiction !== undefined) actor.jurisdiction = jurisdiction;
  return actor;
}

function audienceMatches(claims: JWTPayload, audience: string): boolean {
  if (claims.aud === undefined) return claims.client_id === audience;
  return Array.isArray(claims.aud) ? claims.aud.includes(audience) : claims.aud === audience;
}

/**
 * Verifies an `Authorization` header value (`Bearer <JWT>`) and returns the caller.
 * Throws DomainError UNAUTHENTICATED (Chinese message) for a missing, malformed, expired or
 * foreign token; an unreachable key set is an operational fault and is rethrown as is (500).
 */
export async function verifyBearer(header: string | undefined, config: AuthConfig): Promise<Actor> {
  if (header === undefined || header.trim() === '') throw unauthenticated('缺少身份令牌，请先登录');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (!match?.[1]) throw unauthenticated('身份令牌格式无效，应为 “Bearer <令牌>”');
  let claims: JWTPayload;
  try {
    const result = await jwtVerify(match[1], keySetFor(config.jwks), {
      issuer: config.issuer,
      algorithms: config.algorithms ?? ['RS256', 'ES256'],
      clockTolerance: 5,
      ...(config.now ? { currentDate: config.now() } : {}),
    });
    claims = result.payload;
  } catch (error) {
    if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) throw error;
    if (error instanceof errors.JWTExpired) throw unauthenticated('身份令牌已过期，请重新登录');
    if (error instanceof errors.JOSEError) throw unauthenticated('身份令牌无效，请重新登录');
    throw error;
  }
  if (!audienceMatches(claims, config.audience))
    throw unauthenticated('身份令牌不是签发给本平台的，请重新登录');
  return actorFromClaims(claims);
}

/** True when the actor holds at least one of `roles`. */
export const hasRole = (actor: Actor, roles: readonly Role[]): boolean =>
  roles.some((role) => actor.roles.includes(role));

/** Throws FORBIDDEN naming the needed roles in Chinese unless the actor holds one of them. */
export function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (hasRole(actor, roles)) return;
  const names = roles.map((role) => ROLE_NAMES_ZH[role]).join('或');
  throw new DomainError('FORBIDDEN', `此操作仅限${names}执行`);
}
