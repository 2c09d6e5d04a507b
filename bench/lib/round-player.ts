/**
 * Plays an award round at a chosen scale through the HTTP API only (API.md), like
 * scripts/demo-round.ts but with generated applicants and bounded concurrency: `n` applications
 * (every tenth an individual), one evidence file each, five reviewers scoring every application in
 * material review and the selected ones on site (three) and in the defence (five), the ranking, the
 * Leading Group's decision, the winners window, approval. Each phase is a method, so that a
 * benchmark can time it or put probes between phases.
 */
import { createHash } from 'node:crypto';
import type {
  Application,
  PublicityWindow,
  RankingRow,
  Round,
  Rubric,
} from '../../functions/handlers/api/schemas/index.ts';
import { creditCode, idNumber } from '../../scripts/demo-round.ts';
import { ApiClient, type Session, uploadWithPresignedPost } from '../../scripts/lib/api-client.ts';
import { mapBounded } from './report.ts';

export type { Application, RankingRow, Round };
export type Window = PublicityWindow;

export interface Played {
  app: Application;
  owner: Session;
  /** 0.5–0.95: how well its reviewers score it. */
  quality: number;
  creditCode?: string;
}

const DAY = 24 * 60 * 60 * 1000;
const DIVISIONS = ['140105', '140106', '140107', '140108', '140109', '140110', '140121', '140122', '140181'];
const INDUSTRIES = ['manufacturing', 'services', 'construction'] as const;
export const REVIEWERS = ['bench-rev-1', 'bench-rev-2', 'bench-rev-3', 'bench-rev-4', 'bench-rev-5'];

