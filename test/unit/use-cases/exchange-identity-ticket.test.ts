import { generateKeyPairSync, sign } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/domain/errors.ts';
import {
  buildHandler,
  DISCOVERY_ROUTE,
  EXCHANGE_ROUTE,
  JWKS_ROUTE,
  liveTokenBrokerDeps,
} from '../../../functions/handlers/auth/token-broker.ts';
import { verifyBearer } from '../../../functions/shared/auth.ts';
import {
  exchangeIdentityTicket,
  jwkThumbprint,
  openIdConfiguration,
  type ProvincialIdentity,
  type PublicJwk,
  publishKeySet,
  type RoleGrant,
  type TokenBrokerDeps,
  type TokenSigner,
} from '../../../functions/use-cases/exchange-identity-ticket.ts';

const NOW = new Date('2026-09-28T01:00:00Z');
const ISSUER = 'https://api.zlj.example.cn';
const AUDIENCE = 'tqa-portal';

/** An ES256 signer on a local P-256 key: what KMS does, without KMS. */
function fakeSigner(): TokenSigner & { calls: number } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  return {
    calls: 0,
    async sign(input) {
      this.calls += 1;
      return sign('sha256', input, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    },
    async publicKey(): Promise<PublicJwk> {
      return { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! };
    },
  };
}

function deps(
  options: { identities?: Record<string, ProvincialIdentity>; grants?: Record<string, RoleGrant> } = {},
) {
  const redeemed: string[] = [];
  const signer = fakeSigner();
  const value: TokenBrokerDeps = {
    platform: {
      async redeem(ticket) {
        redeemed.push(ticket);
        return options.identities?.[ticket] ?? null;
      },
    },
    signer,
    roles: { grantFor: async (subject) => options.grants?.[subject] ?? null },
    clock: { now: () => NOW },
    config: { issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 1800 },
  };
  return { deps: value, redeemed, signer };
}

const verify = async (token: string, signer: TokenSigner, now = NOW) =>
  verifyBearer(`Bearer ${token}`, {
    issuer: ISSUER,
    audience: AUDIENCE,
    jwks: await publishKeySet(signer),
    now: () => now,
  });

describe('exchangeIdentityTicket', () => {
  it('signs an ES256 token that the platform verifies like any other issuer', async () => {
    // Prepare
    const {
      deps: d,
      redeemed,
      signer,
    } = deps({
      identities: { 'ST-1': { subject: 'sx-001', name: '王芳', organizationCode: '91140100MA0XXXXX0X' } },
    });

    // Act
    const issued = await exchangeIdentityTicket(d, { ticket: ' ST-1 ' });
    const actor = await verify(issued.token, signer);

    // Assess
    expect(redeemed).toEqual(['ST-1']);
    expect(issued).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 1800,
      expiresAt: '2026-09-28T01:30:00.000Z',
    });
    expect(actor).toEqual({
      sub: 'sx-001',
      roles: ['applicant'],
      name: '王芳',
      organizationCode: '91140100MA0XXXXX0X',
    });
    const header = JSON.parse(Buffer.from(issued.token.split('.')[0]!, 'base64url').toString('utf8'));
    expect(header).toEqual({ alg: 'ES256', typ: 'JWT', kid: jwkThumbprint(await signer.publicKey()) });
  });

  it('expires: the same token is refused once its lifetime has passed', async () => {
    // Prepare
    const { deps: d, signer } = deps({ identities: { t: { subject: 's' } } });
    const { token } = await exchangeIdentityTicket(d, { ticket: 't' });

    // Act
    const later = verify(token, signer, new Date(NOW.getTime() + 1801_000 + 5_000));

    // Assess
    await expect(later).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('carries the roles and jurisdiction the award office granted, dropping unknown role names', async () => {
    // Prepare
    const { deps: d, signer } = deps({
      identities: { a: { subject: 'gov-7', name: '李强' }, b: { subject: 'gov-8' } },
      grants: {
        'gov-7': { roles: ['recommender', 'root', 'recommender'], jurisdiction: '140105' },
        'gov-8': { roles: ['superuser'] },
      },
    });

    // Act
    const recommender = await verify((await exchangeIdentityTicket(d, { ticket: 'a' })).token, signer);
    const nobodySpecial = await verify((await exchangeIdentityTicket(d, { ticket: 'b' })).token, signer);

    // Assess
    expect(recommender).toEqual({
      sub: 'gov-7',
      roles: ['recommender'],
      name: '李强',
      jurisdiction: '140105',
    });
    expect(nobodySpecial.roles).toEqual(['applicant']);
  });

  it('refuses a ticket the provincial platform does not confirm, in Chinese', async () => {
    // Prepare
    const { deps: d, signer } = deps({ identities: { blank: { subject: '  ' } } });

    // Act
    const unknown = exchangeIdentityTicket(d, { ticket: 'ST-unknown' });
    const blank = exchangeIdentityTicket(d, { ticket: 'blank' });

    // Assess
    await expect(unknown).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(/统一身份认证平台/),
    });
    await expect(blank).rejects.toBeInstanceOf(DomainError);
    expect(signer.calls).toBe(0);
  });

  it('rejects a missing or malformed ticket before calling the platform', async () => {
    // Prepare
    const { deps: d, redeemed } = deps();

    // Act / Assess
    for (const ticket of [undefined, 42, '', '   ', 'tab\there', 'x'.repeat(2049), '票据']) {
      await expect(exchangeIdentityTicket(d, { ticket })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        findings: [expect.objectContaining({ path: 'ticket' })],
      });
    }
    expect(redeemed).toEqual([]);
  });

  it('refuses to emit a token whose signature is not a 64-byte JOSE signature', async () => {
    // Prepare
    const { deps: d } = deps({ identities: { t: { subject: 's' } } });
    d.signer = { ...d.signer, sign: async () => new Uint8Array(70) };

    // Act / Assess
    await expect(exchangeIdentityTicket(d, { ticket: 't' })).rejects.toThrow(/64 bytes/);
  });
});

