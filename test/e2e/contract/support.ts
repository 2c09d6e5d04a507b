/**
 * Black-box conformance tests of API.md against the real local platform (DynamoDB Local, s3rver,
 * the local Step Functions engine, the scheduler and the gateway), through HTTP only. This module
 * holds what every contract file needs: the platform, a raw HTTP client that never throws (status,
 * content type and body are what the contract is about), problem+json and UTC assertions, valid
 * identifiers and application bodies, and the evidence upload a browser does.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { Platform } from '../../../infra/local/platform.ts';
import { creditCode, idNumber } from '../../../scripts/demo-round.ts';
import { uploadWithPresignedPost } from '../../../scripts/lib/api-client.ts';

export { creditCode, idNumber };

/** Monday 2026-03-02 09:00 Beijing time: every contract file starts its clock here. */
export const CLOCK_START = '2026-03-02T09:00:00+08:00';
export const DAY = 24 * 60 * 60 * 1000;

/**
 * One platform per test file (DynamoDB Local is a JVM): a clock that stands still between moves.
 * Imported on demand, so a file may set the logger's environment (POWERTOOLS_LOG_LEVEL) first.
 */
export async function startContractPlatform(): Promise<Platform> {
  const { startPlatform } = await import('../../../infra/local/platform.ts');
  return startPlatform({ port: 0, inMemory: true, clockStart: CLOCK_START, clockTicking: false });
}

export interface Identity {
  sub: string;
  roles: string[];
  name?: string;
  organizationCode?: string;
  jurisdiction?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON read by the assertions
export type Json = any;

/** What the API answered: never thrown, so a test can look at any status. */
export interface Reply {
  status: number;
  contentType: string;
  headers: Headers;
  body: Json;
  text: string;
}

export interface CallOptions {
  /** A JSON body (serialized here). */
  body?: unknown;
  /** A body sent as is (malformed JSON, huge payloads). */
  raw?: string;
  /** `Authorization: Bearer <token>`; a string is sent as the whole header value with `header`. */
  token?: string;
  headers?: Record<string, string>;
}

/** A raw HTTP client of the platform; `as(identity)` signs in through the local token issuer. */
export class Http {
  private readonly tokens = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async call(method: string, path: string, options: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && headers['content-type'] === undefined)
      headers['content-type'] = 'application/json';
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: Json;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    // API.md: responses give instants in UTC — checked on every successful answer of every test.
    if (response.ok && parsed !== undefined && !path.startsWith('/v1/openapi.json')) {
      expectUtcInstants(parsed, `${method} ${path}`);
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      headers: response.headers,
      body: parsed,
      text,
    };
  }

  /** A token for `identity` (cached per sub). */
  async token(identity: Identity): Promise<string> {
    const cached = this.tokens.get(identity.sub);
    if (cached) return cached;
    const reply = await this.call('POST', '/v1/dev/tokens', { body: identity });
    expect(reply.status, reply.text).toBe(200);
    this.tokens.set(identity.sub, reply.body.token as string);
    return reply.body.token as string;
  }

  async as(identity: Identity): Promise<Caller> {
    return new Caller(this, await this.token(identity), identity);
  }

  get public(): Caller {
    return new Caller(this, undefined, undefined);
  }

  /** `POST /v1/dev/clock`: every timed step then due has run when it answers. */
  async moveClockTo(instant: Date | string): Promise<Reply> {
    const now = typeof instant === 'string' ? instant : instant.toISOString();
    const reply = await this.call('POST', '/v1/dev/clock', { body: { now } });
    expect(reply.status, reply.text).toBe(200);
    return reply;
  }

  async now(): Promise<Date> {
    const reply = await this.call('GET', '/v1/dev/clock');
    return new Date(reply.body.now as string);
  }
}

/** One signed-in (or public) caller. */
export class Caller {
  constructor(
    readonly http: Http,
    readonly token: string | undefined,
    readonly identity: Identity | undefined,
  ) {}

  call(method: string, path: string, options: Omit<CallOptions, 'token'> = {}): Promise<Reply> {
    return this.http.call(method, path, { ...options, ...(this.token ? { token: this.token } : {}) });
  }

