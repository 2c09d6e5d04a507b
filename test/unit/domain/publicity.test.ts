import { describe, expect, it } from 'vitest';
import { buildWorkingCalendar } from '../../../functions/domain/calendar.ts';
import { chineseDaysSeed } from '../../../functions/domain/calendar-seed.ts';
import { DomainError } from '../../../functions/domain/errors.ts';
import {
  assertObjectionAllowed,
  extendWindow,
  fileObjection,
  isMainlandPhone,
  type Objection,
  type ObjectionInput,
  openWindow,
  type PublicityWindow,
  resolveObjection,
  settleWindow,
  validateObjector,
  type WindowEntry,
  windowStatusAt,
} from '../../../functions/domain/publicity.ts';
import { RULEBOOK_2022 } from '../../../functions/domain/rulebook.ts';

function caught(act: () => unknown): DomainError {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const VALID_ID_NUMBER = '140105198001010011';
const VALID_CREDIT_CODE = '91140100MA0K000004';
const PUBLISHED_AT = new Date('2026-09-28T10:00:00+08:00');
const CLOSES_AT = new Date('2026-10-10T16:00:00Z');
const DURING = new Date('2026-10-05T12:00:00+08:00');

const entries: WindowEntry[] = [
  { applicationId: 'app-1', displayName: '太原重工股份有限公司', category: 'organization' },
  { applicationId: 'app-2', displayName: '张三', category: 'individual' },
  { applicationId: 'app-3', displayName: '太原某某科技有限公司', category: 'organization' },
];

const calendar = buildWorkingCalendar(chineseDaysSeed());

const openAccepted = (): PublicityWindow =>
  openWindow({
    windowId: 'win-1',
    roundId: 'round-1',
    kind: 'accepted',
    entries,
    publishedAt: PUBLISHED_AT,
    calendar,
    rulebook: RULEBOOK_2022,
  });

const objectionInput: ObjectionInput = {
  name: '李四',
  phone: '13812345678',
  idNumber: VALID_ID_NUMBER,
  content: '该企业近三年内发生过重大质量事故，申报材料中未如实说明。',
};

const pending = (applicationId: string, windowId = 'win-1'): Objection => ({
  objectionId: `obj-${applicationId}`,
  windowId,
  applicationId,
  objector: { name: '李四', phone: '13812345678', idNumber: VALID_ID_NUMBER },
  content: objectionInput.content,
  filedAt: DURING,
  status: 'pending',
});

describe('openWindow', () => {
  it('opens at publication and closes after 5 working days, recording the calendar used', () => {
    // Act
    const window = openAccepted();

    // Assess
    expect(window).toMatchObject({
      windowId: 'win-1',
      roundId: 'round-1',
      kind: 'accepted',
      opensAt: PUBLISHED_AT,
      closesAt: CLOSES_AT,
      minimumClosesAt: CLOSES_AT,
      status: 'open',
      entries,
    });
    expect(window.calendarVersion).toMatch(/^2026@/);
    expect(window.entries[0]).not.toBe(entries[0]);
  });

  it('follows the rulebook’s number of working days', () => {
    // Act
    const window = openWindow({
      windowId: 'w',
      roundId: 'r',
      kind: 'accepted',
      entries,
      publishedAt: PUBLISHED_AT,
      calendar,
      rulebook: { publicityWorkingDays: 1 },
    });

    // Assess
    expect(window.closesAt.toISOString()).toBe('2026-09-29T16:00:00.000Z');
  });

  it('rejects a list with a duplicate entry, and a winners list without tiers', () => {
    // Prepare
    const duplicate = [...entries, entries[0] as WindowEntry];

    // Act
    const error = caught(() =>
      openWindow({
        windowId: 'w',
        roundId: 'r',
        kind: 'winners',
        entries: duplicate.map((e, i) => (i === 1 ? { ...e, tier: 'award' as const } : e)),
        publishedAt: PUBLISHED_AT,
        calendar,
        rulebook: RULEBOOK_2022,
      }),
    );

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.findings.map((f) => f.path)).toEqual([
      'entries[0].tier',
      'entries[2].tier',
      'entries[3].applicationId',
      'entries[3].tier',
    ]);
  });

  it('accepts a winners list with tiers', () => {
    // Act
    const window = openWindow({
      windowId: 'w',
      roundId: 'r',
      kind: 'winners',
      entries: [{ ...entries[0], tier: 'award' } as WindowEntry],
      publishedAt: PUBLISHED_AT,
      calendar,
      rulebook: RULEBOOK_2022,
    });

    // Assess
    expect(window.entries[0]?.tier).toBe('award');
  });

  it('refuses to open a window reaching into a year without calendar data', () => {
    // Act
    const error = caught(() =>
      openWindow({
        windowId: 'w',
        roundId: 'r',
        kind: 'accepted',
        entries,
        publishedAt: new Date('2026-12-28T10:00:00+08:00'),
        calendar,
        rulebook: RULEBOOK_2022,
      }),
    );

    // Assess
    expect(error.code).toBe('CALENDAR_NOT_AVAILABLE');
  });
});