describe('key set and discovery', () => {
  it('publishes the public key with its thumbprint as kid, and a discovery document pointing at it', async () => {
    // Prepare
    const signer = fakeSigner();
    const jwk = await signer.publicKey();

    // Act
    const set = await publishKeySet(signer);
    const discovery = openIdConfiguration({ issuer: ISSUER });

    // Assess
    expect(set).toEqual({ keys: [{ ...jwk, kid: jwkThumbprint(jwk), use: 'sig', alg: 'ES256' }] });
    expect(jwkThumbprint(jwk)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(discovery).toMatchObject({
      issuer: ISSUER,
      jwks_uri: `${ISSUER}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['ES256'],
    });
  });

  it('computes the same RFC 7638 thumbprint as jose', async () => {
    // Prepare
    const jwk: PublicJwk = {
      kty: 'EC',
      crv: 'P-256',
      x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
      y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    };

    // Act
    const expected = await calculateJwkThumbprint(jwk, 'sha256');

    // Assess
    expect(jwkThumbprint(jwk)).toBe(expected);
  });
});

const event = (routeKey: string, body?: string, isBase64Encoded = false): APIGatewayProxyEventV2 =>
  ({ routeKey, body, isBase64Encoded, headers: {} }) as unknown as APIGatewayProxyEventV2;

describe('token broker handler', () => {
  it('exchanges a ticket (or a code) and answers without caching', async () => {
    // Prepare
    const { deps: d } = deps({ identities: { 'ST-9': { subject: 'p-9' } } });
    const handler = buildHandler(() => d);

    // Act
    const byTicket = await handler(event(EXCHANGE_ROUTE, JSON.stringify({ ticket: 'ST-9' })));
    const byCode = await handler(
      event(EXCHANGE_ROUTE, Buffer.from(JSON.stringify({ code: 'ST-9' })).toString('base64'), true),
    );

    // Assess
    for (const response of [byTicket, byCode]) {
      expect(response.statusCode).toBe(200);
      expect(response.headers).toMatchObject({
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
      expect(JSON.parse(response.body!)).toMatchObject({ tokenType: 'Bearer', expiresIn: 1800 });
    }
  });

  it('serves the key set and the discovery document', async () => {
    // Prepare
    const { deps: d, signer } = deps();
    const handler = buildHandler(d);

    // Act
    const jwks = await handler(event(JWKS_ROUTE));
    const discovery = await handler(event(DISCOVERY_ROUTE));

    // Assess
    expect(JSON.parse(jwks.body!)).toEqual(await publishKeySet(signer));
    expect(JSON.parse(discovery.body!).jwks_uri).toBe(`${ISSUER}/.well-known/jwks.json`);
  });

  it('maps refusals and bad requests to problem+json, never to a 5xx', async () => {
    // Prepare
    const { deps: d } = deps();
    const handler = buildHandler(d);

    // Act
    const refused = await handler(event(EXCHANGE_ROUTE, JSON.stringify({ ticket: 'nope' })));
    const notJson = await handler(event(EXCHANGE_ROUTE, '{ticket'));
    const missing = await handler(event(EXCHANGE_ROUTE));
    const huge = await handler(event(EXCHANGE_ROUTE, JSON.stringify({ ticket: 'x'.repeat(9000) })));
    const unknown = await handler(event('GET /v1/auth/other'));

    // Assess
    expect([refused, notJson, missing, huge, unknown].map((r) => r.statusCode)).toEqual([
      401, 400, 400, 413, 404,
    ]);
    expect(refused.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'www-authenticate': 'Bearer',
    });
    expect(JSON.parse(refused.body!)).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('answers 500 with no internals when a dependency fails unexpectedly', async () => {
    // Prepare
    const { deps: d } = deps({ identities: { t: { subject: 's' } } });
    d.signer = { ...d.signer, sign: async () => Promise.reject(new Error('KMS throttled: arn of the key')) };
    const handler = buildHandler(d);

    // Act
    const response = await handler(event(EXCHANGE_ROUTE, JSON.stringify({ ticket: 't' })));

    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('KMS');
  });
});

describe('token broker configuration', () => {
  const ENV = {
    SIGNING_KEY_ID: 'arn:aws-cn:kms:cn-northwest-1:111122223333:key/k',
    TOKEN_ISSUER: `${ISSUER}/`,
    TOKEN_AUDIENCE: AUDIENCE,
    PROVINCIAL_IDP_TOKEN_URL: 'https://idp.example.cn/oauth2/token',
    PROVINCIAL_IDP_USERINFO_URL: 'https://idp.example.cn/oauth2/userinfo',
    PROVINCIAL_IDP_CLIENT_ID: 'tqa',
    PROVINCIAL_IDP_SECRET_ARN: 'arn:secret:client',
    ROLE_GRANTS_SECRET_ARN: 'arn:secret:roles',
  };

  it('builds its dependencies from the environment the stack sets, with the default lifetime', () => {
    // Act
    const live = liveTokenBrokerDeps(ENV);

    // Assess
    expect(live.config).toEqual({ issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 1800 });
    expect(live.clock.now()).toBeInstanceOf(Date);
  });

  it('names every missing variable, in Chinese, before serving anything', () => {
    // Act / Assess
    expect(() =>
      liveTokenBrokerDeps({ ...ENV, SIGNING_KEY_ID: undefined, TOKEN_ISSUER: 'not a url' }),
    ).toThrow(/环境变量配置无效：.*SIGNING_KEY_ID.*TOKEN_ISSUER/);
  });
});
