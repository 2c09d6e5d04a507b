/**
 * The browser tests drive the portal as people do; steps that only repeat what an earlier step
 * showed in the browser (a second application, further score sheets) go straight to the HTTP API
 * with dev tokens, exactly as API.md describes it.
 */
import { createHash } from 'node:crypto';

export interface Identity {
  sub: string;
  roles: string[];
  name?: string;
  organizationCode?: string;
  jurisdiction?: string;
}

export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} → ${status} ${JSON.stringify(body)}`);
  }
}

export class PlatformApi {
  private readonly tokens = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  private async token(identity: Identity): Promise<string> {
    const cached = this.tokens.get(identity.sub);
    if (cached) return cached;
    const { token } = await this.call<{ token: string }>('POST', '/v1/dev/tokens', identity);
    this.tokens.set(identity.sub, token);
    return token;
  }

  /** A JSON request, as `identity` when given; throws ApiCallError on a non-2xx answer. */
  async call<T>(method: string, path: string, body?: unknown, identity?: Identity): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (identity) headers.authorization = `Bearer ${await this.token(identity)}`;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ApiCallError(response.status, parsed, `${method} ${path}`);
    return parsed as T;
  }

  /** Uploads one file as evidence the way the portal does: hash, presigned POST, complete. */
  async uploadEvidence(
    applicationId: string,
    owner: Identity,
    fileName: string,
    content: Buffer,
  ): Promise<void> {
    const grant = await this.call<{
      evidenceId: string;
      upload: { url: string; fields: Record<string, string> };
    }>(
      'POST',
      `/v1/applications/${applicationId}/evidence`,
      {
        fileName,
        contentType: 'application/pdf',
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
      },
      owner,
    );
    const form = new FormData();
    for (const [name, value] of Object.entries(grant.upload.fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(content)], { type: 'application/pdf' }), fileName);
    const stored = await fetch(grant.upload.url, { method: 'POST', body: form });
    if (!stored.ok) throw new ApiCallError(stored.status, await stored.text(), 'presigned POST');
    await this.call(
      'POST',
      `/v1/applications/${applicationId}/evidence/${grant.evidenceId}/complete`,
      undefined,
      owner,
    );
  }

  /** Polls the round until it reaches `stage` (system transitions run in the background). */
  async waitForStage(roundId: string, stage: string, as: Identity, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = (await this.call<{ stage: string }>('GET', `/v1/rounds/${roundId}`, undefined, as)).stage;
      if (last === stage) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`round ${roundId} stayed in ${last}, expected ${stage}`);
  }

  /** A score sheet giving every rubric item `fraction` of its maximum. */
  async score(
    applicationId: string,
    stage: string,
    reviewer: Identity,
    category: string,
    fraction: number,
  ): Promise<void> {
    const rubric = await this.call<{ items: { itemId: string; maxPoints: number }[] }>(
      'GET',
      `/v1/rubrics/${category}`,
      undefined,
      reviewer,
    );
    const items = Object.fromEntries(rubric.items.map((i) => [i.itemId, Math.round(i.maxPoints * fraction)]));
    await this.call('PUT', `/v1/applications/${applicationId}/scores/${stage}`, { items }, reviewer);
  }
}

/** A PDF-looking payload of `bytes` bytes (the platform checks hash, size and type, not the PDF itself). */
export function samplePdf(bytes: number, seed = 'sample'): Buffer {
  const head = Buffer.from(`%PDF-1.4\n% ${seed}\n`);
  const body = Buffer.alloc(Math.max(0, bytes - head.length), 0x20);
  return Buffer.concat([head, body]);
}
