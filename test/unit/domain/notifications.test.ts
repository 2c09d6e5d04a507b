import { describe, expect, it } from 'vitest';
import { buildWorkingCalendar } from '../../../functions/domain/calendar.ts';
import { chineseDaysSeed } from '../../../functions/domain/calendar-seed.ts';
import {
  audiencesOf,
  beijingTimeText,
  maskEmailAddress,
  NOTIFICATION_KINDS,
  reminderDueAt,
  renderNotification,
  workingDaysBefore,
} from '../../../functions/domain/notifications.ts';

const calendar = buildWorkingCalendar(chineseDaysSeed().filter((y) => y.year >= 2025 && y.year <= 2026));
const CJK = /[\u4e00-\u9fff]/;

describe('deadline reminders', () => {
  it('go out at 09:00 Beijing time n working days before the deadline’s Beijing date', () => {
    // Friday 27 March 2026, 17:00 Beijing → Wednesday 25 March 09:00 Beijing with 2 working days.
    expect(reminderDueAt(calendar, new Date('2026-03-27T09:00:00Z'), 2).toISOString()).toBe(
      '2026-03-25T01:00:00.000Z',
    );
    // A deadline just after midnight Beijing time belongs to that Beijing date (Saturday 28 March).
    expect(reminderDueAt(calendar, new Date('2026-03-27T16:30:00Z'), 1).toISOString()).toBe(
      '2026-03-27T01:00:00.000Z',
    );
  });

  it('count working days by the holiday calendar, make-up working days included', () => {
    // National Day 2026: 1–7 October off, Saturday 10 October a make-up working day.
    expect(workingDaysBefore(calendar, '2026-10-12', 1)).toBe('2026-10-10');
    expect(workingDaysBefore(calendar, '2026-10-08', 1)).toBe('2026-09-30');
    expect(workingDaysBefore(calendar, '2026-10-09', 3)).toBe('2026-09-29');
  });

  it('refuse a count of working days that is not a positive integer', () => {
    for (const n of [0, -1, 1.5]) {
      expect(() => workingDaysBefore(calendar, '2026-10-12', n)).toThrow(/工作日数应为正整数/);
    }
  });

  it('refuse to count into a year without calendar data', () => {
    expect(() => reminderDueAt(calendar, new Date('2025-01-02T09:00:00Z'), 5)).toThrow(/2024/);
  });
});

describe('templates', () => {
  it('give every kind a Chinese title and body with the facts a person needs', () => {
    const facts = {
      round: { ordinal: 3, title: '2026年度' },
      application: { applicationId: 'app_1', displayName: '太原精工机械有限公司' },
      windowKind: 'accepted' as const,
      closesAt: new Date('2026-03-13T16:00:00Z'),
      objectionId: 'obj_1',
      outcome: 'upheld' as const,
      stage: 'onsite' as const,
      deadline: { kind: 'material' as const, at: new Date('2026-03-27T09:00:00Z') },
      result: { awarded: true, tier: 'award' as const },
    };
    for (const kind of NOTIFICATION_KINDS) {
      const text = renderNotification(kind, facts);
      expect(text.title, kind).toMatch(CJK);
      expect(text.body, kind).toMatch(CJK);
      expect(text.body, kind).toContain('第3届');
    }
    expect(renderNotification('window.opened', facts).body).toContain('2026年3月13日 24:00（北京时间）');
    expect(renderNotification('deadline.approaching', facts).body).toContain(
      '2026年3月27日 17:00（北京时间）',
    );
    expect(renderNotification('assignment.created', facts).body).toContain('现场评审');
    expect(renderNotification('application.result', { ...facts, result: { awarded: false } }).title).toBe(
      '评选结果：未获奖',
    );
  });

  it('name the round once: the title alone when it names the award, else in brackets after the ordinal', () => {
    const application = { applicationId: 'app_1', displayName: '太原某某制造有限公司' };
    const named = (title: string) =>
      renderNotification('application.submitted', { round: { ordinal: 2, title }, application }).body;
    expect(named('第2届太原市政府质量奖')).toContain('您在第2届太原市政府质量奖的申报');
    expect(named('2026年度')).toContain('您在第2届太原市政府质量奖（2026年度）的申报');
    expect(named('第二届太原市政府质量奖')).toContain('您在第二届太原市政府质量奖的申报');
  });

  it('write a midnight deadline as the previous day’s 24:00', () => {
    expect(beijingTimeText(new Date('2026-10-10T16:00:00Z'))).toBe('2026年10月10日 24:00（北京时间）');
    expect(beijingTimeText(new Date('2026-10-10T01:05:00Z'))).toBe('2026年10月10日 09:05（北京时间）');
  });
});

describe('audiences', () => {
  it('are the caller, the staff role and a recommender’s jurisdiction', () => {
    expect(audiencesOf({ sub: 's1', roles: ['staff'] })).toEqual(['user:s1', 'role:staff']);
    expect(audiencesOf({ sub: 'r1', roles: ['recommender'], jurisdiction: '140105' })).toEqual([
      'user:r1',
      'jurisdiction:140105',
    ]);
    expect(audiencesOf({ sub: 'a1', roles: ['applicant'] })).toEqual(['user:a1']);
  });

  it('mask an email to its domain', () => {
    expect(maskEmailAddress('zhao@sxu.edu.cn')).toBe('***@sxu.edu.cn');
  });
});