describe('extendWindow', () => {
  it('moves the end later, keeping the computed minimum', () => {
    // Prepare
    const later = new Date('2026-10-12T16:00:00Z');

    // Act
    const extended = extendWindow(openAccepted(), later, DURING);

    // Assess
    expect(extended.closesAt).toEqual(later);
    expect(extended.minimumClosesAt).toEqual(CLOSES_AT);
  });

  it('refuses the same or an earlier end, or an invalid one', () => {
    // Prepare
    const window = openAccepted();

    // Act
    const errors = [CLOSES_AT, new Date('2026-10-09T16:00:00Z'), new Date('x')].map((t) =>
      caught(() => extendWindow(window, t, DURING)),
    );

    // Assess
    for (const error of errors) {
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.findings).toEqual([expect.objectContaining({ path: 'closesAt' })]);
    }
  });

  it('never goes below the computed minimum, even from a corrupted record', () => {
    // Prepare
    const corrupted = { ...openAccepted(), closesAt: new Date('2026-10-01T00:00:00Z') };

    // Act
    const error = caught(() =>
      extendWindow(corrupted, new Date('2026-10-05T16:00:00Z'), new Date('2026-09-30T10:00:00+08:00')),
    );

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('第十八条');
  });

  it('refuses a window that is no longer open or has expired', () => {
    // Prepare
    const window = openAccepted();
    const later = new Date('2026-10-20T16:00:00Z');

    // Act
    const awaiting = caught(() => extendWindow({ ...window, status: 'awaiting-objections' }, later, DURING));
    const expired = caught(() => extendWindow(window, later, CLOSES_AT));

    // Assess
    expect(awaiting.code).toBe('WINDOW_CLOSED');
    expect(expired.code).toBe('WINDOW_CLOSED');
  });
});

describe('assertObjectionAllowed', () => {
  it('allows an objection about a listed application while the window is open', () => {
    // Act
    const act = () => assertObjectionAllowed(openAccepted(), 'app-2', new Date(CLOSES_AT.getTime() - 1));

    // Assess
    expect(act).not.toThrow();
  });

  it('refuses at 24:00 on the last day, after it, before opening, and once not open', () => {
    // Prepare
    const window = openAccepted();

    // Act
    const codes = [
      caught(() => assertObjectionAllowed(window, 'app-1', CLOSES_AT)),
      caught(() => assertObjectionAllowed(window, 'app-1', new Date('2026-10-11T09:00:00+08:00'))),
      caught(() => assertObjectionAllowed(window, 'app-1', new Date(PUBLISHED_AT.getTime() - 1))),
      caught(() => assertObjectionAllowed({ ...window, status: 'closed' }, 'app-1', DURING)),
    ].map((e) => e.code);

    // Assess
    expect(codes).toEqual(['WINDOW_CLOSED', 'WINDOW_CLOSED', 'WINDOW_CLOSED', 'WINDOW_CLOSED']);
  });

  it('answers NOT_FOUND for an application that is not on the list', () => {
    // Act
    const error = caught(() => assertObjectionAllowed(openAccepted(), 'app-9', DURING));

    // Assess
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/公示名单/);
  });
});