const pdf = (title: string): Uint8Array =>
  new TextEncoder().encode(
    `%PDF-1.4\n% ${title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );

export class RoundPlayer {
  readonly api: ApiClient;
  staff!: Session;
  leader!: Session;
  round!: Round;
  played: Played[] = [];
  rubrics!: Record<'organization' | 'individual', Rubric>;
  /** Requests sent through `call` (all of the phases' requests). */
  requests = 0;

  constructor(
    baseUrl: string,
    /** Requests in flight at once in the bulk phases. */
    readonly concurrency = 8,
  ) {
    this.api = new ApiClient(baseUrl);
  }

  get roundPath(): string {
    return `/v1/rounds/${this.round.roundId}`;
  }

  /** Counts a request (the API client is used directly elsewhere only for the clock). */
  private call<T>(request: () => Promise<T>): Promise<T> {
    this.requests += 1;
    return request();
  }

  /** Staff, leader, reviewers, rubrics, then a new round whose call closes in 10 days. */
  async setup(): Promise<Round> {
    await this.prepare();
    return this.createRound();
  }

  /** Staff and leader sessions, the rubrics, the reviewers. */
  async prepare(): Promise<void> {
    this.staff = await this.api.as({ sub: 'bench-staff', roles: ['staff'], name: '评选办 基准测试' });
    this.leader = await this.api.as({ sub: 'bench-leader', roles: ['leader'], name: '领导小组' });
    this.rubrics = {
      organization: await this.call(() => this.staff.get<Rubric>('/v1/rubrics/organization')),
      individual: await this.call(() => this.staff.get<Rubric>('/v1/rubrics/individual')),
    };
    for (const [k, id] of REVIEWERS.entries()) {
      await this.call(() =>
        this.staff.put(`/v1/reviewers/${id}`, {
          name: `评审专家${k + 1}`,
          organizationCode: creditCode('140105', 800_001 + k),
          fields: ['质量管理'],
        }),
      );
    }
  }

  /** A new round (the next ordinal) whose call opens now and closes in 10 days. */
  async createRound(): Promise<Round> {
    const start = await this.api.now();
    const rounds = await this.call(() => this.staff.get<Round[]>('/v1/rounds'));
    const ordinal = Math.max(0, ...rounds.map((r) => r.ordinal)) + 1;
    this.round = await this.call(() =>
      this.staff.post<Round>('/v1/rounds', {
        title: `第${ordinal}届太原市政府质量奖（基准测试）`,
        ordinal,
        callOpensAt: start.toISOString(),
        callClosesAt: new Date(start.getTime() + 10 * DAY).toISOString(),
      }),
    );
    return this.round;
  }

  /** The body of applicant `i` of this round (unique credit codes and ID numbers per round). */
  applicationBody(i: number): { body: Record<string, unknown>; creditCode?: string } {
    const division = DIVISIONS[i % DIVISIONS.length] as string;
    const closes = new Date(this.round.callClosesAt).getTime();
    const yearsBefore = (years: number) => new Date(closes - years * 365.25 * DAY).toISOString().slice(0, 10);
    const serial = this.round.ordinal * 10_000 + i;
    const declarations = { noMajorAccident3Years: true, noBadCreditRecord: true, compliesWithLaw: true };
    if (i % 10 === 9) {
      const birth = new Date(Date.UTC(1965, 0, 1) + ((this.round.ordinal * 2_000 + i) % 9_000) * DAY)
        .toISOString()
        .slice(0, 10);
      return {
        body: {
          category: 'individual',
          members: [
            {
              name: `质量人${i}`,
              idNumber: idNumber(division, birth, 11 + (this.round.ordinal % 400) * 2),
              employer: `太原基准企业${serial}有限公司`,
              employerCreditCode: creditCode(division, 500_000 + serial),
              qualityWorkSince: yearsBefore(6 + (i % 15)),
            },
          ],
          jurisdiction: division,
          declarations: { employerNoMajorAccident3Years: true, compliesWithLaw: true },
          selfEvaluation: { items: {}, summary: '长期从事质量管理与质量攻关工作。' },
        },
      };
    }
    const code = creditCode(division, serial);
    return {
      creditCode: code,
      body: {
        category: 'organization',
        organization: {
          name: `太原基准测试第${serial}号有限公司`,
          creditCode: code,
          registeredOn: yearsBefore(4 + (i % 20)),
          industry: INDUSTRIES[i % INDUSTRIES.length],
          sme: i % 3 === 0,
          address: '山西省太原市',
          contact: { name: '质量部 负责人', phone: '13800138000' },
        },
        jurisdiction: division,
        declarations,
        selfEvaluation: { items: {}, summary: '推行卓越绩效管理模式。' },
      },
    };
  }

  /** One applicant's whole call: sign in, create, one evidence file (request, upload, complete), submit. */
  async applyOne(i: number): Promise<Played> {
    const owner = await this.api.as({ sub: `bench-${this.round.roundId}-app-${i}`, roles: ['applicant'] });
    const { body, creditCode: code } = this.applicationBody(i);
    const app = await this.call(() =>
      owner.post<Application>(`${this.roundPath}/applications`, body, {
        'idempotency-key': `bench-${this.round.roundId}-${i}`,
      }),
    );
    await this.attachEvidence(owner, app, i);
    const submitted = await this.call(() =>
      owner.post<Application>(`/v1/applications/${app.applicationId}/submit`),
    );
    return {
      app: submitted,
      owner,
      quality: 0.5 + ((i * 37) % 46) / 100,
      ...(code ? { creditCode: code } : {}),
    };
  }

  /** A small PDF for applicant `i` and the request body announcing it. */
  evidenceFile(app: Application, i: number): { content: Uint8Array; request: Record<string, unknown> } {
    const content = pdf(`bench ${app.applicationId} ${i}`);
    return {
      content,
      request: {
        fileName: '自评报告.pdf',
        contentType: 'application/pdf',
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
      },
    };
  }

  requestEvidence(owner: Session, app: Application, request: Record<string, unknown>) {
    return this.call(() =>
      owner.post<{ evidenceId: string; upload: { url: string; fields: Record<string, string> } }>(
        `/v1/applications/${app.applicationId}/evidence`,
        request,
      ),
    );
  }

  async upload(upload: { url: string; fields: Record<string, string> }, content: Uint8Array): Promise<void> {
    this.requests += 1;
    await uploadWithPresignedPost(upload, content, 'application/pdf', '自评报告.pdf');
  }

  completeEvidence(owner: Session, app: Application, evidenceId: string): Promise<unknown> {
    return this.call(() =>
      owner.post(`/v1/applications/${app.applicationId}/evidence/${evidenceId}/complete`),
    );
  }

  /** Request, upload (presigned POST), complete. */
  async attachEvidence(owner: Session, app: Application, i: number): Promise<string> {
    const { content, request } = this.evidenceFile(app, i);
    const requested = await this.requestEvidence(owner, app, request);
    await this.upload(requested.upload, content);
    await this.completeEvidence(owner, app, requested.evidenceId);
    return requested.evidenceId;
  }

  async apply(n: number, offset = 0): Promise<Played[]> {
    const fresh = await mapBounded(
      Array.from({ length: n }, (_, k) => offset + k),
      this.concurrency,
      (i) => this.applyOne(i),
    );
    this.played.push(...fresh);
    return fresh;
  }

  recommender(jurisdiction: string): Promise<Session> {
    return this.api.as({ sub: `bench-recommender-${jurisdiction}`, roles: ['recommender'], jurisdiction });
  }

  async recommendOne(p: Played): Promise<void> {
    const recommender = await this.recommender(p.app.jurisdiction);
    await this.call(() =>
      recommender.post(`/v1/applications/${p.app.applicationId}/recommendation`, {
        decision: 'recommend',
        opinion: '经初审，符合申报条件，同意推荐。',
      }),
    );
  }

  async recommendAll(items = this.played): Promise<void> {
    await mapBounded(items, this.concurrency, (p) => this.recommendOne(p));
  }

  /** Moves the platform clock past the call's close (the flow's close-call task runs before it answers). */
  async closeCall(): Promise<void> {
    await this.api.moveClockTo(new Date(new Date(this.round.callClosesAt).getTime() + 60_000));
    this.round = await this.call(() => this.staff.get<Round>(this.roundPath));
  }

  qualifyOne(p: Played): Promise<unknown> {
    return this.call(() =>
      this.staff.post(`/v1/applications/${p.app.applicationId}/qualification`, { decision: 'qualified' }),
    );
  }

  async qualifyAll(items = this.played): Promise<void> {
    await mapBounded(items, this.concurrency, (p) => this.qualifyOne(p));
  }

  async advance(to: string, extra: Record<string, unknown> = {}): Promise<Round> {
    this.round = await this.call(() =>
      this.staff.post<Round>(`${this.roundPath}/advance`, { to, note: '基准测试', ...extra }),
    );
    return this.round;
  }

  window(kind: 'accepted' | 'winners'): Window {
    const found = this.round.windows.find((w) => w.kind === kind);
    if (!found)
      throw new Error(`round ${this.round.roundId} has no ${kind} window (stage ${this.round.stage})`);
    return found;
  }

  /** Moves the clock a minute past a window's deadline and reloads the round. */
  async passWindow(kind: 'accepted' | 'winners'): Promise<Round> {
    await this.api.moveClockTo(new Date(new Date(this.window(kind).closesAt).getTime() + 60_000));
    this.round = await this.call(() => this.staff.get<Round>(this.roundPath));
    return this.round;
  }

  /** Everyone still in the running: the applications `in-review` (paged). */
  async listByStatus(status: string): Promise<Application[]> {
    const items: Application[] = [];
    let nextToken: string | undefined;
    do {
      const query = `status=${status}${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`;
      const page = await this.call(() =>
        this.staff.get<{ items: Application[]; nextToken?: string }>(
          `${this.roundPath}/applications?${query}`,
        ),
      );
      items.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken);
    return items;
  }

  scores(p: Played, k: number): Record<string, number> {
    const rubric = this.rubrics[p.app.category];
    return Object.fromEntries(
      rubric.items.map((item, n) => {
        const wobble = (((k * 7 + n * 3) % 9) - 4) / 100;
        return [
          item.itemId,
          Math.max(0, Math.min(item.maxPoints, Math.round(item.maxPoints * (p.quality + wobble)))),
        ];
      }),
    );
  }

  assign(stage: string, p: Played, reviewerIds: readonly string[]): Promise<unknown> {
    return this.call(() =>
      this.staff.post(`${this.roundPath}/assignments`, {
        stage,
        applicationId: p.app.applicationId,
        reviewerIds,
      }),
    );
  }

  async scoreOne(stage: string, p: Played, reviewerId: string, k: number): Promise<void> {
    const reviewer = await this.api.as({ sub: reviewerId, roles: ['reviewer'] });
    await this.call(() =>
      reviewer.put(`/v1/applications/${p.app.applicationId}/scores/${stage}`, {
        items: this.scores(p, k),
        comment: '依据评价标准逐项评分。',
      }),
    );
  }

  /** Assigns `reviewerIds` to each application of `items`, then each reviewer scores it. */
  async scoreStage(
    stage: 'material' | 'onsite' | 'defense',
    items: Played[],
    reviewerIds: readonly string[],
  ) {
    await mapBounded(items, this.concurrency, async (p) => {
      await this.assign(stage, p, reviewerIds);
      for (const [k, reviewerId] of reviewerIds.entries()) await this.scoreOne(stage, p, reviewerId, k);
    });
  }

  /** The best `count` by quality (what the material scores say, roughly). */
  best(count: number, items = this.played): Played[] {
    return [...items].sort((a, b) => b.quality - a.quality).slice(0, count);
  }

  ranking(): Promise<RankingRow[]> {
    return this.call(() => this.leader.get<RankingRow[]>(`${this.roundPath}/ranking`));
  }

  async decide(ranking: RankingRow[]): Promise<void> {
    await this.call(() =>
      this.leader.post(`${this.roundPath}/decision`, {
        award: ranking.filter((r) => r.proposedTier === 'award').map((r) => r.applicationId),
        nomination: ranking.filter((r) => r.proposedTier === 'nomination').map((r) => r.applicationId),
        note: '领导小组审议同意。',
      }),
    );
    this.round = await this.call(() => this.staff.get<Round>(this.roundPath));
  }

  async approve(): Promise<Round> {
    const approvedOn = (await this.api.now()).toISOString().slice(0, 10);
    this.round = await this.call(() =>
      this.staff.post<Round>(`${this.roundPath}/approval`, {
        documentNo: `并政函〔基准〕${this.round.ordinal}号`,
        approvedOn,
      }),
    );
    return this.round;
  }

  /** Played applications by id (after a status change the stored `app` is stale; ids are not). */
  byIds(ids: readonly string[]): Played[] {
    const wanted = new Set(ids);
    return this.played.filter((p) => wanted.has(p.app.applicationId));
  }
}
