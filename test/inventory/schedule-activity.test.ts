import { describe, expect, it } from 'vitest';
import {
  lastSuccessfulSends,
  newestLogEntry,
  scheduleActivity,
} from '../../src/inventory/schedule-activity.ts';
import type { Schedule, ScheduleLogEntry } from '../../src/legacy/types.ts';

function schedule(overrides: Partial<Schedule> = {}): Schedule {
  return {
    id: 1,
    reportId: 1,
    customerId: 1001,
    userId: null,
    subject: null,
    recurrence: 'weekly',
    tod: 7,
    dowBitmap: 2,
    dom: 0,
    recipients: ['a@x.com'],
    excluded: [],
    rawEmail: null,
    rawDoNotSendEmail: null,
    startDate: null,
    endDate: null,
    active: true,
    createTime: null,
    updateTime: null,
    problems: [],
    line: 2,
    ...overrides,
  };
}

function entry(
  id: number,
  scheduleId: number,
  createTime: string,
  sent: boolean,
): ScheduleLogEntry {
  return { id, scheduleId, createTime, sent, sentTime: sent ? createTime : null, line: id + 1 };
}

const asOf = '2025-04-21 03:28:22';

describe('schedule activity', () => {
  it('takes "now" from the newest log entry and the last successful send per schedule', () => {
    const log = [
      entry(1, 1, '2025-01-01 00:00:00', true),
      entry(2, 1, '2025-03-01 00:00:00', false),
      entry(3, 2, asOf, true),
    ];
    expect(newestLogEntry(log)).toBe(asOf);
    expect(lastSuccessfulSends(log)).toEqual(
      new Map([
        [1, '2025-01-01 00:00:00'],
        [2, asOf],
      ]),
    );
  });

  it('is active in practice with a successful send within 90 days', () => {
    expect(scheduleActivity(schedule(), '2025-01-21 03:28:22', asOf)).toMatchObject({
      activeInPractice: true,
    });
    expect(scheduleActivity(schedule(), '2025-01-21 03:28:21', asOf)).toMatchObject({
      activeInPractice: false,
      activity: 'last successful send 2025-01-21, over 90 days before 2025-04-21',
    });
  });

  it.each([
    [{ active: false }, 'switched off (active = 0)', false],
    [{ endDate: '2025-04-20' }, 'ended 2025-04-20', true],
    [{ recurrence: null }, 'no recurrence (manual only)', false],
  ] as const)('is not active in practice when %j', (overrides, activity, ended) => {
    expect(scheduleActivity(schedule(overrides), asOf, asOf)).toEqual({
      ended,
      lastSuccessfulSend: asOf,
      activeInPractice: false,
      activity,
    });
  });

  it('is not ended on its end date itself', () => {
    expect(scheduleActivity(schedule({ endDate: '2025-04-21' }), asOf, asOf)).toMatchObject({
      ended: false,
      activeInPractice: true,
    });
  });

  it('never sent successfully', () => {
    expect(scheduleActivity(schedule(), null, asOf).activity).toBe('never sent successfully');
  });
});
