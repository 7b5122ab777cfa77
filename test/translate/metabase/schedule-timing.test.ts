import { describe, expect, it } from 'vitest';
import {
  monthlyFrame,
  scheduleTimings,
  type TimingResult,
} from '../../../src/translate/metabase/schedule-timing.ts';
import { convertHour } from '../../../src/translate/metabase/time-zone.ts';
import { aSchedule } from './builders.ts';

const newYork = { legacy: 'America/New_York', report: 'America/New_York', year: 2025 };

function timed(result: TimingResult) {
  if (result.kind !== 'timed')
    throw new Error(`expected timings, got skipped: ${result.reasons.join('; ')}`);
  return result;
}
const channels = (result: TimingResult) =>
  timed(result).timings.map(({ schedule_type, schedule_day, schedule_hour, schedule_frame }) => ({
    schedule_type,
    schedule_day,
    schedule_hour,
    schedule_frame,
  }));

describe('scheduleTimings: recurrence', () => {
  it('daily → daily', () => {
    for (const dowBitmap of [127, 0, null]) {
      const r = scheduleTimings(aSchedule({ recurrence: 'daily', tod: 7, dowBitmap }), newYork);
      expect(channels(r)).toEqual([
        { schedule_type: 'daily', schedule_day: null, schedule_hour: 7, schedule_frame: null },
      ]);
      expect(timed(r).approximations).toEqual([]);
    }
  });

  it('daily on weekdays only (62) → one weekly pulse per weekday, exact', () => {
    const r = timed(
      scheduleTimings(aSchedule({ recurrence: 'daily', tod: 7, dowBitmap: 62 }), newYork),
    );
    expect(r.timings.map((t) => [t.schedule_type, t.schedule_day, t.suffix])).toEqual([
      ['weekly', 'mon', 'mon'],
      ['weekly', 'tue', 'tue'],
      ['weekly', 'wed', 'wed'],
      ['weekly', 'thu', 'thu'],
      ['weekly', 'fri', 'fri'],
    ]);
    expect(r.approximations).toEqual([]);
    expect(r.notes.join()).toContain('one weekly subscription per day');
  });

  it('weekly with one day → one weekly pulse (bit 6 = Saturday)', () => {
    expect(
      channels(
        scheduleTimings(aSchedule({ recurrence: 'weekly', tod: 6, dowBitmap: 64 }), newYork),
      ),
    ).toEqual([
      { schedule_type: 'weekly', schedule_day: 'sat', schedule_hour: 6, schedule_frame: null },
    ]);
  });

  it('weekly with several days → one weekly pulse per day (bit 0 = Sunday)', () => {
    const r = scheduleTimings(aSchedule({ recurrence: 'weekly', dowBitmap: 1 + 2 + 32 }), newYork);
    expect(channels(r).map((c) => c.schedule_day)).toEqual(['sun', 'mon', 'fri']);
  });

  it('weekly with dow 0 → skipped as invalid', () => {
    expect(scheduleTimings(aSchedule({ recurrence: 'weekly', dowBitmap: 0 }), newYork)).toEqual({
      kind: 'skipped',
      reasons: ['weekly with dow_bitmap 0 (no day of week) is invalid'],
    });
    expect(
      scheduleTimings(aSchedule({ recurrence: 'weekly', dowBitmap: null }), newYork).kind,
    ).toBe('skipped');
  });

  it('monthly dom 1 → first, 15 → mid, 28–31 → last, all exact', () => {
    const frame = (dom: number) =>
      channels(scheduleTimings(aSchedule({ recurrence: 'monthly', dom, dowBitmap: 127 }), newYork));
    expect(frame(1)).toEqual([
      { schedule_type: 'monthly', schedule_day: null, schedule_hour: 6, schedule_frame: 'first' },
    ]);
    expect(frame(15)[0]?.schedule_frame).toBe('mid');
    for (const dom of [28, 29, 30, 31]) {
      const r = timed(scheduleTimings(aSchedule({ recurrence: 'monthly', dom }), newYork));
      expect(r.timings[0]?.schedule_frame).toBe('last');
      expect(r.approximations).toEqual([]);
    }
  });

  it('monthly on any other day → nearest representable frame, approximated with the reason', () => {
    const r = timed(scheduleTimings(aSchedule({ recurrence: 'monthly', dom: 10 }), newYork));
    expect(r.timings[0]?.schedule_frame).toBe('mid');
    expect(r.approximations).toEqual([
      'monthly on day 10 is not representable in Metabase (1st, 15th or last day only); sent on the 15th instead',
    ]);
    expect(monthlyFrame(2)).toMatchObject({ frame: 'first' });
    expect(monthlyFrame(8)).toMatchObject({ frame: 'first' }); // tie between 1st and 15th: the earlier
    expect(monthlyFrame(22)).toMatchObject({ frame: 'mid' });
    expect(monthlyFrame(23)).toMatchObject({ frame: 'last' });
    for (let dom = 2; dom <= 27; dom++) {
      if (dom !== 15) expect(monthlyFrame(dom).approximation).not.toBeNull();
    }
  });

  it('monthly without a day, or an impossible one → skipped', () => {
    expect(scheduleTimings(aSchedule({ recurrence: 'monthly', dom: 0 }), newYork).kind).toBe(
      'skipped',
    );
    expect(scheduleTimings(aSchedule({ recurrence: 'monthly', dom: null }), newYork).kind).toBe(
      'skipped',
    );
    expect(scheduleTimings(aSchedule({ recurrence: 'monthly', dom: 32 }), newYork).kind).toBe(
      'skipped',
    );
  });

  it('does_not_repeat and empty recurrence → skipped with the reason', () => {
    expect(scheduleTimings(aSchedule({ recurrence: 'does_not_repeat' }), newYork)).toEqual({
      kind: 'skipped',
      reasons: ['does_not_repeat: a one-off send, nothing recurring to schedule'],
    });
    expect(scheduleTimings(aSchedule({ recurrence: null }), newYork)).toEqual({
      kind: 'skipped',
      reasons: ['empty recurrence: the schedule was a manual trigger only'],
    });
  });

  it('an hour outside 0–23 → skipped', () => {
    expect(scheduleTimings(aSchedule({ tod: 24 }), newYork).kind).toBe('skipped');
    expect(scheduleTimings(aSchedule({ tod: null }), newYork).kind).toBe('skipped');
  });
});

