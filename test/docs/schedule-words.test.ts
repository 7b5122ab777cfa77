import { describe, expect, it } from 'vitest';
import { recipientSummary, scheduleInWords } from '../../src/docs/schedule-words.ts';

describe('scheduleInWords', () => {
  it('says each Metabase schedule shape in words', () => {
    expect(scheduleInWords({ type: 'daily', day: null, hour: 7, frame: null })).toBe(
      'every day at 07:00',
    );
    expect(scheduleInWords({ type: 'weekly', day: 'mon', hour: 12, frame: null })).toBe(
      'weekly on Monday at 12:00',
    );
    expect(scheduleInWords({ type: 'monthly', day: null, hour: 6, frame: 'mid' })).toBe(
      'monthly on the 15th at 06:00',
    );
    expect(scheduleInWords({ type: 'monthly', day: 'fri', hour: 9, frame: 'last' })).toBe(
      'monthly on the last Friday at 09:00',
    );
    expect(scheduleInWords({ type: 'monthly', day: null, hour: 0, frame: 'first' })).toBe(
      'monthly on the first day at 00:00',
    );
  });
});

describe('recipientSummary', () => {
  it('keeps the count of distinct addresses and their domains, never an address', () => {
    const summary = recipientSummary([
      'Risk@Atlas.example.com',
      'risk@atlas.example.com',
      'finance@atlas.example.com',
      'ops@harbor.example.com',
    ]);
    expect(summary).toEqual({
      count: 3,
      domains: ['atlas.example.com', 'harbor.example.com'],
    });
    expect(JSON.stringify(summary)).not.toContain('@');
  });
});
