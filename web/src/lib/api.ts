/**
 * The HTTP API of /work/shared/API.md and nothing else. Every call sends the session's bearer token;
 * a non-2xx answer becomes an ApiError carrying the problem+json body, so pages can show its
 * Chinese `detail` and place its `errors` next to the fields.
 */
import type {
  ActionClosureBody,
  AdvanceBody,
  Application,
  ApplicationPage,
  ApprovalBody,
  Assignment,
  AssignReviewersBody,
  AuditEntry,
  Award,
  AwardDetail,
  CalendarYear,
  CallNotice,
  CallNoticeBody,
  CallNoticeUploads,
  Category,
  Clock,
  Conflict,
  CreateApplicationBody,
  CreateRoundBody,
  DecisionBody,
  DeclaredConflict,
  DeliveryPage,
  DevOutbox,
  DevToken,
  DevTokenBody,
  Download,
  Draw,
  DrawBody,
  DueVisit,
  EvidenceUpload,
  EvidenceUploadBody,
  EvidenceVerified,
  FileObjectionBody,
  ImportSanctionBody,
  IssuanceBody,
  MyAssignment,
  NotificationPage,
  Objection,
  ObjectionFiled,
  OverdueAction,
  ProblemBody,
  PublicCall,
  PublicityWindow,
  PublicRevocation,
  PutCalendarBody,
  PutReviewerBody,
  QualificationBody,
  RankingRow,
  RecommendationBody,
  RecordScoresBody,
  RecoveryBody,
  ResolveObjectionBody,
  Reviewer,
  ReviewSettingsBody,
  ReviewStage,
  RevocationBody,
  RevokedAward,
  RewardsBody,
  Round,
  RoundAssignment,
  RoundAssignmentPage,
  RoundDecision,
  RoundStage,
  Rubric,
  Sanction,
  SchedulePage,
  ScheduleSlot,
  ScheduleSlotBody,
  Score,
  ScoreSheet,
  ScoreSheetPage,
  Visit,
  VisitBody,
  Withdrawal,
  WithdrawalBody,
} from '../../../functions/handlers/api/schemas/index.ts';
import { runtimeConfig } from '../config.ts';
import { currentSession } from './auth.ts';
import type { FieldFinding } from './findings.ts';

/**
 * A failed call as the portal keeps it: the server's problem+json body, of which an answer that is
 * not problem+json (a proxy's 502, a network error page) gives only what the status tells.
 */
export type Problem = Pick<ProblemBody, 'title' | 'status' | 'code'> &
  Partial<Pick<ProblemBody, 'type' | 'detail' | 'errors'>>;

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
  /** The version a write replaces (optimistic locking, `PUT /v1/applications/{id}`). */
  ifMatch?: number;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, idempotencyKey, query, anonymous, ifMatch } = options;
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const token = anonymous ? undefined : currentSession()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  if (ifMatch !== undefined) headers['if-match'] = `"${ifMatch}"`;
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

