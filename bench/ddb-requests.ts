/**
 * DESIGN.md §5: "Every API request does O(1) DynamoDB requests and no Scan; ranking a round is one
 * paginated Query."
 *
 * The platform runs in this process with the DynamoDB request counter installed
 * (bench/lib/ddb-counter.ts). Two rounds are played on it, one with 10 and one with 200
 * applications (bench/lib/round-player.ts); at each stage every route of the API gets one
 * representative call, made alone (nothing else in flight), and the DynamoDB requests it caused are
 * recorded by operation. A per-item route is O(1) when its count is the same for both rounds; list
 * routes are reported with the items they returned. The round flow's tasks, which the local
 * platform runs before answering a flow-resuming request, are counted separately (on AWS they run
 * in their own Lambda after the request has answered): they page through a round's applications
 * by design.
 */

import { apiRoutes } from '../functions/handlers/api/routes.ts';
import { startPlatform } from '../infra/local/platform.ts';
import { idNumber } from '../scripts/demo-round.ts';
import { ApiError } from '../scripts/lib/api-client.ts';
import {
  type Counts,
  describeOps,
  difference,
  installDynamoDbCounter,
  snapshot,
  total,
} from './lib/ddb-counter.ts';
import { saveResults, table } from './lib/report.ts';
import { type Played, REVIEWERS, RoundPlayer } from './lib/round-player.ts';
import { CLOCK_START } from './round-scale.ts';

const SIZES = (process.env.BENCH_DDB_SIZES ?? '10,200').split(',').map(Number);
const EXTRA_REVIEWER = 'bench-rev-extra';

interface Probe {
  route: string;
  n: number;
  status: number;
  counts: Counts;
  /** Items a list route returned, and whether it gave a nextToken. */
  items?: number;
  more?: boolean;
}

