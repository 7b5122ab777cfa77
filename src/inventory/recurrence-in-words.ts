import type { Schedule } from '../legacy/types.ts';

// dow_bitmap: bit 0 = Sunday … bit 6 = Saturday. Listed Monday first, as people read a week.
const daysMondayFirst: readonly (readonly [bit: number, name: string])[] = [
  [2, 'Mon'],
  [4, 'Tue'],
  [8, 'Wed'],
  [16, 'Thu'],
  [32, 'Fri'],
  [64, 'Sat'],
  [1, 'Sun'],
];
const weekdays = 62;
const everyDay = 127;

type Timing = Pick<Schedule, 'recurrence' | 'tod' | 'dowBitmap' | 'dom' | 'startDate'>;

/** The schedule's timing as a person would say it: "weekly on Mon and Fri at 07:00". */
export function recurrenceInWords(schedule: Timing): string {
  const at = schedule.tod === null ? '' : ` at ${hour(schedule.tod)}`;
  const bitmap = schedule.dowBitmap ?? 0;
  switch (schedule.recurrence) {
    case null:
      return 'manual only (no recurrence)';
    case 'daily':
      if (bitmap === 0 || (bitmap & everyDay) === everyDay) return `daily${at}`;
      if (bitmap === weekdays) return `daily on Mon to Fri${at}`;
      return `daily on ${dayList(bitmap)}${at}`;
    case 'weekly':
      if (bitmap === 0) return `weekly, but no day is set (never runs)${at}`;
      if ((bitmap & everyDay) === everyDay) return `weekly on every day${at}`;
      if (bitmap === weekdays) return `weekly on Mon to Fri${at}`;
      return `weekly on ${dayList(bitmap)}${at}`;
    case 'monthly':
      if (schedule.dom === null || schedule.dom < 1 || schedule.dom > 31)
        return `monthly, but no valid day of month is set${at}`;
      return `monthly on day ${schedule.dom}${at}`;
    case 'does_not_repeat':
      return schedule.startDate === null
        ? `once (no date set)${at}`
        : `once on ${schedule.startDate}${at}`;
  }
}

function hour(tod: number): string {
  return tod >= 0 && tod <= 23 ? `${String(tod).padStart(2, '0')}:00` : `hour ${tod} (invalid)`;
}

function dayList(bitmap: number): string {
  const names = daysMondayFirst.filter(([bit]) => (bitmap & bit) !== 0).map(([, name]) => name);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
