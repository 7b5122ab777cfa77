import { manyRecipients } from '../../legacy/schedule-from-row.ts';
import type { Report, Schedule } from '../../legacy/types.ts';
import type { ReportView } from '../../desired/report-view.ts';
import type { CustomerName } from './customer-names.ts';
import { isDeliverableEmail } from '../../desired/metabase/deliverable-email.ts';
import { keys } from '../../desired/metabase/keys.ts';
import type {
  DesiredSubscription,
  EmailChannel,
  ScheduleOutcome,
} from '../../desired/metabase/model.ts';
import { oneLineName } from '../../desired/metabase/one-line-name.ts';
import { scheduleTimings, type TimeZones } from './schedule-timing.ts';

/**
 * One report_master_schedule row → zero or more subscriptions on the delivery dashboard of its
 * (report, customer), or a skip with every reason that applies. Anything doubtful is skipped
 * rather than guessed: an email must never go to the wrong people or carry the wrong rows.
 */

export interface ScheduleContext {
  readonly reports: ReadonlyMap<number, Report>;
  readonly views: ReadonlyMap<number, ReportView>;
  readonly customerName: CustomerName;
  readonly zones: TimeZones;
  /** Reference date `YYYY-MM-DD` ("today"): schedules that ended before it are skipped. */
  readonly today: string;
  readonly attachXlsx: boolean;
  readonly skipIfEmpty: boolean;
}

export interface ScheduleTranslation {
  readonly outcome: ScheduleOutcome;
  readonly subscriptions: readonly DesiredSubscription[];
}

function skip(schedule: Schedule, reasons: readonly string[]): ScheduleTranslation {
  return {
    outcome: {
      legacyId: schedule.id,
      reportId: schedule.reportId,
      customerId: schedule.customerId,
      status: 'skipped',
      reason: reasons.join('; '),
      dashboard: null,
      subscriptions: [],
      pulses: [],
    },
    subscriptions: [],
  };
}

export function translateSchedule(schedule: Schedule, ctx: ScheduleContext): ScheduleTranslation {
  const report = ctx.reports.get(schedule.reportId);
  if (report === undefined) return skip(schedule, [`unknown report ${schedule.reportId}`]);
  const reasons: string[] = [];
  if (!ctx.views.has(report.id)) {
    reasons.push(
      `report ${report.id} not migrated (${report.active ? 'see the manifest reports' : 'report inactive'})`,
    );
  }
  if (!schedule.active) reasons.push('schedule inactive');
  if (schedule.endDate !== null && schedule.endDate < ctx.today) {
    reasons.push(`ended on ${schedule.endDate} (before ${ctx.today})`);
  }
  if (schedule.customerId <= 0) reasons.push('no customer: the email would carry every customer');
  if (report.customerId !== 0 && report.customerId !== schedule.customerId) {
    reasons.push(
      `report ${report.id} belongs to customer ${report.customerId}, the schedule is for customer ${schedule.customerId}`,
    );
  }
  const timing = scheduleTimings(schedule, ctx.zones);
  if (timing.kind === 'skipped') reasons.push(...timing.reasons);
  const recipients = [...new Set(schedule.recipients.map((r) => r.trim().toLowerCase()))].filter(
    isDeliverableEmail,
  );
  if (recipients.length === 0) {
    const problems = schedule.problems.map((p) => p.message);
    reasons.push(`no valid recipient${problems.length === 0 ? '' : ` (${problems.join('; ')})`}`);
  }
  if (reasons.length > 0 || timing.kind === 'skipped') return skip(schedule, reasons);

  const approximations = [...timing.approximations];
  const notes = [...timing.notes];
  if (schedule.startDate !== null && schedule.startDate > ctx.today) {
    approximations.push(
      `starts on ${schedule.startDate}: Metabase cannot delay a subscription, it sends from provisioning on`,
    );
  }
  if (report.pdfFormat) {
    notes.push(
      'pdf_format=1: PDF attachments are unsupported by Metabase subscriptions; not attached',
    );
  }
  const dropped = schedule.recipients.length - recipients.length;
  if (dropped > 0) notes.push(`${dropped} unusable recipient address(es) left out`);
  if (recipients.length > manyRecipients) {
    notes.push(
      `${recipients.length} recipients (more than ${manyRecipients}): check the list before provisioning`,
    );
  }

  const customer = ctx.customerName(schedule.customerId);
  const wantedName = schedule.subject?.trim() || `${report.name} for ${customer}`;
  const baseName = oneLineName(wantedName);
  if (baseName !== wantedName) notes.push('control characters removed from the name');
  const dashboard = keys.deliveryDashboard(report.id, schedule.customerId);
  const question = keys.deliveryQuestion(report.id, schedule.customerId);
  const subscriptions = timing.timings.map((t): DesiredSubscription => {
    const channel: EmailChannel = {
      schedule_type: t.schedule_type,
      schedule_day: t.schedule_day,
      schedule_hour: t.schedule_hour,
      schedule_frame: t.schedule_frame,
      recipients: recipients.map((email) => ({ email })),
    };
    return {
      key: keys.scheduleSubscription(schedule.id, t.suffix),
      name: timing.timings.length > 1 ? `${baseName} (${t.suffix})` : baseName,
      dashboard,
      channel,
      cards: [
        { question, includeCsv: report.csvFormat, includeXls: ctx.attachXlsx, formatRows: true },
      ],
      skipIfEmpty: ctx.skipIfEmpty,
    };
  });
  const said = [...approximations, ...notes];
  return {
    outcome: {
      legacyId: schedule.id,
      reportId: report.id,
      customerId: schedule.customerId,
      status: approximations.length > 0 ? 'approximated' : 'mapped',
      reason: said.length === 0 ? null : said.join('; '),
      dashboard,
      subscriptions: subscriptions.map((s) => s.key),
      pulses: subscriptions.map((s) => s.channel),
    },
    subscriptions,
  };
}