export const api = {
  // Local mode
  devClock: () => request<Clock>('/v1/dev/clock', { anonymous: true }),
  setDevClock: (now: string) =>
    request<Clock>('/v1/dev/clock', { method: 'POST', body: { now }, anonymous: true }),
  devToken: (body: DevTokenBody) =>
    request<DevToken>('/v1/dev/tokens', { method: 'POST', body, anonymous: true }),
  devOutbox: () => request<DevOutbox>('/v1/dev/outbox', { anonymous: true }),

  // Notifications
  myNotifications: (query: { unread?: boolean; nextToken?: string; limit?: number } = {}) =>
    request<NotificationPage>('/v1/my/notifications', {
      query: {
        ...(query.unread ? { unread: 'true' } : {}),
        ...(query.nextToken ? { nextToken: query.nextToken } : {}),
        ...(query.limit ? { limit: String(query.limit) } : {}),
      },
    }),
  markNotificationRead: (notificationId: string) =>
    request<unknown>(`/v1/my/notifications/${enc(notificationId)}/read`, { method: 'POST' }),
  failedDeliveries: () => request<DeliveryPage>('/v1/notifications/deliveries'),

  // Rounds
  rounds: () => request<Round[] | { items: Round[] }>('/v1/rounds').then(itemsOf),
  round: (roundId: string) => request<Round>(`/v1/rounds/${enc(roundId)}`),
  createRound: (body: CreateRoundBody, idempotencyKey = newKey()) =>
    request<Round>('/v1/rounds', { method: 'POST', body, idempotencyKey }),
  extendCall: (roundId: string, callClosesAt: string, note?: string) =>
    request<Round>(`/v1/rounds/${enc(roundId)}/call-extension`, {
      method: 'POST',
      body: { callClosesAt, ...(note ? { note } : {}) },
    }),
  advance: (roundId: string, to: RoundStage, extra: Omit<AdvanceBody, 'to'> = {}) =>
    request<Round>(`/v1/rounds/${enc(roundId)}/advance`, { method: 'POST', body: { to, ...extra } }),
  decide: (roundId: string, body: DecisionBody) =>
    request<RoundDecision>(`/v1/rounds/${enc(roundId)}/decision`, { method: 'POST', body }),
  approve: (roundId: string, body: ApprovalBody) =>
    request<Round>(`/v1/rounds/${enc(roundId)}/approval`, { method: 'POST', body }),
  ranking: (roundId: string) => request<RankingRow[]>(`/v1/rounds/${enc(roundId)}/ranking`),

  // Applications
  createApplication: (roundId: string, body: CreateApplicationBody, idempotencyKey = newKey()) =>
    request<Application>(`/v1/rounds/${enc(roundId)}/applications`, { method: 'POST', body, idempotencyKey }),
  application: (id: string) => request<Application>(`/v1/applications/${enc(id)}`),
  updateApplication: (id: string, body: CreateApplicationBody, version: number) =>
    request<Application>(`/v1/applications/${enc(id)}`, { method: 'PUT', body, ifMatch: version }),
  roundApplications: async (roundId: string, status?: string): Promise<Application[]> => {
    const all: Application[] = [];
    let nextToken: string | undefined;
    do {
      const page: ApplicationPage = await request(`/v1/rounds/${enc(roundId)}/applications`, {
        query: { status, nextToken, limit: '100' },
      });
      all.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken);
    return all;
  },
  myApplications: () => request<ApplicationPage>('/v1/my/applications').then((r) => r.items),
  requestUpload: (id: string, body: EvidenceUploadBody, idempotencyKey = newKey()) =>
    request<EvidenceUpload>(`/v1/applications/${enc(id)}/evidence`, { method: 'POST', body, idempotencyKey }),
  completeUpload: (id: string, evidenceId: string) =>
    request<EvidenceVerified>(`/v1/applications/${enc(id)}/evidence/${enc(evidenceId)}/complete`, {
      method: 'POST',
    }),
  download: (id: string, evidenceId: string) =>
    request<Download>(`/v1/applications/${enc(id)}/evidence/${enc(evidenceId)}/download`),
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
  recommend: (id: string, decision: RecommendationBody['decision'], opinion: string) =>
    request<Application>(`/v1/applications/${enc(id)}/recommendation`, {
      method: 'POST',
      body: { decision, opinion },
    }),
  qualify: (id: string, decision: QualificationBody['decision'], reason?: string) =>
    request<Application>(`/v1/applications/${enc(id)}/qualification`, {
      method: 'POST',
      body: { decision, ...(reason ? { reason } : {}) },
    }),

  // Review
  reviewers: () => request<Reviewer[]>('/v1/reviewers'),
  putReviewer: (reviewerId: string, body: PutReviewerBody) =>
    request<Reviewer>(`/v1/reviewers/${enc(reviewerId)}`, { method: 'PUT', body }),
  assign: (roundId: string, body: AssignReviewersBody) =>
    request<Assignment[]>(`/v1/rounds/${enc(roundId)}/assignments`, {
      method: 'POST',
      body,
      idempotencyKey: newKey(),
    }),
  declareConflict: (id: string, reason: string) =>
    request<DeclaredConflict>(`/v1/applications/${enc(id)}/conflicts`, { method: 'POST', body: { reason } }),
  dismissConflict: (id: string, reviewerId: string, reason: string) =>
    request<Conflict>(`/v1/applications/${enc(id)}/conflicts/dismissals`, {
      method: 'POST',
      body: { reviewerId, reason },
    }),
  score: (id: string, stage: ReviewStage, body: RecordScoresBody) =>
    request<Score>(`/v1/applications/${enc(id)}/scores/${enc(stage)}`, { method: 'PUT', body }),
  myAssignments: () =>
    request<MyAssignment[] | { items: MyAssignment[] }>('/v1/my/assignments').then(itemsOf),
  rubric: (category: Category, version?: string) =>
    request<Rubric>(`/v1/rubrics/${enc(category)}`, { query: { version } }),

  // Review panels, schedules and score sheets
  putReviewSettings: (roundId: string, body: ReviewSettingsBody) =>
    request<Round>(`/v1/rounds/${enc(roundId)}/review-settings`, { method: 'PUT', body }),
  draw: (roundId: string, body: DrawBody, idempotencyKey = newKey()) =>
    request<Draw>(`/v1/rounds/${enc(roundId)}/assignments/draw`, { method: 'POST', body, idempotencyKey }),
  roundAssignments: (roundId: string, filter: { stage?: ReviewStage; reviewerId?: string } = {}) =>
    request<RoundAssignmentPage>(`/v1/rounds/${enc(roundId)}/assignments`, { query: filter }).then(
      (page): RoundAssignment[] => page.items,
    ),
  withdrawAssignment: (roundId: string, body: WithdrawalBody) =>
    request<Withdrawal>(`/v1/rounds/${enc(roundId)}/assignments/withdrawal`, { method: 'POST', body }),
  scoreSheets: (id: string) =>
    request<ScoreSheetPage>(`/v1/applications/${enc(id)}/scores`).then((page): ScoreSheet[] => page.items),
  putScheduleSlot: (roundId: string, applicationId: string, body: ScheduleSlotBody) =>
    request<ScheduleSlot>(`/v1/rounds/${enc(roundId)}/schedule/${enc(applicationId)}`, {
      method: 'PUT',
      body,
    }),
  schedule: (roundId: string) =>
    request<SchedulePage>(`/v1/rounds/${enc(roundId)}/schedule`).then((page): ScheduleSlot[] => page.items),

  // Publicity and objections
  notices: () => request<PublicityWindow[]>('/v1/public/notices', { anonymous: true }),
  publicCalls: () => request<PublicCall[]>('/v1/public/calls', { anonymous: true }),
  callNotice: (roundId: string) => request<CallNotice>(`/v1/rounds/${enc(roundId)}/call-notice`),
  putCallNotice: (roundId: string, body: CallNoticeBody) =>
    request<CallNoticeUploads>(`/v1/rounds/${enc(roundId)}/call-notice`, { method: 'PUT', body }),
  completeCallAttachment: (roundId: string, attachmentId: string) =>
    request<{ attachmentId: string; status: 'verified' }>(
      `/v1/rounds/${enc(roundId)}/call-notice/attachments/${enc(attachmentId)}/complete`,
      { method: 'POST' },
    ),
  notice: (windowId: string) =>
    request<PublicityWindow>(`/v1/public/notices/${enc(windowId)}`, { anonymous: true }),
  fileObjection: (windowId: string, body: FileObjectionBody, idempotencyKey = newKey()) =>
    request<ObjectionFiled>(`/v1/public/notices/${enc(windowId)}/objections`, {
      method: 'POST',
      body,
      idempotencyKey,
      anonymous: true,
    }),
  objections: (roundId: string) => request<Objection[]>(`/v1/rounds/${enc(roundId)}/objections`),
  resolveObjection: (objectionId: string, outcome: ResolveObjectionBody['outcome'], findings: string) =>
    request<Objection>(`/v1/objections/${enc(objectionId)}/resolution`, {
      method: 'POST',
      body: { outcome, findings },
    }),
  extendWindow: (windowId: string, closesAt: string) =>
    request<PublicityWindow>(`/v1/windows/${enc(windowId)}/extension`, {
      method: 'POST',
      body: { closesAt },
    }),
  calendar: (year: number) => request<CalendarYear>(`/v1/calendar/${year}`),
  putCalendar: (year: number, body: PutCalendarBody) =>
    request<CalendarYear>(`/v1/calendar/${year}`, { method: 'PUT', body }),

  // Awards, sanctions, audit
  awards: (roundId?: string) => request<Award[]>('/v1/awards', { query: { roundId }, anonymous: true }),
  revoke: (awardId: string, reason: RevocationBody['reason'], findings: string) =>
    request<RevokedAward>(`/v1/awards/${enc(awardId)}/revocation`, {
      method: 'POST',
      body: { reason, findings } satisfies RevocationBody,
    }),
  sanctions: (subject?: string) => request<Sanction[]>('/v1/sanctions', { query: { subject } }),
  importSanction: (body: ImportSanctionBody, idempotencyKey = newKey()) =>
    request<Sanction>('/v1/sanctions', { method: 'POST', body, idempotencyKey }),
  audit: (entityId: string) => request<AuditEntry[]>('/v1/audit', { query: { entityId } }),

  // After the award (Art. 19–27)
  setRewards: (roundId: string, body: RewardsBody) =>
    request<Round>(`/v1/rounds/${enc(roundId)}/rewards`, { method: 'PUT', body }),
  award: (awardId: string) => request<AwardDetail>(`/v1/awards/${enc(awardId)}`),
  issue: (awardId: string, body: IssuanceBody) =>
    request<AwardDetail>(`/v1/awards/${enc(awardId)}/issuance`, { method: 'POST', body }),
  recover: (awardId: string, body: RecoveryBody) =>
    request<AwardDetail>(`/v1/awards/${enc(awardId)}/recovery`, { method: 'POST', body }),
  publicRevocations: () => request<PublicRevocation[]>('/v1/public/revocations', { anonymous: true }),
  visits: (awardId: string) => request<Visit[]>(`/v1/awards/${enc(awardId)}/visits`),
  recordVisit: (awardId: string, body: VisitBody, idempotencyKey = newKey()) =>
    request<Visit>(`/v1/awards/${enc(awardId)}/visits`, { method: 'POST', body, idempotencyKey }),
  closeAction: (visitId: string, index: number, body: ActionClosureBody) =>
    request<Visit>(`/v1/visits/${enc(visitId)}/actions/${index}/closure`, { method: 'POST', body }),
  dueVisits: (before?: string) => request<DueVisit[]>('/v1/visits/due', { query: { before } }),
  overdueActions: () => request<OverdueAction[]>('/v1/visits/overdue-actions'),
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
