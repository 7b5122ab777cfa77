import { describe, expect, it } from 'vitest';
import {
  translateSchedule,
  type ScheduleContext,
} from '../../../src/translate/metabase/subscription-from-schedule.ts';
import { aReport, aSchedule, aView } from './builders.ts';

function context(overrides: Partial<ScheduleContext> = {}): ScheduleContext {
  return {
    reports: new Map([
      [135, aReport()],
      [7, aReport({ id: 7, active: false })],
      [
        200,
        aReport({
          id: 200,
          customerId: 1008,
          categoryId: 5,
          name: 'Atlas Renewals',
          pdfFormat: true,
        }),
      ],
      [300, aReport({ id: 300, name: 'Not mapped' })],
    ]),
    views: new Map([
      [135, aView()],
      [200, aView({ legacyId: 200, name: 'atlas_renewals' })],
    ]),
    customerName: (id) => `Customer ${id}`,
    zones: { legacy: 'America/New_York', report: 'America/New_York', year: 2025 },
    today: '2025-07-15',
    attachXlsx: false,
    skipIfEmpty: false,
    ...overrides,
  };
}

describe('translateSchedule', () => {
  it('maps a weekly schedule to one pulse on the delivery dashboard of (report, customer)', () => {
    const { outcome, subscriptions } = translateSchedule(
      aSchedule({ subject: 'DOC for Summit' }),
      context(),
    );
    expect(outcome).toEqual({
      legacyId: 3,
      reportId: 135,
      customerId: 1003,
      status: 'mapped',
      reason: null,
      dashboard: 'dashboard:delivery:135:1003',
      subscriptions: ['subscription:schedule:3:sat'],
      pulses: [
        {
          schedule_type: 'weekly',
          schedule_day: 'sat',
          schedule_hour: 6,
          schedule_frame: null,
          recipients: [{ email: 'pm@summit.example.com' }],
        },
      ],
    });
    expect(subscriptions).toEqual([
      {
        key: 'subscription:schedule:3:sat',
        name: 'DOC for Summit',
        dashboard: 'dashboard:delivery:135:1003',
        channel: outcome.pulses[0],
        cards: [
          {
            question: 'question:delivery:135:1003',
            includeCsv: true,
            includeXls: false,
            formatRows: true,
          },
        ],
        skipIfEmpty: false,
      },
    ]);
  });

  it('names a subscription after the report and customer when there is no subject, with the day when split', () => {
    const { subscriptions } = translateSchedule(aSchedule({ dowBitmap: 2 + 4 }), context());
    expect(subscriptions.map((s) => s.name)).toEqual([
      'COI-Not in Compliance for Customer 1003 (mon)',
      'COI-Not in Compliance for Customer 1003 (tue)',
    ]);
  });

  it('csv_format → include_csv; the XLSX option → include_xls', () => {
    const noCsv = context({ reports: new Map([[135, aReport({ csvFormat: false })]]) });
    expect(translateSchedule(aSchedule(), noCsv).subscriptions[0]?.cards[0]).toMatchObject({
      includeCsv: false,
      includeXls: false,
    });
    expect(
      translateSchedule(aSchedule(), context({ attachXlsx: true })).subscriptions[0]?.cards[0],
    ).toMatchObject({
      includeCsv: true,
      includeXls: true,
    });
    expect(
      translateSchedule(aSchedule(), context({ skipIfEmpty: true })).subscriptions[0]?.skipIfEmpty,
    ).toBe(true);
  });

  it('pdf_format=1 is reported as unsupported, not skipped', () => {
    const { outcome } = translateSchedule(
      aSchedule({ reportId: 200, customerId: 1008 }),
      context(),
    );
    expect(outcome.status).toBe('mapped');
    expect(outcome.reason).toContain('PDF attachments are unsupported');
    expect(outcome.pulses).toHaveLength(1);
  });

  it.each([
    ['inactive', aSchedule({ active: false }), 'schedule inactive'],
    [
      'ended before today',
      aSchedule({ endDate: '2025-07-14' }),
      'ended on 2025-07-14 (before 2025-07-15)',
    ],
    ['unknown report', aSchedule({ reportId: 999 }), 'unknown report 999'],
    [
      'report not migrated',
      aSchedule({ reportId: 300 }),
      'report 300 not migrated (see the manifest reports)',
    ],
    ['inactive report', aSchedule({ reportId: 7 }), 'report 7 not migrated (report inactive)'],
    ['no recipient', aSchedule({ recipients: [] }), 'no valid recipient'],
    [
      'only junk recipients',
      aSchedule({ recipients: ['n/a', 'José <jose@x.com>'] }),
      'no valid recipient',
    ],
    [
      'does_not_repeat',
      aSchedule({ recurrence: 'does_not_repeat' }),
      'does_not_repeat: a one-off send',
    ],
    ['empty recurrence', aSchedule({ recurrence: null }), 'empty recurrence'],
    ['weekly dow 0', aSchedule({ dowBitmap: 0 }), 'weekly with dow_bitmap 0'],
    ['no customer', aSchedule({ customerId: 0 }), 'no customer'],
    [
      "another customer's report",
      aSchedule({ reportId: 200, customerId: 1003 }),
      'report 200 belongs to customer 1008, the schedule is for customer 1003',
    ],
  ])('skips %s with the reason', (_name, schedule, reason) => {
    const { outcome, subscriptions } = translateSchedule(schedule, context());
    expect(outcome.status).toBe('skipped');
    expect(outcome.reason).toContain(reason);
    expect(outcome.pulses).toEqual([]);
    expect(outcome.dashboard).toBeNull();
    expect(subscriptions).toEqual([]);
  });

  it('collects every skip reason that applies', () => {
    const { outcome } = translateSchedule(
      aSchedule({ active: false, recurrence: null, recipients: [] }),
      context(),
    );
    expect(outcome.reason).toBe(
      'schedule inactive; empty recurrence: the schedule was a manual trigger only; no valid recipient',
    );
  });

  it('a schedule ending today or later still runs', () => {
    expect(translateSchedule(aSchedule({ endDate: '2025-07-15' }), context()).outcome.status).toBe(
      'mapped',
    );
  });

  it('a schedule starting after today is approximated (Metabase cannot delay the first send)', () => {
    const { outcome } = translateSchedule(aSchedule({ startDate: '2025-09-01' }), context());
    expect(outcome.status).toBe('approximated');
    expect(outcome.reason).toContain('starts on 2025-09-01');
  });

  it('drops unusable and duplicate addresses, keeps the rest and says so', () => {
    const { outcome } = translateSchedule(
      aSchedule({
        recipients: [
          'pm@summit.example.com',
          'n/a',
          'PM@summit.example.com',
          'ops@summit.example.com',
        ],
      }),
      context(),
    );
    expect(outcome.pulses[0]?.recipients).toEqual([
      { email: 'pm@summit.example.com' },
      { email: 'ops@summit.example.com' },
    ]);
    expect(outcome.reason).toContain('2 unusable recipient address(es) left out');
  });

  it('monthly on an unrepresentable day is approximated', () => {
    const { outcome } = translateSchedule(aSchedule({ recurrence: 'monthly', dom: 10 }), context());
    expect(outcome.status).toBe('approximated');
    expect(outcome.pulses[0]).toMatchObject({ schedule_type: 'monthly', schedule_frame: 'mid' });
  });
});

