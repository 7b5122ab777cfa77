import type { Schedule, ScheduleLogEntry } from '../legacy/types.ts';

/** A schedule counts as live only if it delivered within this window before the export's "now". */
const activeWindowDays = 90;

export interface ScheduleActivity {
  readonly ended: boolean;
  readonly lastSuccessfulSend: string | null;
  readonly activeInPractice: boolean;
  readonly activity: string;
}

/** The newest schedule-log entry: the export's "now" (the wall clock would make output drift). */
export function newestLogEntry(log: readonly ScheduleLogEntry[]): string | null {
  let newest: string | null = null;
  for (const entry of log) {
    if (entry.createTime !== null && (newest === null || entry.createTime > newest))
      newest = entry.createTime;
  }
  return newest;
}

/** Latest successful send per schedule id (sent_time, else the entry's create_time). */
export function lastSuccessfulSends(log: readonly ScheduleLogEntry[]): Map<number, string> {
  const last = new Map<number, string>();
  for (const entry of log) {
    const when = entry.sentTime ?? entry.createTime;
    if (!entry.sent || when === null) continue;
    const previous = last.get(entry.scheduleId);
    if (previous === undefined || when > previous) last.set(entry.scheduleId, when);
  }
  return last;
}

/**
 * Active in practice = active flag set, not ended, has a recurrence, and a successful send within
 * 90 days of `asOf`. A schedule whose end_date is before `asOf` is ended.
 */
export function scheduleActivity(
  schedule: Schedule,
  lastSend: string | null,
  asOf: string | null,
): ScheduleActivity {
  const asOfDate = asOf?.slice(0, 10) ?? null;
  const ended = schedule.endDate !== null && asOfDate !== null && schedule.endDate < asOfDate;
  const result = (activeInPractice: boolean, activity: string): ScheduleActivity => ({
    ended,
    lastSuccessfulSend: lastSend,
    activeInPractice,
    activity,
  });
  if (!schedule.active) return result(false, 'switched off (active = 0)');
  if (ended) return result(false, `ended ${schedule.endDate}`);
  if (schedule.recurrence === null) return result(false, 'no recurrence (manual only)');
  if (lastSend === null || asOf === null) return result(false, 'never sent successfully');
  const windowStart = shiftDays(asOf, -activeWindowDays);
  if (lastSend < windowStart) {
    return result(
      false,
      `last successful send ${lastSend.slice(0, 10)}, over ${activeWindowDays} days before ${asOfDate}`,
    );
  }
  return result(true, `last successful send ${lastSend.slice(0, 10)}`);
}

/** Shifts a `YYYY-MM-DD HH:MM:SS` wall-clock text by whole days (UTC arithmetic, no zone known). */
function shiftDays(timestamp: string, days: number): string {
  const ms = Date.parse(`${timestamp.replace(' ', 'T')}Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