/** One representative call per route and stage, for a round of `n` applications. */
async function probeRound(player: RoundPlayer, n: number, probes: Probe[]): Promise<void> {
  const probe = async <T>(
    route: string,
    call: () => Promise<T>,
    list?: (result: T) => number,
  ): Promise<T | undefined> => {
    const before = snapshot();
    let status = 200;
    let result: T | undefined;
    try {
      result = await call();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status = error.status;
    }
    const record: Probe = { route, n, status, counts: difference(snapshot(), before) };
    if (result !== undefined && list) {
      record.items = list(result);
      const next = (result as { nextToken?: string }).nextToken;
      record.more = typeof next === 'string';
    }
    probes.push(record);
    return result;
  };
  const listLength = (r: unknown) =>
    Array.isArray(r) ? r.length : ((r as { items?: unknown[] }).items?.length ?? Number.NaN);

  const { api } = player;
  await player.prepare();
  const round = await probe('POST /v1/rounds', () => player.createRound());
  if (!round) throw new Error('the round was not created');
  const path = player.roundPath;
  const staff = player.staff;
  const supervisor = await api.as({ sub: 'bench-supervisor', roles: ['supervisor'] });

  // ---- call-open --------------------------------------------------------------------------------
  await player.apply(n);
  const owner = await api.as({ sub: `bench-${round.roundId}-probe`, roles: ['applicant'] });
  const { body } = player.applicationBody(n);
  const created = await probe('POST /v1/rounds/{roundId}/applications', () =>
    owner.post<Played['app']>(`${path}/applications`, body, { 'idempotency-key': `probe-${round.roundId}` }),
  );
  if (!created) throw new Error('the probe application was refused');
  const id = created.applicationId;
  const file = player.evidenceFile(created, n);
  const requested = await probe('POST /v1/applications/{id}/evidence', () =>
    player.requestEvidence(owner, created, file.request),
  );
  if (!requested) throw new Error('the evidence upload was refused');
  await player.upload(requested.upload, file.content);
  await probe('POST /v1/applications/{id}/evidence/{evidenceId}/complete', () =>
    player.completeEvidence(owner, created, requested.evidenceId),
  );
  const evidenceId = requested.evidenceId;
  await probe('GET /v1/applications/{id} (owner)', () => owner.get(`/v1/applications/${id}`));
  await probe('GET /v1/my/applications', () => owner.get('/v1/my/applications'), listLength);
  await probe('GET /v1/applications/{id}/evidence/{evidenceId}/download', () =>
    owner.get(`/v1/applications/${id}/evidence/${evidenceId}/download`),
  );
  await probe('POST /v1/applications/{id}/submit', () => owner.post(`/v1/applications/${id}/submit`));
  player.played.push({
    app: (await owner.get(`/v1/applications/${id}`)) as Played['app'],
    owner,
    quality: 0.6,
  });
  const quitter = await api.as({ sub: `bench-${round.roundId}-quitter`, roles: ['applicant'] });
  const quitting = await quitter.post<Played['app']>(
    `${path}/applications`,
    player.applicationBody(n + 1).body,
  );
  await probe('POST /v1/applications/{id}/withdraw', () =>
    quitter.post(`/v1/applications/${quitting.applicationId}/withdraw`, { reason: '基准测试：撤回申报' }),
  );

  await probe('GET /v1/health', () => api.public.get('/v1/health'));
  await probe('GET /v1/openapi.json', () => api.public.get('/v1/openapi.json'));
  await probe('GET /v1/rounds', () => staff.get('/v1/rounds'), listLength);
  await probe('GET /v1/rounds/{roundId}', () => staff.get(path));
  await probe('GET /v1/rubrics/{category}', () => staff.get('/v1/rubrics/organization'));
  const year = CLOCK_START.slice(0, 4);
  const calendar = await probe('GET /v1/calendar/{year}', () =>
    staff.get<{ holidays: string[]; workdays: string[]; source: string }>(`/v1/calendar/${year}`),
  );
  if (calendar) {
    await probe('PUT /v1/calendar/{year}', () =>
      staff.put(`/v1/calendar/${year}`, {
        holidays: calendar.holidays,
        workdays: calendar.workdays,
        source: calendar.source,
      }),
    );
  }
  await probe('GET /v1/reviewers', () => staff.get('/v1/reviewers'), listLength);
  await probe('PUT /v1/reviewers/{reviewerId}', () =>
    staff.put(`/v1/reviewers/${EXTRA_REVIEWER}`, { name: '备选评审专家', fields: ['质量管理'] }),
  );
  const sanctionCode = player.applicationBody(9_000).creditCode as string;
  await probe('POST /v1/sanctions', () =>
    staff.post(
      '/v1/sanctions',
      {
        subject: { type: 'organization', creditCode: sanctionCode },
        kind: 'award-holder',
        barredFromOrdinal: round.ordinal + 5,
        barredThroughOrdinal: round.ordinal + 6,
        reason: '基准测试：导入平台上线前的获奖记录',
      },
      { 'idempotency-key': `probe-sanction-${round.roundId}` },
    ),
  );
  await probe('GET /v1/sanctions', () => staff.get(`/v1/sanctions?subject=${sanctionCode}`), listLength);
  await probe(
    'GET /v1/rounds/{roundId}/applications (first page)',
    () => staff.get(`${path}/applications?status=submitted`),
    listLength,
  );
  const later = new Date(new Date(player.round.callClosesAt).getTime() + 60 * 60_000).toISOString();
  await probe('POST /v1/rounds/{roundId}/call-extension', () =>
    staff.post(`${path}/call-extension`, { callClosesAt: later, note: '基准测试' }),
  );
  player.round = await staff.get(path);

  const [last, ...rest] = [...player.played].reverse();
  if (!last) throw new Error('no applications');
  await player.recommendAll(rest);
  const recommender = await player.recommender(last.app.jurisdiction);
  await probe('POST /v1/applications/{id}/recommendation', () =>
    recommender.post(`/v1/applications/${last.app.applicationId}/recommendation`, {
      decision: 'recommend',
      opinion: '经初审，符合申报条件，同意推荐。',
    }),
  );
  await probe(
    'GET /v1/rounds/{roundId}/applications (recommender)',
    () => recommender.get(`${path}/applications?status=recommended`),
    listLength,
  );

  // ---- qualification -----------------------------------------------------------------------------
  await probe('POST /v1/dev/clock → call closes (close-call task)', () => player.closeCall());
  await player.qualifyAll(rest);
  await probe('POST /v1/applications/{id}/qualification', () => player.qualifyOne(last));
  await probe('POST /v1/rounds/{roundId}/advance → accepted-publicity (open-window task)', () =>
    player.advance('accepted-publicity'),
  );

  // ---- accepted-list publicity --------------------------------------------------------------------
  const accepted = player.window('accepted');
  await probe('GET /v1/public/notices', () => api.public.get('/v1/public/notices'), listLength);
  await probe('GET /v1/public/notices/{windowId}', () =>
    api.public.get(`/v1/public/notices/${accepted.windowId}`),
  );
  const filed = await probe('POST /v1/public/notices/{windowId}/objections', () =>
    api.public.post<{ objectionId: string }>(`/v1/public/notices/${accepted.windowId}/objections`, {
      applicationId: last.app.applicationId,
      name: '周明',
      phone: '13912345678',
      idNumber: idNumber('140105', '1979-05-05', 31),
      content: '基准测试：对该申报的证实材料真实性提出异议，请予核实。',
    }),
  );
  await probe('GET /v1/rounds/{roundId}/objections', () => staff.get(`${path}/objections`), listLength);
  if (filed) {
    await probe('POST /v1/objections/{objectionId}/resolution', () =>
      staff.post(`/v1/objections/${filed.objectionId}/resolution`, {
        outcome: 'dismissed',
        findings: '经核实，异议所述情况不属实，不予支持。',
      }),
    );
  }
  await probe('POST /v1/windows/{windowId}/extension', () =>
    staff.post(`/v1/windows/${accepted.windowId}/extension`, {
      closesAt: new Date(new Date(accepted.closesAt).getTime() + 24 * 3_600_000).toISOString(),
    }),
  );
  player.round = await staff.get(path);
  await probe('POST /v1/dev/clock → accepted window closes (settle-window task)', () =>
    player.passWindow('accepted'),
  );

  // ---- material review --------------------------------------------------------------------------
  const inReview = await player.listByStatus('in-review');
  const candidates = player.byIds(inReview.map((a) => a.applicationId));
  const target = candidates.at(-1) as Played;
  const others = candidates.slice(0, -1);
  await player.scoreStage('material', others, REVIEWERS);
  await probe('POST /v1/rounds/{roundId}/assignments', () =>
    player.assign('material', target, [...REVIEWERS, EXTRA_REVIEWER]),
  );
  const extra = await api.as({ sub: EXTRA_REVIEWER, roles: ['reviewer'] });
  await probe('GET /v1/my/assignments', () => extra.get('/v1/my/assignments'), listLength);
  await probe('GET /v1/applications/{id} (assigned reviewer)', () =>
    extra.get(`/v1/applications/${target.app.applicationId}`),
  );
  await probe('POST /v1/applications/{id}/conflicts', () =>
    extra.post(`/v1/applications/${target.app.applicationId}/conflicts`, {
      reason: '基准测试：曾为该单位提供咨询服务。',
    }),
  );
  await probe('POST /v1/applications/{id}/conflicts/dismissals', () =>
    staff.post(`/v1/applications/${target.app.applicationId}/conflicts/dismissals`, {
      reviewerId: EXTRA_REVIEWER,
      reason: '基准测试：误判，撤销回避。',
    }),
  );
  const reviewer = await api.as({ sub: REVIEWERS[0] as string, roles: ['reviewer'] });
  await probe('PUT /v1/applications/{id}/scores/{stage}', () =>
    reviewer.put(`/v1/applications/${target.app.applicationId}/scores/material`, {
      items: player.scores(target, 0),
      comment: '依据评价标准逐项评分。',
    }),
  );
  for (const [k, r] of REVIEWERS.entries()) if (k > 0) await player.scoreOne('material', target, r, k);

  const selected = player.best(Math.min(10, candidates.length), candidates);
  await probe('POST /v1/rounds/{roundId}/advance → onsite-review (select-for-onsite task)', () =>
    player.advance('onsite-review', { selected: selected.map((p) => p.app.applicationId) }),
  );
  await player.scoreStage('onsite', selected, REVIEWERS.slice(0, 3));
  await probe('POST /v1/rounds/{roundId}/advance → defense', () => player.advance('defense'));
  await player.scoreStage('defense', selected, REVIEWERS);
  await probe('POST /v1/rounds/{roundId}/advance → evaluation (compute-ranking task)', () =>
    player.advance('evaluation'),
  );
  const ranking = await probe('GET /v1/rounds/{roundId}/ranking', () => player.ranking(), listLength);
  if (!ranking) throw new Error('no ranking');
  await probe('POST /v1/rounds/{roundId}/decision (winners window opens)', () => player.decide(ranking));
  await probe('POST /v1/dev/clock → winners window closes (settle-window task)', () =>
    player.passWindow('winners'),
  );
  await probe('POST /v1/rounds/{roundId}/approval (announce task)', () => player.approve());

  // ---- announced --------------------------------------------------------------------------------
  const awards = await probe(
    'GET /v1/awards',
    () => api.public.get<{ awardId: string }[]>(`/v1/awards?roundId=${round.roundId}`),
    listLength,
  );
  await probe(
    'GET /v1/audit',
    () => supervisor.get(`/v1/audit?entityId=${last.app.applicationId}`),
    listLength,
  );
  const award = awards?.[0];
  if (award) {
    await probe('POST /v1/awards/{awardId}/revocation', () =>
      staff.post(`/v1/awards/${award.awardId}/revocation`, {
        reason: 'fraud',
        findings: '基准测试：经查申报材料存在弄虚作假。',
      }),
    );
  }
}

