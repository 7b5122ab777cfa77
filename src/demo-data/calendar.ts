/**
 * Every date in the demo data is a whole number of days relative to the reference date ("day 0"),
 * so the data can be generated for any day and stays "fresh" (certificates expiring next week
 * really expire next week). Formatting is cached: millions of rows reuse a few thousand dates.
 */
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

export class Calendar {
  private readonly dayZeroMs: number;
  private readonly dateCache = new Map<number, string>();
  private readonly timeCache: string[] = [];

  constructor(readonly referenceDate: string) {
    const match = isoDate.exec(referenceDate);
    const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
    if (!match || new Date(ms).toISOString().slice(0, 10) !== referenceDate) {
      throw new RangeError(`reference date must be a real YYYY-MM-DD date, got "${referenceDate}"`);
    }
    this.dayZeroMs = ms;
  }

  /** `YYYY-MM-DD` of the day `offset` days after the reference date. */
  date(offset: number): string {
    let text = this.dateCache.get(offset);
    if (text === undefined) {
      text = new Date(this.dayZeroMs + offset * 86_400_000).toISOString().slice(0, 10);
      this.dateCache.set(offset, text);
    }
    return text;
  }

  /** A timestamptz literal (UTC) at `secondOfDay` on day `offset`. */
  timestamp(offset: number, secondOfDay: number): string {
    const second = Math.min(86_399, Math.max(0, Math.floor(secondOfDay)));
    let time = this.timeCache[second];
    if (time === undefined) {
      const hh = String(Math.floor(second / 3600)).padStart(2, '0');
      const mm = String(Math.floor((second % 3600) / 60)).padStart(2, '0');
      const ss = String(second % 60).padStart(2, '0');
      time = `${hh}:${mm}:${ss}+00`;
      this.timeCache[second] = time;
    }
    return `${this.date(offset)} ${time}`;
  }
}

/** Office hours in UTC-ish terms: most activity between 12:00 and 23:00 UTC (US business day). */
export function officeSecond(roll: number): number {
  return 43_200 + Math.floor(roll * 39_600);
}
