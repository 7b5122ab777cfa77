import { InputError } from '../../errors.ts';

/**
 * Moving a legacy time of day (wall clock in the legacy business time zone) to Metabase's
 * `report-timezone`, with the platform's Intl data only. Metabase schedules take a whole hour in
 * one zone, so when daylight-saving rules differ between the two zones no single hour is right
 * all year: we take the hour that is right on most days and say so.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function assertTimeZone(zone: string, option: string): void {
  try {
    formatter(zone);
  } catch {
    throw new InputError(`Unknown time zone ${JSON.stringify(zone)} for ${option}.`, [
      'Use an IANA zone name such as America/New_York or UTC.',
    ]);
  }
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

function wallClock(zone: string, instant: number): WallClock {
  const parts = formatter(zone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

function asUtc(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
}

/** The instant when the wall clock in `zone` shows `w` (the later guess inside a DST gap). */
function instantOf(zone: string, w: WallClock): number {
  const local = asUtc(w);
  const firstGuess = local - (asUtc(wallClock(zone, local)) - local);
  return local - (asUtc(wallClock(zone, firstGuess)) - firstGuess);
}

export interface ConvertedHour {
  readonly hour: number;
  /** Calendar days the target wall clock is ahead (+1) or behind (-1) of the legacy one. */
  readonly dayShift: number;
  /** null when the conversion is exact on every day of the year. */
  readonly approximation: string | null;
}

const dayMs = 86_400_000;

/** Converts `hour` (0–23) in `from` to `to`, evaluated on every day of `year`. */
export function convertHour(hour: number, from: string, to: string, year: number): ConvertedHour {
  if (from === to) return { hour, dayShift: 0, approximation: null };
  const counts = new Map<
    string,
    { hour: number; dayShift: number; minute: number; days: number }
  >();
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += dayMs) {
    const d = new Date(t);
    const source: WallClock = {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour,
      minute: 0,
    };
    const target = wallClock(to, instantOf(from, source));
    const dayShift = Math.round((Date.UTC(target.year, target.month - 1, target.day) - t) / dayMs);
    const id = `${target.hour}:${target.minute}:${dayShift}`;
    const entry = counts.get(id) ?? { hour: target.hour, dayShift, minute: target.minute, days: 0 };
    counts.set(id, { ...entry, days: entry.days + 1 });
  }
  // Map iteration order is first occurrence, so ties go to the earlier date in the year.
  const ranked = [...counts.values()].sort((a, b) => b.days - a.days);
  const best = ranked[0];
  if (best === undefined) throw new Error('no days in a year');
  const show = (h: number, m: number): string =>
    `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  const notes: string[] = [];
  if (ranked.length > 1) {
    const spread = ranked.map((r) => `${show(r.hour, r.minute)} on ${r.days} days`).join(', ');
    notes.push(
      `${show(hour, 0)} ${from} is ${spread} of ${year} in ${to} (daylight-saving rules differ); using ${show(best.hour, best.minute)}`,
    );
  }
  if (best.minute !== 0) {
    notes.push(
      `${show(hour, 0)} ${from} is ${show(best.hour, best.minute)} in ${to}; Metabase schedules whole hours, using ${show(best.hour, 0)}`,
    );
  }
  return {
    hour: best.hour,
    dayShift: best.dayShift,
    approximation: notes.length === 0 ? null : notes.join('; '),
  };
}
