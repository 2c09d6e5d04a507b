/**
 * Notices (通知) and reminders (提醒) as the office sends them (API.md "Notifications"): the stable
 * kinds, who they are addressed to, the Chinese text of each, and when a deadline's reminder is
 * due by the working calendar. Pure: the use cases decide the facts, the adapters deliver.
 */
import { addCalendarDays, beijingDate, isWorkingDay, type WorkingCalendar } from './calendar.ts';
import { DomainError } from './errors.ts';
import type { DeadlineKind, ReviewStage, Tier, WindowKind } from './model.ts';

import { NOTIFICATION_KINDS, type NotificationKind } from './notification-kinds.ts';

export { NOTIFICATION_KINDS, type NotificationKind };

/**
 * Whose inbox shows a notification: one person (`user:{sub}`), everyone holding a role
 * (`role:staff`, read state kept per person), or the recommenders of one jurisdiction (a recommender
 * is known by its jurisdiction claim, API.md "Conventions").
 */
export type Audience = `user:${string}` | `role:${string}` | `jurisdiction:${string}`;

export const userAudience = (sub: string): Audience => `user:${sub}`;
export const STAFF_AUDIENCE: Audience = 'role:staff';
export const jurisdictionAudience = (jurisdiction: string): Audience => `jurisdiction:${jurisdiction}`;

/** The audiences whose notifications a signed-in caller sees. */
export function audiencesOf(caller: {
  sub: string;
  roles: readonly string[];
  jurisdiction?: string;
}): Audience[] {
  const audiences: Audience[] = [userAudience(caller.sub)];
  if (caller.roles.includes('staff')) audiences.push(STAFF_AUDIENCE);
  if (caller.roles.includes('recommender') && caller.jurisdiction)
    audiences.push(jurisdictionAudience(caller.jurisdiction));
  return audiences;
}

/** The facts a template may use; each kind uses the ones it names. */
export interface NotificationFacts {
  round?: { ordinal: number; title: string };
  application?: { applicationId: string; displayName: string };
  windowKind?: WindowKind;
  closesAt?: Date;
  opinion?: string;
  reason?: string;
  objectionId?: string;
  outcome?: 'upheld' | 'dismissed';
  findings?: string;
  stage?: ReviewStage;
  deadline?: { kind: DeadlineKind; at: Date };
  waitingFor?: string;
  note?: string;
  result?: { awarded: boolean; tier?: Tier };
}

export interface NotificationText {
  title: string;
  body: string;
}

const AWARD_NAME = '太原市政府质量奖';
const TIER_NAMES: Record<Tier, string> = { award: AWARD_NAME, nomination: `${AWARD_NAME}提名奖` };
const STAGE_NAMES: Record<ReviewStage, string> = {
  material: '材料评审',
  onsite: '现场评审',
  defense: '陈述答辩评审',
};
const DEADLINE_WORK: Record<DeadlineKind, string> = {
  recommendation: '推荐意见',
  qualification: '资格审查',
  material: '材料评审评分',
  onsite: '现场评审评分',
  defense: '陈述答辩评分',
};
const WINDOW_NAMES: Record<WindowKind, string> = { accepted: '受理名单', winners: '拟获奖名单' };

