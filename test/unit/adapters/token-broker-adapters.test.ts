import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand } from '@aws-sdk/client-kms';
import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { HttpProvincialIdentityPlatform } from '../../../functions/adapters/identity/provincial-identity-platform.ts';
import { derToJose, KmsTokenSigner } from '../../../functions/adapters/kms/kms-token-signer.ts';
import {
  CachedSecret,
  parseRoleGrants,
  SecretRoleDirectory,
} from '../../../functions/adapters/secrets/secrets-manager.ts';
import {
  claimsFor,
  handler as preToken,
  rolesForGroups,
} from '../../../functions/handlers/auth/cognito-pre-token.ts';

/** A KMS client that signs with a local P-256 key, DER-encoded, as KMS answers. */
function fakeKms(keyType: 'ec' | 'rsa' = 'ec') {
  const pair =
    keyType === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sent: unknown[] = [];
  const client = {
    async send(command: unknown) {
      sent.push(command);
      if (command instanceof SignCommand) {
        const message = command.input.Message as Uint8Array;
        return { Signature: sign('sha256', message, { key: pair.privateKey, dsaEncoding: 'der' }) };
      }
      if (command instanceof GetPublicKeyCommand) {
        return { PublicKey: pair.publicKey.export({ format: 'der', type: 'spki' }) };
      }
      throw new Error('unexpected command');
    },
  };
  return { client: client as never, sent, publicKey: pair.publicKey };
}

describe('derToJose', () => {
  it('turns DER ECDSA signatures into 64-byte r‖s that verify as IEEE P1363', () => {
    // Prepare
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

    // Act / Assess: many signatures, so r and s with and without a leading zero byte both occur.
    for (let i = 0; i < 64; i++) {
      const message = Buffer.from(`message ${i}`);
      const jose = derToJose(sign('sha256', message, { key: privateKey, dsaEncoding: 'der' }));
      expect(jose).toHaveLength(64);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(true);
    }
  });

  it('pads short integers and rejects what is not a DER signature', () => {
    // Prepare: SEQUENCE { INTEGER 0x01, INTEGER 0x00 0x80 }
    const der = Uint8Array.from([0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80]);

    // Act
    const jose = derToJose(der);

    // Assess
    expect(jose[31]).toBe(1);
    expect(jose[63]).toBe(0x80);
    expect(jose.slice(0, 31).every((b) => b === 0)).toBe(true);
    // Long-form lengths (0x81 nn) are valid DER too.
    const long = derToJose(Uint8Array.from([0x30, 0x81, 0x06, 0x02, 0x81, 0x01, 0x05, 0x02, 0x01, 0x06]));
    expect([long[31], long[63]]).toEqual([5, 6]);
    expect(() => derToJose(Uint8Array.from([0x31, 0x00]))).toThrow(/SEQUENCE/);
    expect(() => derToJose(Uint8Array.from([0x30, 0x03, 0x04, 0x01, 0x01]))).toThrow(/INTEGER/);
    expect(() => derToJose(Uint8Array.from([0x30, 0x04, 0x02, 0x05, 0x01]))).toThrow(/Truncated/);
    expect(() => derToJose(Uint8Array.from([0x30, 0x84, 0, 0, 0, 1]))).toThrow(/length/);
    expect(() => derToJose(Uint8Array.from([0x30, 0x24, 0x02, 0x21, ...Array(33).fill(0x7f)]))).toThrow(
      /too large/,
    );
  });
});

