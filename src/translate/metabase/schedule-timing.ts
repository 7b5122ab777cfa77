import type { Schedule } from '../../legacy/types.ts';
import type { EmailChannel, Weekday } from '../../desired/metabase/model.ts';
import { convertHour } from './time-zone.ts';

/**
 * Legacy recurrence → Metabase channel schedules. Metabase knows daily, weekly (one weekday per
 * channel) and monthly on the first, 15th or last day; everything else is split, rounded to the
 * nearest representable day (and marked approximated) or skipped with the reason.
 */

const weekdays: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export type Timing = Omit<EmailChannel, 'recipients'> & {
  /** Stable per schedule: the legacy weekday, `daily` or `monthly` (not the converted day). */
  readonly suffix: string;
};

export type TimingResult =
  | { readonly kind: 'skipped'; readonly reasons: readonly string[] }
  | {
      readonly kind: 'timed';
      readonly timings: readonly Timing[];
      /** Reasons the timing is not exactly the legacy one. */
      readonly approximations: readonly string[];
      /** Facts worth knowing that change nothing (e.g. a split into several subscriptions). */
      readonly notes: readonly string[];
    };

export interface TimeZones {
  readonly legacy: string;
  readonly report: string;
  /** Year the daylight-saving comparison is made for (from the reference date). */
  readonly year: number;
}

function daysOf(bitmap: number): readonly number[] {
  return [0, 1, 2, 3, 4, 5, 6].filter((d) => (bitmap & (1 << d)) !== 0);
}

type Frame = 'first' | 'mid' | 'last';
/** Where each frame sits in a month, for "nearest" (last ≈ the 30th). */
const framePositions: readonly (readonly [Frame, number])[] = [
  ['first', 1],
  ['mid', 15],
  ['last', 30],
];

export function monthlyFrame(dom: number): {
  readonly frame: Frame;
  readonly approximation: string | null;
} {
  if (dom === 1) return { frame: 'first', approximation: null };
  if (dom === 15) return { frame: 'mid', approximation: null };
  if (dom >= 28) return { frame: 'last', approximation: null };
  let best: readonly [Frame, number] = ['first', 1];
  for (const candidate of framePositions) {
    // Strictly closer only: ties keep the earlier frame.
    if (Math.abs(dom - candidate[1]) < Math.abs(dom - best[1])) best = candidate;
  }
  const [frame] = best;
  const label = frame === 'first' ? 'the 1st' : frame === 'mid' ? 'the 15th' : 'the last day';
  return {
    frame,
    approximation: `monthly on day ${dom} is not representable in Metabase (1st, 15th or last day only); sent on ${label} instead`,
  };
}

const validBitmap = (b: number): boolean => Number.isInteger(b) && b >= 0 && b <= 127;

export function scheduleTimings(schedule: Schedule, zones: TimeZones): TimingResult {
  const { recurrence, tod, dowBitmap, dom } = schedule;
  if (recurrence === null)
    return skipped('empty recurrence: the schedule was a manual trigger only');
  if (recurrence === 'does_not_repeat') {
    return skipped('does_not_repeat: a one-off send, nothing recurring to schedule');
  }
  if (tod === null || !Number.isInteger(tod) || tod < 0 || tod > 23) {
    return skipped(`invalid time of day ${String(tod)} (expected an hour 0–23)`);
  }
  const converted = convertHour(tod, zones.legacy, zones.report, zones.year);
  const approximations: string[] = [];
  const notes: string[] = [];
  if (converted.approximation !== null) approximations.push(converted.approximation);
  const hour = converted.hour;
  const shiftDay = (day: number): Weekday => weekdays[(day + converted.dayShift + 7) % 7] ?? 'sun';
  const perDay = (days: readonly number[]): Timing[] =>
    days.map((d) => ({
      suffix: weekdays[d] ?? String(d),
      schedule_type: 'weekly',
      schedule_day: shiftDay(d),
      schedule_hour: hour,
      schedule_frame: null,
    }));
  const shiftNote = (): void => {
    if (converted.dayShift !== 0) {
      notes.push(
        `${tod}:00 ${zones.legacy} falls on the ${converted.dayShift > 0 ? 'next' : 'previous'} day in ${zones.report}; weekdays shifted accordingly`,
      );
    }
  };

  if (recurrence === 'daily') {
    const bitmap = dowBitmap ?? 0;
    if (!validBitmap(bitmap)) return skipped(`invalid dow_bitmap ${bitmap}`);
    if (bitmap === 0 || bitmap === 127) {
      return timed(
        [
          {
            suffix: 'daily',
            schedule_type: 'daily',
            schedule_day: null,
            schedule_hour: hour,
            schedule_frame: null,
          },
        ],
        approximations,
        notes,
      );
    }
    const days = daysOf(bitmap);
    notes.push(
      `daily on ${days.map((d) => weekdays[d]).join(', ')} only: one weekly subscription per day`,
    );
    shiftNote();
    return timed(perDay(days), approximations, notes);
  }
  if (recurrence === 'weekly') {
    const bitmap = dowBitmap ?? 0;
    if (bitmap === 0) return skipped('weekly with dow_bitmap 0 (no day of week) is invalid');
    if (!validBitmap(bitmap)) return skipped(`invalid dow_bitmap ${bitmap}`);
    const days = daysOf(bitmap);
    if (days.length > 1)
      notes.push(
        `weekly on ${days.map((d) => weekdays[d]).join(', ')}: one weekly subscription per day`,
      );
    shiftNote();
    return timed(perDay(days), approximations, notes);
  }
  // monthly
  if (dom === null || dom === 0) return skipped('monthly without a day of month (dom) is invalid');
  if (!Number.isInteger(dom) || dom < 1 || dom > 31) return skipped(`invalid day of month ${dom}`);
  const { frame, approximation } = monthlyFrame(dom);
  if (approximation !== null) approximations.push(approximation);
  if (dom >= 28 && dom <= 30)
    notes.push(`monthly on day ${dom}: sent on the last day of every month`);
  if (converted.dayShift !== 0) {
    approximations.push(
      `${tod}:00 ${zones.legacy} falls on the ${converted.dayShift > 0 ? 'next' : 'previous'} day in ${zones.report}; Metabase keeps the ${frame} of the month at ${hour}:00`,
    );
  }
  return timed(
    [
      {
        suffix: 'monthly',
        schedule_type: 'monthly',
        schedule_day: null,
        schedule_hour: hour,
        schedule_frame: frame,
      },
    ],
    approximations,
    notes,
  );
}

function skipped(reason: string): TimingResult {
  return { kind: 'skipped', reasons: [reason] };
}

function timed(
  timings: readonly Timing[],
  approximations: readonly string[],
  notes: readonly string[],
): TimingResult {
  return { kind: 'timed', timings, approximations, notes };
}