/** Strips the probe's qualifier: `GET /v1/applications/{id} (owner)` → `GET /v1/applications/{id}`. */
const routeKeyOf = (route: string) => route.replace(/ \(.*\)$/, '').replace(/ → .*$/, '');

export async function runDynamoDbRequests(): Promise<void> {
  installDynamoDbCounter();
  const platform = await startPlatform({
    inMemory: true,
    port: 0,
    clockStart: CLOCK_START,
    clockTicking: false,
    sweepIntervalMs: 3_600_000,
  });
  const probes: Probe[] = [];
  try {
    for (const n of SIZES) {
      console.log(`ddb-requests: round of ${n} applications`);
      await probeRound(new RoundPlayer(platform.url, 8), n, probes);
    }
  } finally {
    await platform.stop();
  }

  const [small, large] = SIZES;
  const routes = [...new Set(probes.map((p) => p.route))];
  const find = (route: string, n: number | undefined) => probes.find((p) => p.route === route && p.n === n);
  const rows = routes.map((route) => {
    const a = find(route, small);
    const b = find(route, large);
    const own = (p?: Probe) => (p ? total(p.counts.api) : Number.NaN);
    const flow = (p?: Probe) => (p ? total(p.counts.flow) : 0);
    const list = a?.items !== undefined || b?.items !== undefined;
    const scans = [a, b].some((p) => p && ((p.counts.api.Scan ?? 0) > 0 || (p.counts.flow.Scan ?? 0) > 0));
    const verdict = scans
      ? 'SCAN'
      : own(a) === own(b)
        ? 'O(1)'
        : list
          ? `list: ${a?.items ?? '?'} → ${b?.items ?? '?'} items${b?.more ? ', paged' : ''}`
          : 'GROWS';
    return {
      route,
      status: [a?.status, b?.status].join('/'),
      small: own(a),
      large: own(b),
      opsLarge: describeOps(b?.counts.api ?? {}),
      flowSmall: flow(a),
      flowLarge: flow(b),
      verdict,
    };
  });
  console.log(
    `\n${table(
      [
        'route (probe)',
        'HTTP',
        `n=${small}`,
        `n=${large}`,
        `operations (n=${large})`,
        `flow tasks n=${small}`,
        `n=${large}`,
        'verdict',
      ],
      rows.map((r) => [
        r.route,
        r.status,
        r.small,
        r.large,
        r.opsLarge,
        r.flowSmall || '',
        r.flowLarge || '',
        r.verdict,
      ]),
    )}`,
  );
  const probed = new Set(probes.map((p) => routeKeyOf(p.route)));
  const missing = apiRoutes.map((r) => r.routeKey).filter((key) => !probed.has(key));
  if (missing.length > 0) console.log(`\nroutes not probed: ${missing.join(', ')}`);
  console.log(`results: ${await saveResults('ddb-requests', { sizes: SIZES, rows, probes, missing })}`);
}
