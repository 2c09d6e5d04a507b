import { describe, expect, it } from 'vitest';
import { decodeClaims } from '../../../web/src/lib/auth.ts';

const jwt = (claims: Record<string, unknown>): string =>
  `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('decodeClaims', () => {
  it('reads the roles claim of the dev issuer and the token broker', () => {
    // Prepare
    const token = jwt({
      sub: 'recommender-140105',
      roles: ['recommender'],
      name: '小店区',
      jurisdiction: '140105',
      exp: 2,
    });

    // Act
    const claims = decodeClaims(token);

    // Assess
    expect(claims).toEqual({
      sub: 'recommender-140105',
      roles: ['recommender'],
      name: '小店区',
      jurisdiction: '140105',
      exp: 2,
    });
  });

  it('reads Cognito groups as roles and ignores groups that are not roles', () => {
    // Prepare
    const token = jwt({
      sub: 'abc',
      'cognito:groups': ['staff', 'admins'],
      organizationCode: '91140105MA0K123457',
    });

    // Act
    const claims = decodeClaims(token);

    // Assess
    expect(claims.roles).toEqual(['staff']);
    expect(claims.organizationCode).toBe('91140105MA0K123457');
  });

  it('refuses something that is not a JWT', () => {
    // Assess
    expect(() => decodeClaims('not-a-token')).toThrow('令牌格式不正确');
  });
});
