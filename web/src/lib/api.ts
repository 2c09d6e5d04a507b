/**
 * The HTTP API of /work/shared/API.md and nothing else. Every call sends the session's bearer token;
 * a non-2xx answer becomes an ApiError carrying the problem+json body, so pages can show its
 * Chinese `detail` and place its `errors` next to the fields.
 */
import { runtimeConfig } from '../config.ts';
import { currentSession } from './auth.ts';
import type { FieldFinding } from './findings.ts';
import type {
  Application,
  Assignment,
  AuditEntry,
  Award,
  CalendarYear,
  Category,
  EvidenceUpload,
  MyAssignment,
  Objection,
  Problem,
  PublicityWindow,
  RankingRow,
  Reviewer,
  ReviewStage,
  Round,
  RoundStage,
  Rubric,
  Sanction,
} from './types.ts';

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
}

/** The message to show for anything thrown by a call. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const { title, detail } = error.problem;
    return detail && detail !== title ? `${title}：${detail}` : title;
  }
  if (error instanceof TypeError) return '无法连接服务器，请检查网络后重试';
  return error instanceof Error ? error.message : String(error);
}

/** The `errors` of a problem+json answer; none for anything else thrown. */
export function problemErrors(error: unknown): FieldFinding[] {
  return error instanceof ApiError ? (error.problem.errors ?? []) : [];
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  /** For writes that create things (API.md "Idempotency-Key"). */
  idempotencyKey?: string;
  query?: Record<string, string | undefined>;
  anonymous?: boolean;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, idempotencyKey, query, anonymous } = options;
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const token = anonymous ? undefined : currentSession()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  let url = `${runtimeConfig().apiBase}${path}`;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== '') params.set(key, value);
    const text = params.toString();
    if (text) url += `?${text}`;
  }
  const response = await fetch(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const problem = (parsed ?? {}) as Partial<Problem>;
    throw new ApiError({
      title: problem.title ?? `请求失败（${response.status}）`,
      status: problem.status ?? response.status,
      code: problem.code ?? 'HTTP_ERROR',
      ...(problem.detail ? { detail: problem.detail } : {}),
      errors: problem.errors ?? [],
    });
  }
  return parsed as T;
}

const enc = encodeURIComponent;
const newKey = (): string => crypto.randomUUID();

export interface DevTokenBody {
  sub: string;
  roles: string[];
  name?: string;
  organizationCode?: string;
  jurisdiction?: string;
}