describe('KmsTokenSigner', () => {
  it('signs through KMS (raw message, ECDSA_SHA_256) and exports the public key once as a JWK', async () => {
    // Prepare
    const kms = fakeKms();
    const signer = new KmsTokenSigner(kms.client, 'arn:key');
    const input = Buffer.from('header.payload');

    // Act
    const signature = await signer.sign(input);
    const first = await signer.publicKey();
    const second = await signer.publicKey();

    // Assess
    expect(verify('sha256', input, { key: kms.publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    expect(first).toEqual(second);
    expect(first).toMatchObject({ kty: 'EC', crv: 'P-256' });
    const signCall = kms.sent.find((c) => c instanceof SignCommand) as SignCommand;
    expect(signCall.input).toMatchObject({
      KeyId: 'arn:key',
      MessageType: 'RAW',
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
    expect(kms.sent.filter((c) => c instanceof GetPublicKeyCommand)).toHaveLength(1);
  });

  it('refuses a key that is not P-256, and retries the public key after a failure', async () => {
    // Prepare
    const rsa = new KmsTokenSigner(fakeKms('rsa').client, 'k');
    let attempts = 0;
    const flaky = new KmsTokenSigner(
      {
        send: async () => {
          attempts += 1;
          if (attempts === 1) throw new Error('throttled');
          return { PublicKey: fakeKmsPublicKey() };
        },
      } as never,
      'k',
    );
    const empty = new KmsTokenSigner({ send: async () => ({}) } as never, 'k');

    // Act / Assess
    await expect(rsa.publicKey()).rejects.toThrow(/ECC_NIST_P256/);
    await expect(flaky.publicKey()).rejects.toThrow(/throttled/);
    await expect(flaky.publicKey()).resolves.toMatchObject({ kty: 'EC' });
    await expect(empty.publicKey()).rejects.toThrow(/no public key/);
    await expect(empty.sign(Buffer.from('x'))).rejects.toThrow(/no signature/);
  });
});

function fakeKmsPublicKey(): Buffer {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' });
}

type Call = { url: string; init: RequestInit };

function fakeFetch(responses: Record<string, { status: number; body?: unknown }>) {
  const calls: Call[] = [];
  const fetch = async (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(url), init });
    const answer = responses[String(url)] ?? { status: 404 };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

const TOKEN_URL = 'https://idp.example.cn/oauth2/token';
const USER_URL = 'https://idp.example.cn/oauth2/userinfo';

const platform = (responses: Record<string, { status: number; body?: unknown }>) => {
  const fake = fakeFetch(responses);
  const adapter = new HttpProvincialIdentityPlatform({
    tokenUrl: TOKEN_URL,
    userInfoUrl: USER_URL,
    clientId: 'tqa',
    clientSecret: async () => 's3cret',
    fetch: fake.fetch,
  });
  return { adapter, calls: fake.calls };
};

describe('HttpProvincialIdentityPlatform', () => {
  it('redeems the code with our client credentials, then reads who signed in', async () => {
    // Prepare
    const { adapter, calls } = platform({
      [TOKEN_URL]: { status: 200, body: { access_token: 'at-1' } },
      [USER_URL]: {
        status: 200,
        body: { code: 0, data: { userId: 1402, realName: '赵敏', uscc: '91140100MA0XXXXX0X' } },
      },
    });

    // Act
    const identity = await adapter.redeem('ST-1');

    // Assess
    expect(identity).toEqual({ subject: '1402', name: '赵敏', organizationCode: '91140100MA0XXXXX0X' });
    const form = new URLSearchParams(String(calls[0]!.init.body));
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'authorization_code',
      code: 'ST-1',
      client_id: 'tqa',
      client_secret: 's3cret',
    });
    expect(calls[1]!.init.headers).toMatchObject({ authorization: 'Bearer at-1' });
  });

  it('answers null when the platform refuses the ticket or names nobody', async () => {
    // Prepare
    const refusedToken = platform({ [TOKEN_URL]: { status: 400, body: { error: 'invalid_grant' } } });
    const noToken = platform({ [TOKEN_URL]: { status: 200, body: {} } });
    const refusedUser = platform({
      [TOKEN_URL]: { status: 200, body: { access_token: 'x' } },
      [USER_URL]: { status: 401 },
    });
    const nobody = platform({
      [TOKEN_URL]: { status: 200, body: { access_token: 'x' } },
      [USER_URL]: { status: 200, body: { name: 'no id' } },
    });

    // Act / Assess
    for (const { adapter } of [refusedToken, noToken, refusedUser, nobody]) {
      await expect(adapter.redeem('t')).resolves.toBeNull();
    }
  });

  it('treats a failing platform as an operational fault, not as a refused login', async () => {
    // Prepare
    const tokenDown = platform({ [TOKEN_URL]: { status: 503 } });
    const userDown = platform({
      [TOKEN_URL]: { status: 200, body: { access_token: 'x' } },
      [USER_URL]: { status: 500 },
    });

    // Act / Assess
    await expect(tokenDown.adapter.redeem('t')).rejects.toThrow(/503/);
    await expect(userDown.adapter.redeem('t')).rejects.toThrow(/500/);
  });
});

describe('Secrets Manager adapters', () => {
  it('caches a secret value for its time to live, on the clock it is given', async () => {
    // Prepare
    let now = new Date('2026-01-01T00:00:00Z');
    const calls: string[] = [];
    const client = {
      send: async (command: GetSecretValueCommand) => {
        calls.push(command.input.SecretId!);
        return { SecretString: `v${calls.length}` };
      },
    };
    const secret = new CachedSecret(client as never, 'arn:secret', { now: () => now }, 60);

    // Act
    const first = await secret.value();
    now = new Date('2026-01-01T00:00:59Z');
    const cached = await secret.value();
    now = new Date('2026-01-01T00:01:00Z');
    const refreshed = await secret.value();

    // Assess
    expect([first, cached, refreshed]).toEqual(['v1', 'v1', 'v2']);
    expect(calls).toEqual(['arn:secret', 'arn:secret']);
    const binary = new CachedSecret({ send: async () => ({}) } as never, 'b', { now: () => now });
    await expect(binary.value()).rejects.toThrow(/no string value/);
  });

  it('reads role grants from the JSON document and ignores malformed entries', async () => {
    // Prepare
    const document = JSON.stringify({
      'gov-1': { roles: ['staff', 7], jurisdiction: '140105', organizationCode: '11140100XXXXXXXXXX' },
      'gov-2': 'staff',
      'gov-3': { roles: 'staff' },
    });
    const directory = new SecretRoleDirectory({ value: async () => document });

    // Act
    const staff = await directory.grantFor('gov-1');
    const malformed = await directory.grantFor('gov-2');
    const notAList = await directory.grantFor('gov-3');
    const unknown = await directory.grantFor('gov-9');

    // Assess
    expect(staff).toEqual({
      roles: ['staff'],
      jurisdiction: '140105',
      organizationCode: '11140100XXXXXXXXXX',
    });
    expect(malformed).toBeNull();
    expect(notAList).toEqual({ roles: [] });
    expect(unknown).toBeNull();
    expect(parseRoleGrants('').size).toBe(0);
    expect(parseRoleGrants('[1]').size).toBe(0);
    expect(() => parseRoleGrants('{')).toThrow(SyntaxError);
  });
});

describe('Cognito pre-token-generation trigger', () => {
  const triggerEvent = (groups: string[] | undefined, attributes: Record<string, string> = {}) =>
    ({
      request: { userAttributes: attributes, groupConfiguration: { groupsToOverride: groups } },
      response: { claimsAndScopeOverrideDetails: {} },
    }) as unknown as PreTokenGenerationV2TriggerEvent;

  it('gives self-registered users the applicant role and staff their groups', () => {
    // Act / Assess
    expect(rolesForGroups(undefined)).toEqual(['applicant']);
    expect(rolesForGroups(['us-east-1_Google'])).toEqual(['applicant']);
    expect(rolesForGroups(['staff', 'reviewer', 'staff'])).toEqual(['staff', 'reviewer']);
  });

  it('puts roles and the staff-set attributes into both tokens', async () => {
    // Prepare
    const event = triggerEvent(['recommender'], {
      name: '刘洋',
      'custom:jurisdiction': '140105',
      'custom:organizationCode': '11140100XXXXXXXXXX',
    });

    // Act
    const result = await preToken(event);

    // Assess
    const claims = {
      roles: 'recommender',
      name: '刘洋',
      jurisdiction: '140105',
      organizationCode: '11140100XXXXXXXXXX',
    };
    expect(claimsFor(event)).toEqual(claims);
    expect(result.response.claimsAndScopeOverrideDetails).toEqual({
      idTokenGeneration: { claimsToAddOrOverride: claims },
      accessTokenGeneration: { claimsToAddOrOverride: claims },
    });
  });
});