describe('translateSchedule: hostile names and lists (issue 11, row 11)', () => {
  it('removes a header injection from the subscription name and says so', () => {
    const { outcome, subscriptions } = translateSchedule(
      aSchedule({ subject: 'DOC for Summit\r\nBcc: thief@evil.example.com\u202e' }),
      context(),
    );
    expect(subscriptions.map((s) => s.name)).toEqual([
      'DOC for Summit Bcc: thief@evil.example.com',
    ]);
    expect(outcome.reason).toBe('control characters removed from the name');
  });

  it('removes control characters from a name built from the report name', () => {
    const { subscriptions } = translateSchedule(
      aSchedule({ subject: null, reportId: 200, customerId: 1008 }),
      context({
        reports: new Map([[200, aReport({ id: 200, customerId: 1008, name: 'Atlas\rRenewals' })]]),
      }),
    );
    expect(subscriptions.map((s) => s.name)).toEqual(['Atlas Renewals for Customer 1008']);
  });

  it('keeps a schedule with more than 100 recipients and notes it in the manifest', () => {
    const recipients = Array.from({ length: 101 }, (_, i) => `user${i}@summit.example.com`);
    const { outcome, subscriptions } = translateSchedule(
      aSchedule({ subject: 'DOC for Summit', recipients }),
      context(),
    );
    expect(subscriptions[0]?.channel.recipients).toHaveLength(101);
    expect(outcome.reason).toBe(
      '101 recipients (more than 100): check the list before provisioning',
    );
  });
});
