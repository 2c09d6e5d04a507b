/**
 * A small client for the platform's HTTP API (API.md), used by the demo and the end-to-end tests.
 * It speaks only the public contract: nothing here reaches into the platform's internals.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ProblemLike,
    readonly request: string,
  ) {
    super(`${request} → ${status} ${body.code ?? ''} ${body.detail ?? body.title ?? ''}`);
  }
}

export interface ProblemLike {
  code?: string;
  title?: string;
  detail?: string;
  errors?: { path: string; code: string; message: string }[];
}

export interface Identity {
  sub: string;
  roles: string[];
  name?: string;
  organizationCode?: string;
  jurisdiction?: string;
}

export class ApiClient {
  private readonly tokens = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  /** Signs in through the local token issuer (local mode only). */
  async as(identity: Identity): Promise<Session> {
    let token = this.tokens.get(identity.sub);
    if (!token) {
      const issued = await this.request<{ token: string }>('POST', '/v1/dev/tokens', { body: identity });
      token = issued.token;
      this.tokens.set(identity.sub, token);
    }
    return new Session(this, token);
  }

  get public(): Session {
    return new Session(this, undefined);
  }

  async now(): Promise<Date> {
    const { now } = await this.request<{ now: string }>('GET', '/v1/dev/clock');
    return new Date(now);
  }

  async moveClockTo(instant: Date): Promise<Date> {
    const { now } = await this.request<{ now: string }>('POST', '/v1/dev/clock', {
      body: { now: instant.toISOString() },
    });
    return new Date(now);
  }

  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ApiError(response.status, parsed ?? {}, `${method} ${path}`);
    return parsed as T;
  }
}

export class Session {
  constructor(
    private readonly client: ApiClient,
    private readonly token: string | undefined,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.client.request<T>('GET', path, this.opts());
  }

  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    return this.client.request<T>('POST', path, this.opts(body ?? {}, headers));
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.client.request<T>('PUT', path, this.opts(body));
  }

  /** Runs a call that is expected to be refused and returns the problem document. */
  async refused(call: () => Promise<unknown>): Promise<ApiError> {
    try {
      await call();
    } catch (error) {
      if (error instanceof ApiError) return error;
      throw error;
    }
    throw new Error('expected the API to refuse the call');
  }

  private opts(body?: unknown, headers?: Record<string, string>) {
    return {
      ...(this.token ? { token: this.token } : {}),
      ...(body === undefined ? {} : { body }),
      ...(headers ? { headers } : {}),
    };
  }
}

/** Uploads a file with the presigned POST the platform handed out (what the browser does). */
export async function uploadWithPresignedPost(
  upload: { url: string; fields: Record<string, string> },
  content: Uint8Array,
  contentType: string,
  fileName: string,
): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(content)], { type: contentType }), fileName);
  const response = await fetch(upload.url, { method: 'POST', body: form });
  if (!response.ok && response.status !== 204) {
    throw new Error(`upload failed: ${response.status} ${await response.text()}`);
  }
}