describe('validateObjector', () => {
  it('accepts a person with an ID number, and an organization with a credit code', () => {
    // Act
    const person = validateObjector(objectionInput);
    const organization = validateObjector({
      ...objectionInput,
      name: '某某有限公司',
      phone: '0351-1234567',
      idNumber: undefined,
      creditCode: VALID_CREDIT_CODE,
    });

    // Assess
    expect(person).toEqual([]);
    expect(organization).toEqual([]);
  });

  it('lists every missing or malformed field', () => {
    // Act
    const findings = validateObjector({ name: '  ', phone: '12345', content: '太短了' });

    // Assess
    expect(findings.map((f) => f.path)).toEqual(['name', 'phone', 'idNumber', 'content']);
    expect(findings.every((f) => f.code === 'VALIDATION_FAILED')).toBe(true);
  });

  it('refuses both an ID number and a credit code at once', () => {
    // Act
    const findings = validateObjector({ ...objectionInput, creditCode: VALID_CREDIT_CODE });

    // Assess
    expect(findings).toEqual([
      expect.objectContaining({ path: 'idNumber', message: expect.stringContaining('只能') }),
    ]);
  });

  it('checks the ID number and the credit code with their check characters', () => {
    // Act
    const badId = validateObjector({ ...objectionInput, idNumber: '140105198001010012' });
    const badCode = validateObjector({ ...objectionInput, idNumber: ' ', creditCode: '91140100MA0K000005' });

    // Assess
    expect(badId).toEqual([expect.objectContaining({ path: 'idNumber', code: 'INVALID_ID_NUMBER' })]);
    expect(badCode).toEqual([expect.objectContaining({ path: 'creditCode', code: 'INVALID_CREDIT_CODE' })]);
  });

  it('bounds the content at 10 to 5000 characters and the name at 100', () => {
    // Act
    const atMin = validateObjector({ ...objectionInput, content: '一二三四五六七八九十' });
    const belowMin = validateObjector({ ...objectionInput, content: ' 一二三四五六七八九 ' });
    const atMax = validateObjector({ ...objectionInput, content: '异'.repeat(5000) });
    const aboveMax = validateObjector({ ...objectionInput, content: '异'.repeat(5001) });
    const longName = validateObjector({ ...objectionInput, name: '名'.repeat(101) });

    // Assess
    expect([atMin, atMax]).toEqual([[], []]);
    expect(belowMin.map((f) => f.path)).toEqual(['content']);
    expect(aboveMax.map((f) => f.path)).toEqual(['content']);
    expect(longName.map((f) => f.path)).toEqual(['name']);
  });
});

describe('isMainlandPhone', () => {
  it('accepts mobiles (with +86 and spaces) and landlines with area codes and extensions', () => {
    // Act
    const accepted = [
      '13812345678',
      '+86 138 1234 5678',
      '8619912345678',
      '0351-7654321',
      '010-12345678-123',
    ];
    const rejected = ['12812345678', '1381234567', '7654321', '0351-0654321', '138123456789'];

    // Assess
    expect(accepted.map(isMainlandPhone)).toEqual([true, true, true, true, true]);
    expect(rejected.map(isMainlandPhone)).toEqual([false, false, false, false, false]);
  });
});

describe('fileObjection', () => {
  it('records a pending objection with the objector’s data normalized', () => {
    // Act
    const objection = fileObjection({
      objectionId: 'obj-1',
      window: openAccepted(),
      applicationId: 'app-1',
      objection: {
        ...objectionInput,
        name: ' 李四 ',
        phone: '138 1234 5678',
        content: `  ${objectionInput.content} `,
      },
      now: DURING,
    });

    // Assess
    expect(objection).toEqual({
      objectionId: 'obj-1',
      windowId: 'win-1',
      applicationId: 'app-1',
      objector: { name: '李四', phone: '13812345678', idNumber: VALID_ID_NUMBER },
      content: objectionInput.content,
      filedAt: DURING,
      status: 'pending',
    });
  });

  it('stores a credit code upper-cased when the objector is an organization', () => {
    // Act
    const objection = fileObjection({
      objectionId: 'obj-2',
      window: openAccepted(),
      applicationId: 'app-1',
      objection: { ...objectionInput, idNumber: undefined, creditCode: VALID_CREDIT_CODE.toLowerCase() },
      now: DURING,
    });

    // Assess
    expect(objection.objector).toEqual({ name: '李四', phone: '13812345678', creditCode: VALID_CREDIT_CODE });
  });

  it('checks the window before the objector, then refuses an invalid objector with findings', () => {
    // Prepare
    const invalid = { ...objectionInput, phone: 'x' };

    // Act
    const closed = caught(() =>
      fileObjection({
        objectionId: 'o',
        window: openAccepted(),
        applicationId: 'app-1',
        objection: invalid,
        now: CLOSES_AT,
      }),
    );
    const rejected = caught(() =>
      fileObjection({
        objectionId: 'o',
        window: openAccepted(),
        applicationId: 'app-1',
        objection: invalid,
        now: DURING,
      }),
    );

    // Assess
    expect(closed.code).toBe('WINDOW_CLOSED');
    expect(rejected.code).toBe('VALIDATION_FAILED');
    expect(rejected.findings.map((f) => f.path)).toEqual(['phone']);
  });
});

