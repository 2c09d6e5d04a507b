import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/domain/errors.ts';
import { type AuthConfig, hasRole, requireRole, verifyBearer } from '../../../functions/shared/auth.ts';
import {
  createDevIssuer,
  DEV_AUDIENCE,
  DEV_ISSUER,
  type DevIssuer,
} from '../../../infra/local/dev-issuer.ts';

/** The DomainError a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

/** A stand-in for a Cognito user pool: an RS256 key and its key set. */
async function cognitoLikeIssuer() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'pool-key', alg: 'RS256', use: 'sig' };
  const issuer = 'https://cognito-idp.cn-northwest-1.example/pool';
  const sign = (claims: JWTPayload) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'pool-key' })
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
  return { issuer, jwks: { keys: [jwk] }, sign };
}

describe('verifyBearer', () => {
  let dev: DevIssuer;
  beforeAll(async () => {
    dev = await createDevIssuer();
  });

  it('turns a valid dev-issuer token into the Actor', async () => {
    // Prepare
    const token = await dev.sign({
      sub: 'u-1',
      roles: ['recommender'],
      name: '小店区人民政府',
      organizationCode: '11140105MB0123456X',
      jurisdiction: '140105',
    });

    // Act
    const actor = await verifyBearer(`Bearer ${token}`, dev.authConfig);

    // Assess
    expect(actor).toEqual({
      sub: 'u-1',
      roles: ['recommender'],
      name: '小店区人民政府',
      organizationCode: '11140105MB0123456X',
      jurisdiction: '140105',
    });
  });

  it('refuses an expired token', async () => {
    // Prepare
    const token = await dev.sign(
      { sub: 'u-1', roles: ['staff'] },
      { issuedAt: new Date(Date.now() - 9 * 3600_000) },
    );

    // Act
    const error = await rejection(verifyBearer(`Bearer ${token}`, dev.authConfig));

    // Assess
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toBe('身份令牌已过期，请重新登录');
  });

  it('refuses a token for another audience', async () => {
    // Prepare
    const token = await dev.sign({ sub: 'u-1', roles: ['staff'] });

    // Act
    const error = await rejection(
      verifyBearer(`Bearer ${token}`, { ...dev.authConfig, audience: 'another-app' }),
    );

    // Assess
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toBe('身份令牌不是签发给本平台的，请重新登录');
  });

  it('refuses a token from another issuer, or signed with another key', async () => {
    // Prepare
    const token = await dev.sign({ sub: 'u-1', roles: ['staff'] });
    const impostor = await createDevIssuer();
    const forged = await impostor.sign({ sub: 'u-1', roles: ['staff'] });

    // Act
    const wrongIssuer = await rejection(
      verifyBearer(`Bearer ${token}`, { ...dev.authConfig, issuer: 'https://id.example' }),
    );
    const wrongKey = await rejection(verifyBearer(`Bearer ${forged}`, dev.authConfig));

    // Assess
    expect(wrongIssuer.code).toBe('UNAUTHENTICATED');
    expect(wrongIssuer.message).toBe('身份令牌无效，请重新登录');
    expect(wrongKey.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a missing header, another scheme, and garbage', async () => {
    // Act
    const missing = await rejection(verifyBearer(undefined, dev.authConfig));
    const basic = await rejection(verifyBearer('Basic dXNlcjpwYXNz', dev.authConfig));
    const garbage = await rejection(verifyBearer('Bearer not.a.jwt', dev.authConfig));

    // Assess
    expect(missing.message).toBe('缺少身份令牌，请先登录');
    expect(basic.message).toBe('身份令牌格式无效，应为 “Bearer <令牌>”');
    expect(garbage.message).toBe('身份令牌无效，请重新登录');
  });

  it('maps Cognito groups to roles when there is no roles claim, dropping unknown groups', async () => {
    // Prepare
    const pool = await cognitoLikeIssuer();
    const config: AuthConfig = { issuer: pool.issuer, audience: 'portal-client', jwks: pool.jwks };
    const idToken = await pool.sign({
      sub: 'c-7',
      aud: 'portal-client',
      'cognito:groups': ['staff', 'leader', 'Administrators'],
      name: '李四',
      'custom:jurisdiction': '140106',
    });

    // Act
    const actor = await verifyBearer(`Bearer ${idToken}`, config);

    // Assess
    expect(actor).toEqual({ sub: 'c-7', roles: ['staff', 'leader'], name: '李四', jurisdiction: '140106' });
  });

  it('prefers the roles claim over Cognito groups', async () => {
    // Prepare
    const pool = await cognitoLikeIssuer();
    const config: AuthConfig = { issuer: pool.issuer, audience: 'portal-client', jwks: pool.jwks };
    const token = await pool.sign({
      sub: 'c-8',
      aud: 'portal-client',
      roles: ['supervisor'],
      'cognito:groups': ['staff'],
    });

    // Act
    const actor = await verifyBearer(`Bearer ${token}`, config);

    // Assess
    expect(actor.roles).toEqual(['supervisor']);
  });

  it('accepts a Cognito access token (no aud) by its client_id, and only that client', async () => {
    // Prepare
    const pool = await cognitoLikeIssuer();
    const config: AuthConfig = { issuer: pool.issuer, audience: 'portal-client', jwks: pool.jwks };
    const ours = await pool.sign({ sub: 'c-9', client_id: 'portal-client', 'cognito:groups': ['reviewer'] });
    const theirs = await pool.sign({ sub: 'c-9', client_id: 'other-client', 'cognito:groups': ['reviewer'] });

    // Act
    const actor = await verifyBearer(`Bearer ${ours}`, config);
    const error = await rejection(verifyBearer(`Bearer ${theirs}`, config));

    // Assess
    expect(actor.roles).toEqual(['reviewer']);
    expect(error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token without a subject', async () => {
    // Prepare
    const pool = await cognitoLikeIssuer();
    const token = await pool.sign({ aud: 'portal-client', roles: ['staff'] });

    // Act
    const error = await rejection(
      verifyBearer(`Bearer ${token}`, { issuer: pool.issuer, audience: 'portal-client', jwks: pool.jwks }),
    );

    // Assess
    expect(error.message).toBe('身份令牌缺少用户标识');
  });

  describe('with a key set behind a URL (the token broker in China)', () => {
    let server: ReturnType<typeof createServer>;
    let jwksUrl: string;
    beforeAll(async () => {
      server = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(dev.jwks));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('fetches the key set and verifies', async () => {
      // Prepare
      const token = await dev.sign({ sub: 'u-2', roles: ['applicant'] });

      // Act
      const actor = await verifyBearer(`Bearer ${token}`, {
        issuer: DEV_ISSUER,
        audience: DEV_AUDIENCE,
        jwks: jwksUrl,
      });

      // Assess
      expect(actor).toEqual({ sub: 'u-2', roles: ['applicant'] });
    });
  });
});

describe('requireRole', () => {
  it('lets a holder of one of the roles through', () => {
    // Act / Assess
    expect(() => requireRole({ sub: 'u', roles: ['leader'] }, ['staff', 'leader'])).not.toThrow();
    expect(hasRole({ sub: 'u', roles: ['leader'] }, ['staff'])).toBe(false);
  });

  it('refuses with FORBIDDEN naming the needed roles in Chinese', () => {
    // Act
    let error: unknown;
    try {
      requireRole({ sub: 'u', roles: ['applicant'] }, ['staff', 'leader', 'supervisor']);
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('FORBIDDEN');
    expect((error as DomainError).message).toBe('此操作仅限评选办工作人员或领导小组或监督人员执行');
  });
});

describe('dev issuer', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'dev-issuer-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('keeps its key across restarts when given a directory', async () => {
    // Prepare
    const first = await createDevIssuer({ keyDirectory: directory });
    const token = await first.sign({ sub: 'u-3', roles: ['reviewer'] });

    // Act
    const second = await createDevIssuer({ keyDirectory: directory });
    const actor = await verifyBearer(`Bearer ${token}`, second.authConfig);

    // Assess
    expect(second.jwks).toEqual(first.jwks);
    expect(actor.sub).toBe('u-3');
    expect(second.jwks.keys[0]).not.toHaveProperty('d');
    expect((await stat(join(directory, 'dev-issuer.private.jwk.json'))).mode & 0o777).toBe(0o600);
  });

  it('signs 8-hour tokens for the platform audience', async () => {
    // Prepare
    const issuer = await createDevIssuer();

    // Act
    const token = await issuer.sign({ sub: 'u-4', roles: ['applicant'] });
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] as string, 'base64url').toString(),
    ) as JWTPayload;

    // Assess
    expect(payload).toMatchObject({ iss: DEV_ISSUER, aud: DEV_AUDIENCE, sub: 'u-4', roles: ['applicant'] });
    expect((payload.exp as number) - (payload.iat as number)).toBe(8 * 3600);
  });
});
