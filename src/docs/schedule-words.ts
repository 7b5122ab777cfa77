/**
 * A Metabase email schedule in words ("weekly on Monday at 12:00"), and a recipient list reduced to
 * what the docs may show: how many addresses and at which domains — never the addresses.
 */
const dayNames: Readonly<Record<string, string>> = {
  sun: 'Sunday',
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
};
const frameNames: Readonly<Record<string, string>> = {
  first: 'first',
  mid: '15th',
  last: 'last',
};

export interface ScheduleParts {
  readonly type: string;
  readonly day: string | null;
  readonly hour: number | null;
  readonly frame: string | null;
}

export function scheduleInWords(schedule: ScheduleParts): string {
  const at = schedule.hour === null ? '' : ` at ${String(schedule.hour).padStart(2, '0')}:00`;
  const day = schedule.day === null ? null : (dayNames[schedule.day] ?? schedule.day);
  switch (schedule.type) {
    case 'daily':
      return `every day${at}`;
    case 'weekly':
      return `weekly on ${day ?? 'an unknown day'}${at}`;
    case 'monthly': {
      const frame = schedule.frame === null ? null : (frameNames[schedule.frame] ?? schedule.frame);
      if (frame === '15th') return `monthly on the 15th${at}`;
      if (frame !== null && day !== null) return `monthly on the ${frame} ${day}${at}`;
      return `monthly on the ${frame ?? 'first'} day${at}`;
    }
    default:
      return `${schedule.type}${at}`;
  }
}

export function recipientSummary(addresses: readonly string[]): {
  readonly count: number;
  readonly domains: readonly string[];
} {
  const unique = new Set(addresses.map((address) => address.trim().toLowerCase()));
  const domains = new Set<string>();
  for (const address of unique) {
    const at = address.lastIndexOf('@');
    if (at >= 0) domains.add(address.slice(at + 1));
  }
  return { count: unique.size, domains: [...domains].sort() };
}