export const api = {
  // Local mode
  devClock: () => request<{ now: string }>('/v1/dev/clock', { anonymous: true }),
  setDevClock: (now: string) =>
    request<{ now: string }>('/v1/dev/clock', { method: 'POST', body: { now }, anonymous: true }),
  devToken: (body: DevTokenBody) =>
    request<{ token: string }>('/v1/dev/tokens', { method: 'POST', body, anonymous: true }),

  // Rounds
  rounds: () => request<Round[] | { items: Round[] }>('/v1/rounds').then(itemsOf),
  round: (roundId: string) => request<Round>(`/v1/rounds/${enc(roundId)}`),
  createRound: (body: unknown, idempotencyKey = newKey()) =>
    request<Round>('/v1/rounds', { method: 'POST', body, idempotencyKey }),
  extendCall: (roundId: string, callClosesAt: string, note?: string) =>
    request<Round>(`/v1/rounds/${enc(roundId)}/call-extension`, {
      method: 'POST',
      body: { callClosesAt, ...(note ? { note } : {}) },
    }),
  advance: (roundId: string, to: RoundStage, extra: { note?: string; selected?: string[] } = {}) =>
    request<Round>(`/v1/rounds/${enc(roundId)}/advance`, { method: 'POST', body: { to, ...extra } }),
  decide: (roundId: string, body: { award: string[]; nomination: string[]; note?: string }) =>
    request<unknown>(`/v1/rounds/${enc(roundId)}/decision`, { method: 'POST', body }),
  approve: (roundId: string, body: { documentNo: string; approvedOn: string }) =>
    request<Round>(`/v1/rounds/${enc(roundId)}/approval`, { method: 'POST', body }),
  ranking: (roundId: string) => request<RankingRow[]>(`/v1/rounds/${enc(roundId)}/ranking`),

  // Applications
  createApplication: (roundId: string, body: unknown, idempotencyKey = newKey()) =>
    request<Application>(`/v1/rounds/${enc(roundId)}/applications`, { method: 'POST', body, idempotencyKey }),
  application: (id: string) => request<Application>(`/v1/applications/${enc(id)}`),
  roundApplications: async (roundId: string, status?: string): Promise<Application[]> => {
    const all: Application[] = [];
    let nextToken: string | undefined;
    do {
      const page: { items: Application[]; nextToken?: string } = await request(
        `/v1/rounds/${enc(roundId)}/applications`,
        { query: { status, nextToken, limit: '100' } },
      );
      all.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken);
    return all;
  },
  myApplications: () => request<{ items: Application[] }>('/v1/my/applications').then((r) => r.items),
  requestUpload: (
    id: string,
    body: { fileName: string; contentType: string; size: number; sha256: string },
    idempotencyKey = newKey(),
  ) =>
    request<EvidenceUpload>(`/v1/applications/${enc(id)}/evidence`, { method: 'POST', body, idempotencyKey }),
  completeUpload: (id: string, evidenceId: string) =>
    request<{ evidenceId: string; status: string }>(
      `/v1/applications/${enc(id)}/evidence/${enc(evidenceId)}/complete`,
      { method: 'POST' },
    ),
  download: (id: string, evidenceId: string) =>
    request<{ url: string; expiresAt: string }>(
      `/v1/applications/${enc(id)}/evidence/${enc(evidenceId)}/download`,
    ),
  submit: (id: string, consentVersion: string) =>
    request<Application>(`/v1/applications/${enc(id)}/submit`, {
      method: 'POST',
      body: { consent: { version: consentVersion, accepted: true } },
    }),
  withdraw: (id: string, reason?: string) =>
    request<Application>(`/v1/applications/${enc(id)}/withdraw`, {
      method: 'POST',
      body: reason ? { reason } : {},
    }),
  recommend: (id: string, decision: 'recommend' | 'decline', opinion: string) =>
    request<Application>(`/v1/applications/${enc(id)}/recommendation`, {
      method: 'POST',
      body: { decision, opinion },
    }),
  qualify: (id: string, decision: 'qualified' | 'disqualified', reason?: string) =>
    request<Application>(`/v1/applications/${enc(id)}/qualification`, {
      method: 'POST',
      body: { decision, ...(reason ? { reason } : {}) },
    }),

  // Review
  reviewers: () => request<Reviewer[]>('/v1/reviewers'),
  putReviewer: (reviewerId: string, body: Omit<Reviewer, 'reviewerId' | 'disqualified'>) =>
    request<Reviewer>(`/v1/reviewers/${enc(reviewerId)}`, { method: 'PUT', body }),
  assign: (roundId: string, body: { stage: ReviewStage; applicationId: string; reviewerIds: string[] }) =>
    request<Assignment[]>(`/v1/rounds/${enc(roundId)}/assignments`, {
      method: 'POST',
      body,
      idempotencyKey: newKey(),
    }),
  declareConflict: (id: string, reason: string) =>
    request<unknown>(`/v1/applications/${enc(id)}/conflicts`, { method: 'POST', body: { reason } }),
  dismissConflict: (id: string, reviewerId: string, reason: string) =>
    request<unknown>(`/v1/applications/${enc(id)}/conflicts/dismissals`, {
      method: 'POST',
      body: { reviewerId, reason },
    }),
  score: (id: string, stage: ReviewStage, body: { items: Record<string, number>; comment?: string }) =>
    request<{ total: number }>(`/v1/applications/${enc(id)}/scores/${enc(stage)}`, { method: 'PUT', body }),
  myAssignments: () =>
    request<MyAssignment[] | { items: MyAssignment[] }>('/v1/my/assignments').then(itemsOf),
  rubric: (category: Category) => request<Rubric>(`/v1/rubrics/${enc(category)}`),

  // Publicity and objections
  notices: () => request<PublicityWindow[]>('/v1/public/notices', { anonymous: true }),
  notice: (windowId: string) =>
    request<PublicityWindow>(`/v1/public/notices/${enc(windowId)}`, { anonymous: true }),
  fileObjection: (windowId: string, body: Record<string, string>, idempotencyKey = newKey()) =>
    request<{ objectionId: string }>(`/v1/public/notices/${enc(windowId)}/objections`, {
      method: 'POST',
      body,
      idempotencyKey,
      anonymous: true,
    }),
  objections: (roundId: string) => request<Objection[]>(`/v1/rounds/${enc(roundId)}/objections`),
  resolveObjection: (objectionId: string, outcome: 'upheld' | 'dismissed', findings: string) =>
    request<unknown>(`/v1/objections/${enc(objectionId)}/resolution`, {
      method: 'POST',
      body: { outcome, findings },
    }),
  extendWindow: (windowId: string, closesAt: string) =>
    request<PublicityWindow>(`/v1/windows/${enc(windowId)}/extension`, {
      method: 'POST',
      body: { closesAt },
    }),
  calendar: (year: number) => request<CalendarYear>(`/v1/calendar/${year}`),
  putCalendar: (year: number, body: { holidays: string[]; workdays: string[]; source: string }) =>
    request<CalendarYear>(`/v1/calendar/${year}`, { method: 'PUT', body }),

  // Awards, sanctions, audit
  awards: (roundId?: string) => request<Award[]>('/v1/awards', { query: { roundId }, anonymous: true }),
  revoke: (awardId: string, reason: string, findings: string) =>
    request<unknown>(`/v1/awards/${enc(awardId)}/revocation`, { method: 'POST', body: { reason, findings } }),
  sanctions: (subject?: string) => request<Sanction[]>('/v1/sanctions', { query: { subject } }),
  importSanction: (body: unknown, idempotencyKey = newKey()) =>
    request<Sanction>('/v1/sanctions', { method: 'POST', body, idempotencyKey }),
  audit: (entityId: string) => request<AuditEntry[]>('/v1/audit', { query: { entityId } }),
};

/** A round with all its applications, as the staff's pages of one round show them. */
export async function roundWithApplications(
  roundId: string,
): Promise<{ round: Round; applications: Application[] }> {
  const [round, applications] = await Promise.all([api.round(roundId), api.roundApplications(roundId)]);
  return { round, applications };
}

function itemsOf<T>(value: T[] | { items: T[] }): T[] {
  return Array.isArray(value) ? value : value.items;
}
