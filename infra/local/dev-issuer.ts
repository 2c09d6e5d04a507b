/**
 * The local stand-in for Cognito / the token broker (DESIGN.md §4, API.md "Local mode only"): an
 * ES256 key pair that signs tokens with the same claims the API reads, and publishes its key set
 * for the verifier (functions/shared/auth.ts). Local mode only: nothing on AWS imports this file.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  SignJWT,
} from 'jose';
import type { AuthConfig, Role } from '../../functions/shared/auth.ts';

export const DEV_ISSUER = 'http://localhost/dev-issuer';
export const DEV_AUDIENCE = 'taiyuan-quality-award';
const ALGORITHM = 'ES256';
const KEY_FILE = 'dev-issuer.private.jwk.json';

/** The body of `POST /v1/dev/tokens`. */
export interface DevTokenClaims {
  sub: string;
  roles: readonly (Role | string)[];
  name?: string;
  organizationCode?: string;
  jurisdiction?: string;
}

export interface SignOptions {
  /** Lifetime: seconds or a duration ('900s', '15m', '8h', '1d'); default 8 hours. */
  expiresIn?: number | string;
  /** Issue time; default now (tests sign already-expired tokens with a past instant). */
  issuedAt?: Date;
}

export interface DevIssuer {
  issuer: string;
  audience: string;
  /** The public key set: hand it to `verifyBearer` as `jwks`. */
  jwks: JSONWebKeySet;
  /** What `buildHandler(…, { auth })` needs to verify this issuer's tokens. */
  authConfig: AuthConfig;
  /** A signed JWT carrying `sub`, `roles` and the optional claims. */
  sign(claims: DevTokenClaims, options?: SignOptions): Promise<string>;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `'8h'` → 28800; a number is already seconds. */
function durationSeconds(duration: number | string): number {
  if (typeof duration === 'number') return duration;
  const match = /^(\d+)\s*([smhd])$/.exec(duration.trim());
  if (!match) throw new Error(`Unsupported token lifetime: ${duration} (use e.g. 900, '15m', '8h')`);
  return Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number);
}

async function loadOrCreatePrivateJwk(keyDirectory: string | undefined): Promise<JWK> {
  const file = keyDirectory === undefined ? undefined : join(keyDirectory, KEY_FILE);
  if (file) {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as JWK;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  jwk.alg = ALGORITHM;
  if (keyDirectory !== undefined && file) {
    // Persisted so that tokens handed out before a restart of `npm start` stay valid after it.
    await mkdir(keyDirectory, { recursive: true });
    await writeFile(file, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
  }
  return jwk;
}

/**
 * Creates the dev issuer. With `keyDirectory` the private key is loaded from (or first written
 * to) `<keyDirectory>/dev-issuer.private.jwk.json`; without it the key lives in memory only.
 */
export async function createDevIssuer(options: { keyDirectory?: string } = {}): Promise<DevIssuer> {
  const privateJwk = await loadOrCreatePrivateJwk(options.keyDirectory);
  const { d: _secret, ...publicJwk } = privateJwk;
  const privateKey = await importJWK(privateJwk, ALGORITHM);
  const kid = privateJwk.kid as string;
  const jwks: JSONWebKeySet = { keys: [{ ...publicJwk, use: 'sig', alg: ALGORITHM, kid }] };

  return {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    jwks,
    authConfig: { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, jwks, algorithms: [ALGORITHM] },
    async sign(claims, signOptions = {}) {
      const { sub, roles, ...optional } = claims;
      const issuedAt = Math.floor((signOptions.issuedAt ?? new Date()).getTime() / 1000);
      const lifetime = signOptions.expiresIn ?? '8h';
      const payload: Record<string, unknown> = { roles: [...roles] };
      for (const [key, value] of Object.entries(optional)) if (value !== undefined) payload[key] = value;
      return new SignJWT(payload)
        .setProtectedHeader({ alg: ALGORITHM, kid, typ: 'JWT' })
        .setSubject(sub)
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + durationSeconds(lifetime))
        .sign(privateKey);
    },
  };
}