describe('scheduleTimings: time zones', () => {
  it('same zone → the legacy hour, exact', () => {
    const r = timed(scheduleTimings(aSchedule({ tod: 23 }), newYork));
    expect(r.timings[0]?.schedule_hour).toBe(23);
    expect(r.approximations).toEqual([]);
  });

  it('zones with the same daylight-saving rules → exact shifted hour', () => {
    const zones = { ...newYork, report: 'America/Chicago' };
    const r = timed(scheduleTimings(aSchedule({ tod: 7 }), zones));
    expect(r.timings[0]?.schedule_hour).toBe(6);
    expect(r.approximations).toEqual([]);
  });

  it('zones whose offset differs across DST → the hour right on most days, approximated with the reason', () => {
    const r = timed(scheduleTimings(aSchedule({ tod: 7 }), { ...newYork, report: 'UTC' }));
    expect(r.timings[0]?.schedule_hour).toBe(11);
    expect(r.approximations).toEqual([
      '07:00 America/New_York is 11:00 on 238 days, 12:00 on 127 days of 2025 in UTC (daylight-saving rules differ); using 11:00',
    ]);
    const london = convertHour(7, 'America/New_York', 'Europe/London', 2025);
    expect(london).toMatchObject({ hour: 12, dayShift: 0 });
    expect(london.approximation).toContain('11:00 on 28 days');
  });

  it('crossing midnight shifts the weekday forwards or backwards', () => {
    const tokyo = timed(
      scheduleTimings(aSchedule({ tod: 22, dowBitmap: 64 }), { ...newYork, report: 'Asia/Tokyo' }),
    );
    expect(tokyo.timings[0]).toMatchObject({
      schedule_day: 'sun',
      schedule_hour: 11,
      suffix: 'sat',
    });
    const la = timed(
      scheduleTimings(aSchedule({ tod: 1, dowBitmap: 2 }), {
        ...newYork,
        report: 'America/Los_Angeles',
      }),
    );
    expect(la.timings[0]).toMatchObject({ schedule_day: 'sun', schedule_hour: 22, suffix: 'mon' });
    expect(la.approximations).toEqual([]);
    expect(la.notes.join()).toContain('previous day');
  });

  it('crossing midnight on a monthly schedule is approximated (Metabase keeps the frame)', () => {
    const r = timed(
      scheduleTimings(aSchedule({ recurrence: 'monthly', dom: 1, tod: 1 }), {
        ...newYork,
        report: 'America/Los_Angeles',
      }),
    );
    expect(r.timings[0]).toMatchObject({ schedule_frame: 'first', schedule_hour: 22 });
    expect(r.approximations.join()).toContain('previous day');
  });

  it('half-hour zones lose the minutes, said in the reason', () => {
    expect(convertHour(7, 'America/New_York', 'Asia/Kolkata', 2025).approximation).toContain(
      'whole hours',
    );
  });
});