  get(path: string): Promise<Reply> {
    return this.call('GET', path);
  }

  post(path: string, body: unknown = {}, headers?: Record<string, string>): Promise<Reply> {
    return this.call('POST', path, { body, ...(headers ? { headers } : {}) });
  }

  put(path: string, body: unknown): Promise<Reply> {
    return this.call('PUT', path, { body });
  }

  /** A call that must succeed with `status` (default 2xx); returns the body. */
  async ok(method: string, path: string, body?: unknown, status?: number): Promise<Json> {
    const reply = await this.call(method, path, body === undefined ? {} : { body });
    if (status === undefined) expect(reply.status, `${method} ${path}: ${reply.text}`).toBeLessThan(300);
    else expect(reply.status, `${method} ${path}: ${reply.text}`).toBe(status);
    return reply.body;
  }
}

const CJK = /[\u3400-\u9fff]/;

/** True when the text contains Chinese characters. */
export const isChinese = (text: unknown): boolean => typeof text === 'string' && CJK.test(text);

/**
 * API.md "Errors": `application/problem+json` with {type, title, status, code, detail, errors}, the
 * title, detail and every message in Chinese, `status` equal to the HTTP status.
 */
export function expectProblem(reply: Reply, status: number, code?: string): Json {
  const where = `${status} ${code ?? ''} expected, got ${reply.status}: ${reply.text.slice(0, 600)}`;
  expect(reply.status, where).toBe(status);
  expect(reply.contentType, where).toMatch(/^application\/problem\+json/);
  const body = reply.body;
  expect(body, where).toBeTypeOf('object');
  expect(Object.keys(body)).toEqual(
    expect.arrayContaining(['type', 'title', 'status', 'code', 'detail', 'errors']),
  );
  expect(body.type).toBeTypeOf('string');
  expect(body.status).toBe(status);
  if (code) expect(body.code, where).toBe(code);
  expect(isChinese(body.title), `title in Chinese: ${body.title}`).toBe(true);
  expect(isChinese(body.detail), `detail in Chinese: ${body.detail}`).toBe(true);
  expect(Array.isArray(body.errors)).toBe(true);
  for (const error of body.errors as Json[]) {
    expect(error.path).toBeTypeOf('string');
    expect(error.code).toBeTypeOf('string');
    expect(isChinese(error.message), `message in Chinese: ${JSON.stringify(error)}`).toBe(true);
  }
  return body;
}

/** Never a 5xx for bad input; an error answer is problem+json. */
export function expectNoServerError(reply: Reply, what: string): void {
  expect(reply.status, `${what} → ${reply.status} ${reply.text.slice(0, 300)}`).toBeLessThan(500);
  if (reply.status >= 400) {
    expect(reply.contentType, `${what}: problem+json`).toMatch(/^application\/problem\+json/);
    expect(isChinese(reply.body?.title), `${what}: Chinese title`).toBe(true);
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** API.md: responses give instants in UTC (`Z`); returns how many instants were checked. */
export function expectUtcInstants(value: unknown, path = '$'): number {
  if (typeof value === 'string') {
    if (ISO_INSTANT.test(value)) {
      expect(value.endsWith('Z'), `${path} = ${value} is not in UTC`).toBe(true);
      return 1;
    }
    return 0;
  }
  if (Array.isArray(value))
    return value.reduce((n: number, v, i) => n + expectUtcInstants(v, `${path}[${i}]`), 0);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).reduce((n, [k, v]) => n + expectUtcInstants(v, `${path}.${k}`), 0);
  }
  return 0;
}

/**
 * API.md: audit actions are `{entity}.{verb in the past tense}`: created, withdrawn, struck,
 * review-started, passed-over … (a word of the verb ends like a past tense or participle).
 */
export const PAST_TENSE_ACTION = /^[a-z][a-z-]*\.(?:[a-z-]*-)?(?:[a-z]+(?:ed|wn)|struck)(?:-[a-z]+)?$/;

/** Fails when `text` holds any of `secrets` in full. */
export function expectNoSecrets(text: string, secrets: readonly string[], where: string): void {
  for (const secret of secrets) expect(text.includes(secret), `${where} shows ${secret} in full`).toBe(false);
}

