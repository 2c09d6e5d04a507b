/**
 * The provincial government-service unified identity platform over HTTP (DESIGN.md §6): the
 * one-time code/ticket is redeemed at its token endpoint with our client credentials
 * (OAuth 2.0 authorization-code style), then the user-info endpoint says who signed in.
 * Provincial platforms name their user-info fields differently; the usual names are accepted.
 */
import type {
  ProvincialIdentity,
  ProvincialIdentityPlatform,
} from '../../use-cases/exchange-identity-ticket.ts';

export interface HttpProvincialIdentityPlatformOptions {
  tokenUrl: string;
  userInfoUrl: string;
  clientId: string;
  /** Our client secret, read when needed (Secrets Manager in production). */
  clientSecret: () => Promise<string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const SUBJECT_FIELDS = ['sub', 'userId', 'user_id', 'uid', 'id'] as const;
const NAME_FIELDS = ['name', 'realName', 'userName'] as const;
const ORGANIZATION_FIELDS = ['creditCode', 'unifiedSocialCreditCode', 'uscc', 'organizationCode'] as const;

function firstString(source: Record<string, unknown>, fields: readonly string[]): string | undefined {
  for (const field of fields) {
    const value = source[field];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

/** 400/401/403 mean "this ticket is no good"; anything else unexpected is an operational fault. */
const REFUSED = new Set([400, 401, 403]);

export class HttpProvincialIdentityPlatform implements ProvincialIdentityPlatform {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpProvincialIdentityPlatformOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async redeem(ticket: string): Promise<ProvincialIdentity | null> {
    const tokenResponse = await this.fetch(this.options.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: ticket,
        client_id: this.options.clientId,
        client_secret: await this.options.clientSecret(),
      }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (REFUSED.has(tokenResponse.status)) return null;
    if (!tokenResponse.ok)
      throw new Error(`Provincial identity platform token endpoint answered ${tokenResponse.status}`);
    const token = (await tokenResponse.json()) as Record<string, unknown>;
    const accessToken = typeof token.access_token === 'string' ? token.access_token : undefined;
    if (!accessToken) return null;

    const userResponse = await this.fetch(this.options.userInfoUrl, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (REFUSED.has(userResponse.status)) return null;
    if (!userResponse.ok)
      throw new Error(`Provincial identity platform user-info endpoint answered ${userResponse.status}`);
    const body = (await userResponse.json()) as Record<string, unknown>;
    // Some platforms wrap the user in `data` (`{ code: 0, data: { … } }`).
    const user =
      typeof body.data === 'object' && body.data !== null ? (body.data as Record<string, unknown>) : body;
    const subject = firstString(user, SUBJECT_FIELDS);
    if (!subject) return null;
    const name = firstString(user, NAME_FIELDS);
    const organizationCode = firstString(user, ORGANIZATION_FIELDS);
    return { subject, ...(name ? { name } : {}), ...(organizationCode ? { organizationCode } : {}) };
  }
}
