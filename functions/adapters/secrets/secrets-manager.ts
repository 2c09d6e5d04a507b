/**
 * Secrets Manager values, cached per container for a few minutes (so an edited value is picked up
 * without a redeploy), and the token broker's role directory kept as one JSON secret:
 *
 *   { "<provincial subject>": { "roles": ["staff"], "jurisdiction": "140105", "organizationCode": "…" } }
 *
 * The award office edits it; every change is versioned by Secrets Manager and logged by CloudTrail.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from '../../ports/clock.ts';
import type { RoleDirectory, RoleGrant } from '../../use-cases/exchange-identity-ticket.ts';

export interface SecretValue {
  value(): Promise<string>;
}

export class CachedSecret implements SecretValue {
  private cached: { value: string; until: number } | undefined;

  constructor(
    private readonly client: Pick<SecretsManagerClient, 'send'>,
    private readonly secretId: string,
    private readonly clock: Clock,
    private readonly ttlSeconds = 300,
  ) {}

  async value(): Promise<string> {
    const now = this.clock.now().getTime();
    if (this.cached && now < this.cached.until) return this.cached.value;
    const result = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    if (typeof result.SecretString !== 'string')
      throw new Error(`Secret ${this.secretId} has no string value`);
    this.cached = { value: result.SecretString, until: now + this.ttlSeconds * 1000 };
    return result.SecretString;
  }
}

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** Parses the role-grants document; malformed entries are dropped (they grant nothing). */
export function parseRoleGrants(json: string): Map<string, RoleGrant> {
  const grants = new Map<string, RoleGrant>();
  const document: unknown = json.trim() === '' ? {} : JSON.parse(json);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return grants;
  for (const [subject, entry] of Object.entries(document)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const record = entry as Record<string, unknown>;
    const grant: RoleGrant = { roles: stringList(record.roles) };
    if (typeof record.jurisdiction === 'string') grant.jurisdiction = record.jurisdiction;
    if (typeof record.organizationCode === 'string') grant.organizationCode = record.organizationCode;
    grants.set(subject, grant);
  }
  return grants;
}

export class SecretRoleDirectory implements RoleDirectory {
  constructor(private readonly secret: SecretValue) {}

  async grantFor(subject: string): Promise<RoleGrant | null> {
    return parseRoleGrants(await this.secret.value()).get(subject) ?? null;
  }
}