describe('windowStatusAt', () => {
  it('is open before the end, whatever the objections', () => {
    // Act
    const status = windowStatusAt(openAccepted(), [pending('app-1')], new Date(CLOSES_AT.getTime() - 1));

    // Assess
    expect(status).toBe('open');
  });

  it('awaits objections from the end while any is pending, then is closed', () => {
    // Prepare
    const window = openAccepted();

    // Act
    const awaiting = windowStatusAt(window, [{ status: 'dismissed' }, { status: 'pending' }], CLOSES_AT);
    const closed = windowStatusAt(window, [{ status: 'dismissed' }, { status: 'upheld' }], CLOSES_AT);
    const none = windowStatusAt(window, [], CLOSES_AT);

    // Assess
    expect([awaiting, closed, none]).toEqual(['awaiting-objections', 'closed', 'closed']);
  });

  it('keeps a closed window closed', () => {
    // Act
    const status = windowStatusAt({ ...openAccepted(), status: 'closed' }, [{ status: 'pending' }], DURING);

    // Assess
    expect(status).toBe('closed');
  });
});

describe('resolveObjection', () => {
  it('records the outcome and the findings on a pending objection', () => {
    // Prepare
    const at = new Date('2026-10-12T10:00:00+08:00');

    // Act
    const upheld = resolveObjection(pending('app-1'), 'upheld', ' 经核实，反映情况属实。 ', at);
    const dismissed = resolveObjection(pending('app-2'), 'dismissed', '经核实，反映情况不属实。', at);

    // Assess
    expect(upheld).toMatchObject({ status: 'upheld', findings: '经核实，反映情况属实。', resolvedAt: at });
    expect(dismissed.status).toBe('dismissed');
  });

  it('refuses an objection already resolved', () => {
    // Prepare
    const resolved = resolveObjection(pending('app-1'), 'dismissed', '不属实', DURING);

    // Act
    const error = caught(() => resolveObjection(resolved, 'upheld', '属实', DURING));

    // Assess
    expect(error.code).toBe('ILLEGAL_TRANSITION');
  });

  it('refuses an unknown outcome and empty or overlong findings', () => {
    // Act
    const outcome = caught(() => resolveObjection(pending('a'), 'pending' as 'upheld', '属实', DURING));
    const empty = caught(() => resolveObjection(pending('a'), 'upheld', '   ', DURING));
    const overlong = caught(() => resolveObjection(pending('a'), 'upheld', '实'.repeat(5001), DURING));

    // Assess
    expect(outcome.findings.map((f) => f.path)).toEqual(['outcome']);
    expect(empty.findings.map((f) => f.path)).toEqual(['findings']);
    expect(overlong.code).toBe('VALIDATION_FAILED');
  });
});

describe('settleWindow', () => {
  it('strikes entries with an upheld objection and moves nobody up (Art. 8)', () => {
    // Prepare
    const objections: Objection[] = [
      { ...pending('app-1'), status: 'upheld' },
      { ...pending('app-1'), objectionId: 'again', status: 'upheld' },
      { ...pending('app-2'), status: 'dismissed' },
      { ...pending('app-3', 'other-window'), status: 'upheld' },
    ];

    // Act
    const result = settleWindow(openAccepted(), objections);

    // Assess
    expect(result.struck).toEqual(['app-1']);
    expect(result.remaining.map((e) => e.applicationId)).toEqual(['app-2', 'app-3']);
  });

  it('refuses while an objection of this window is pending, ignoring other windows', () => {
    // Act
    const error = caught(() => settleWindow(openAccepted(), [pending('app-2')]));
    const otherWindow = settleWindow(openAccepted(), [pending('app-2', 'other-window')]);

    // Assess
    expect(error.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(otherWindow.struck).toEqual([]);
    expect(otherWindow.remaining).toHaveLength(3);
  });
});