/** The date `years` years (and `days` days) before `instant`, as YYYY-MM-DD. */
export function yearsBefore(instant: Date | string, years: number, days = 0): string {
  const at = new Date(instant).getTime();
  return new Date(at - years * 365.25 * DAY + days * DAY).toISOString().slice(0, 10);
}

export interface OrganizationOptions {
  name: string;
  creditCode: string;
  jurisdiction?: string;
  registeredOn: string;
  industry?: string;
  phone?: string;
  declarations?: Partial<Record<'noMajorAccident3Years' | 'noBadCreditRecord' | 'compliesWithLaw', boolean>>;
}

/** API.md "Organization body". */
export function organizationBody(o: OrganizationOptions): Json {
  return {
    category: 'organization',
    organization: {
      name: o.name,
      creditCode: o.creditCode,
      registeredOn: o.registeredOn,
      industry: o.industry ?? 'manufacturing',
      sme: true,
      address: '山西省太原市小店区',
      contact: { name: '质量部 王经理', phone: o.phone ?? '13800138000', email: 'quality@example.cn' },
    },
    jurisdiction: o.jurisdiction ?? '140105',
    declarations: {
      noMajorAccident3Years: true,
      noBadCreditRecord: true,
      compliesWithLaw: true,
      ...o.declarations,
    },
    selfEvaluation: { items: {}, summary: `${o.name}推行卓越绩效管理模式。` },
  };
}

export interface MemberOptions {
  name: string;
  idNumber: string;
  employer?: string;
  employerCreditCode?: string;
  qualityWorkSince: string;
}

/** API.md "Individual body". */
export function individualBody(members: MemberOptions[], jurisdiction = '140106'): Json {
  return {
    category: 'individual',
    members: members.map((m) => ({
      name: m.name,
      idNumber: m.idNumber,
      employer: m.employer ?? '太原重型机械装备有限公司',
      employerCreditCode: m.employerCreditCode ?? creditCode('140108', 100),
      qualityWorkSince: m.qualityWorkSince,
    })),
    jurisdiction,
    declarations: { employerNoMajorAccident3Years: true, compliesWithLaw: true },
    selfEvaluation: { items: {}, summary: '长期从事质量管理工作，成果在全市推广。' },
  };
}

export const pdf = (title: string): Uint8Array =>
  new TextEncoder().encode(`%PDF-1.4\n% ${title}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`);

export const sha256 = (content: Uint8Array): string => createHash('sha256').update(content).digest('hex');

/** Requests an upload slot (201 expected) for `content`; returns the answer's body. */
export async function requestUpload(
  owner: Caller,
  applicationId: string,
  content: Uint8Array,
  fileName = '自评报告.pdf',
) {
  return owner.ok(
    'POST',
    `/v1/applications/${applicationId}/evidence`,
    { fileName, contentType: 'application/pdf', size: content.length, sha256: sha256(content) },
    201,
  ) as Promise<{
    evidenceId: string;
    upload: { url: string; fields: Record<string, string> };
    expiresAt: string;
  }>;
}

/** What a browser does: request the slot, POST the file to storage, complete. Returns the evidence id. */
export async function attachEvidence(
  owner: Caller,
  applicationId: string,
  fileName = '自评报告.pdf',
): Promise<string> {
  const content = pdf(`${applicationId} ${fileName}`);
  const slot = await requestUpload(owner, applicationId, content, fileName);
  await uploadWithPresignedPost(slot.upload, content, 'application/pdf', fileName);
  await owner.ok(
    'POST',
    `/v1/applications/${applicationId}/evidence/${slot.evidenceId}/complete`,
    undefined,
    200,
  );
  return slot.evidenceId;
}

/** Creates a draft (201), attaches one verified file and submits it (200); returns the application. */
export async function fileApplication(owner: Caller, roundId: string, body: Json): Promise<Json> {
  const draft = await owner.ok('POST', `/v1/rounds/${roundId}/applications`, body, 201);
  await attachEvidence(owner, draft.applicationId as string);
  return owner.ok('POST', `/v1/applications/${draft.applicationId}/submit`, undefined, 200);
}

export { uploadWithPresignedPost };
