import { describe, expect, it } from 'vitest';
import { recurrenceInWords } from '../../src/inventory/recurrence-in-words.ts';
import type { Schedule } from '../../src/legacy/types.ts';

type Timing = Pick<Schedule, 'recurrence' | 'tod' | 'dowBitmap' | 'dom' | 'startDate'>;
const timing = (overrides: Partial<Timing>): Timing => ({
  recurrence: 'weekly',
  tod: 7,
  dowBitmap: 0,
  dom: 0,
  startDate: null,
  ...overrides,
});

describe('recurrenceInWords', () => {
  it.each([
    [{ dowBitmap: 34 }, 'weekly on Mon and Fri at 07:00'],
    [{ dowBitmap: 2 | 8 | 1 }, 'weekly on Mon, Wed and Sun at 07:00'],
    [{ dowBitmap: 62 }, 'weekly on Mon to Fri at 07:00'],
    [{ dowBitmap: 127 }, 'weekly on every day at 07:00'],
    [{ dowBitmap: 0 }, 'weekly, but no day is set (never runs) at 07:00'],
    [{ recurrence: 'daily', dowBitmap: 0, tod: 12 }, 'daily at 12:00'],
    [{ recurrence: 'daily', dowBitmap: 62, tod: 12 }, 'daily on Mon to Fri at 12:00'],
    [{ recurrence: 'daily', dowBitmap: 64 | 1 }, 'daily on Sat and Sun at 07:00'],
    [{ recurrence: 'monthly', dom: 15, tod: 0 }, 'monthly on day 15 at 00:00'],
    [{ recurrence: 'monthly', dom: 0 }, 'monthly, but no valid day of month is set at 07:00'],
    [{ recurrence: 'does_not_repeat', startDate: '2023-09-29' }, 'once on 2023-09-29 at 07:00'],
    [{ recurrence: 'does_not_repeat' }, 'once (no date set) at 07:00'],
    [{ recurrence: null }, 'manual only (no recurrence)'],
    [{ dowBitmap: 4, tod: null }, 'weekly on Tue'],
    [{ dowBitmap: 4, tod: 25 }, 'weekly on Tue at hour 25 (invalid)'],
  ] as const)('%j → %s', (overrides, words) => {
    expect(recurrenceInWords(timing(overrides))).toBe(words);
  });
});