/** `2026年10月10日 24:00（北京时间）`: an instant on the Beijing wall clock, midnight as the day's 24:00. */
export function beijingTimeText(instant: Date): string {
  const shifted = new Date(instant.getTime() + 8 * 3_600_000);
  let date = shifted.toISOString().slice(0, 10);
  let time = shifted.toISOString().slice(11, 16);
  if (time === '00:00') {
    // A deadline at 00:00 is the end of the previous day, as the notices write it.
    date = addCalendarDays(date, -1);
    time = '24:00';
  }
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日 ${time}（北京时间）`;
}

/**
 * The round as staff titled it when the title names the award ("第三届太原市政府质量奖"), else
 * "第2届太原市政府质量奖（title）": never the name twice, whichever numerals the title uses.
 */
const roundText = (facts: NotificationFacts): string => {
  if (!facts.round) return '太原市政府质量奖';
  const { ordinal, title } = facts.round;
  return title.includes(AWARD_NAME) ? title : `第${ordinal}届${AWARD_NAME}（${title}）`;
};
const appText = (facts: NotificationFacts): string =>
  facts.application
    ? `“${facts.application.displayName}”（申报编号 ${facts.application.applicationId}）`
    : '您的申报';
const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`notification template needs ${what}`);
  return value;
};

/** The Chinese title and body of one kind, with what the person needs to know and do next. */
export function renderNotification(kind: NotificationKind, facts: NotificationFacts): NotificationText {
  const round = roundText(facts);
  const app = appText(facts);
  switch (kind) {
    case 'application.submitted':
      return {
        title: '申报已提交',
        body: `您在${round}的申报${app}已提交成功。下一步：等待推荐单位出具推荐意见，可登录平台查看进度。`,
      };
    case 'application.recommended':
      return {
        title: '申报已获推荐',
        body: `您在${round}的申报${app}已获推荐单位推荐。下一步：市质量奖办公室进行资格审查，请保持联系方式畅通。`,
      };
    case 'application.not-recommended':
      return {
        title: '申报未获推荐',
        body: `您在${round}的申报${app}未获推荐单位推荐。推荐意见：${facts.opinion ?? '无'}。如有疑问，请联系推荐单位。`,
      };
    case 'application.qualified':
      return {
        title: '资格审查通过',
        body: `您在${round}的申报${app}已通过资格审查。下一步：列入受理名单向社会公示，公示期满后进入材料评审。`,
      };
    case 'application.disqualified':
      return {
        title: '资格审查未通过',
        body: `您在${round}的申报${app}未通过资格审查。原因：${facts.reason ?? '未说明'}。如有疑问，请联系市质量奖办公室。`,
      };
    case 'window.opened': {
      const list = WINDOW_NAMES[need(facts.windowKind, 'windowKind')];
      return {
        title: `${list}公示已发布`,
        body: `${round}${list}已公示，您的申报${app}列入名单。公示期至${beijingTimeText(need(facts.closesAt, 'closesAt'))}，公示期内任何单位和个人可实名提出异议。`,
      };
    }
    case 'objection.received':
      return {
        title: '收到实名异议',
        body: `${round}公示期间收到一件关于申报${app}的实名异议（异议编号 ${need(facts.objectionId, 'objectionId')}）。请及时调查核实并登录平台录入处理结论。`,
      };
    case 'objection.resolved': {
      const outcome = need(facts.outcome, 'outcome') === 'upheld' ? '异议成立' : '异议不成立';
      return {
        title: '异议处理结果',
        body: `您对${round}申报${app}提出的异议（异议编号 ${need(facts.objectionId, 'objectionId')}）已调查处理完毕，结论：${outcome}。${facts.findings ? `调查情况：${facts.findings}。` : ''}感谢您的监督。`,
      };
    }
    case 'assignment.created': {
      const stage = STAGE_NAMES[need(facts.stage, 'stage')];
      return {
        title: '评审任务通知',
        body: `您已被确定为${round}申报${app}的${stage}专家。下一步：请登录平台查阅申报材料并按评分细则评分；如存在需回避的情形，请先申报回避。`,
      };
    }
    case 'deadline.approaching': {
      const deadline = need(facts.deadline, 'deadline');
      return {
        title: `${DEADLINE_WORK[deadline.kind]}即将截止`,
        body: `${round}的${DEADLINE_WORK[deadline.kind]}将于${beijingTimeText(deadline.at)}截止。尚未完成的，请在截止前登录平台完成。`,
      };
    }
    case 'deadline.passed': {
      const deadline = need(facts.deadline, 'deadline');
      return {
        title: `${DEADLINE_WORK[deadline.kind]}已过截止时间`,
        body: `${round}的${DEADLINE_WORK[deadline.kind]}已于${beijingTimeText(deadline.at)}截止。尚未完成的，请尽快登录平台完成，并与市质量奖办公室联系。`,
      };
    }
    case 'round.escalated':
      return {
        title: '评选流程需要处理',
        body: `${round}的流程在“${facts.waitingFor ?? '未知环节'}”等待超时或处理失败${facts.note ? `（${facts.note}）` : ''}。请登录平台查看并处理。`,
      };
    case 'application.result': {
      const result = need(facts.result, 'result');
      return result.awarded
        ? {
            title: '评选结果：获奖',
            body: `恭喜！您的申报${app}获${round}${TIER_NAMES[result.tier ?? 'award']}。宣传获奖时请注明获奖年度（第二十二条）；奖杯、证书和奖金的发放另行通知。`,
          }
        : {
            title: '评选结果：未获奖',
            body: `您的申报${app}未获${round}表彰。感谢您的参与，欢迎继续参加以后各届评选。`,
          };
    }
    case 'award.revoked':
      return {
        title: '奖项已撤销',
        body: `您的申报${app}在${round}获得的奖项已被撤销，原因：${facts.reason ?? '未说明'}。请按市质量奖办公室的要求退回已发放的奖杯、证书和奖金（第二十五条、第二十七条）。`,
      };
  }
}

/** The working day `n` working days before `date` (n ≥ 1), by the same calendar as the windows. */
export function workingDaysBefore(cal: WorkingCalendar, date: string, n: number): string {
  if (!Number.isInteger(n) || n < 1)
    throw new DomainError('VALIDATION_FAILED', `工作日数应为正整数，收到 ${n}`);
  let day = date;
  let counted = 0;
  while (counted < n) {
    day = addCalendarDays(day, -1);
    if (isWorkingDay(cal, day)) counted += 1;
  }
  return day;
}

/**
 * API.md: `deadline.approaching` goes out at 09:00 Beijing time on the working day
 * `reminderWorkingDays` working days before the deadline's date (its Beijing date).
 */
export function reminderDueAt(cal: WorkingCalendar, deadline: Date, reminderWorkingDays: number): Date {
  const day = workingDaysBefore(cal, beijingDate(deadline), reminderWorkingDays);
  return new Date(`${day}T09:00:00+08:00`);
}

/** `***@example.com`: the domain of an email address only (API.md `GET /v1/dev/outbox`). */
export const maskEmailAddress = (email: string): string => `***@${email.split('@').at(-1) ?? ''}`;
