import type { z } from 'zod';
import { cleanAddresses } from './email-addresses.ts';
import { decodePhpEmailList } from './php-email-list.ts';
import type { scheduleRow } from './row-schemas.ts';
import type { Problem, Recurrence, Schedule } from './types.ts';

/**
 * More recipients than this on one schedule deserves a person's look before it is carried over:
 * the largest real DTX 1.0 lists hold a handful of addresses, and a list of thousands is more
 * likely a pasted directory (or a hostile export) than a delivery anyone wants. The schedule is
 * kept (a warning, not a refusal): the operator decides.
 */
export const manyRecipients = 100;

const recurrences: Readonly<Record<string, Recurrence>> = {
  daily_recurrence: 'daily',
  weekly_recurrence: 'weekly',
  monthly_recurrence: 'monthly',
  does_not_repeat_recurrence: 'does_not_repeat',
};

/**
 * Turns a validated schedule row into a Schedule, decoding and cleaning its recipients.
 *
 * A corrupt PHP value does not drop the schedule: the schedule itself (report, customer, timing)
 * is sound and must still appear in the inventory and the archive (which keeps the raw text). It
 * is kept with NO recipients and a warning, so nothing downstream can mail a guessed list. The
 * same applies when only do_not_send_email is corrupt: sending to someone who asked to be left
 * out is worse than sending to nobody until a person fixes the value.
 */
export function scheduleFromRow(
  row: z.output<typeof scheduleRow>,
  line: number,
  file: string,
): Schedule {
  const problems: Problem[] = [];
  const warn = (column: string, message: string) =>
    problems.push({ file, line, column, message, severity: 'warning' });

  const recurrenceText = (row.recurrence ?? '').trim();
  let recurrence: Recurrence | null = null;
  if (recurrenceText !== '') {
    recurrence = recurrences[recurrenceText] ?? null;
    if (recurrence === null)
      warn(
        'recurrence',
        `unknown recurrence ${JSON.stringify(recurrenceText)}; treated as manual only`,
      );
  }
  if (row.tod !== null && (row.tod < 0 || row.tod > 23))
    warn('tod', `hour of day ${row.tod} is outside 0–23`);
  if (row.dow_bitmap !== null && (row.dow_bitmap < 0 || row.dow_bitmap > 127)) {
    warn('dow_bitmap', `day-of-week bitmap ${row.dow_bitmap} is outside 0–127`);
  }
  if (recurrence === 'weekly' && !row.dow_bitmap) {
    warn('dow_bitmap', 'weekly schedule with no day of the week set (dow_bitmap 0): it never runs');
  }
  if (recurrence === 'monthly' && (row.dom === null || row.dom < 1 || row.dom > 31)) {
    warn('dom', `monthly schedule with day of month ${row.dom ?? 'NULL'}; expected 1–31`);
  }
  if (row.start_date !== null && row.end_date !== null && row.end_date < row.start_date) {
    warn('end_date', `end date ${row.end_date} is before start date ${row.start_date}`);
  }

  const email = decodePhpEmailList(row.email);
  const doNotSend = decodePhpEmailList(row.do_not_send_email);
  if (!email.ok)
    warn('email', `${email.reason}; schedule kept with no recipients until the value is fixed`);
  if (!doNotSend.ok) {
    warn(
      'do_not_send_email',
      `${doNotSend.reason}; schedule kept with no recipients, since the addresses to leave out are unknown`,
    );
  }
  const wanted = cleanAddresses(email.ok ? email.entries : []);
  const excluded = cleanAddresses(doNotSend.ok ? doNotSend.entries : []);
  for (const { value, reason } of wanted.dropped)
    warn('email', `dropped ${JSON.stringify(value)}: ${reason}`);
  for (const address of wanted.duplicates)
    warn('email', `duplicate address ${address} listed once`);
  for (const { value, reason } of excluded.dropped) {
    warn('do_not_send_email', `dropped ${JSON.stringify(value)}: ${reason}`);
  }
  const excludedSet = new Set(excluded.addresses);
  const recipients =
    email.ok && doNotSend.ok ? wanted.addresses.filter((a) => !excludedSet.has(a)) : [];
  if (email.ok && doNotSend.ok && recipients.length === 0 && row.active && recurrence !== null) {
    warn('email', 'active schedule with no recipients left: it would send to nobody');
  }
  if (recipients.length > manyRecipients) {
    warn(
      'email',
      `${recipients.length} recipients on one schedule (more than ${manyRecipients}): check the list before it is provisioned`,
    );
  }

  return Object.freeze({
    id: row.id,
    reportId: row.report_id,
    customerId: row.customer_id,
    userId: row.user_id,
    subject: row.subject,
    recurrence,
    tod: row.tod,
    dowBitmap: row.dow_bitmap,
    dom: row.dom,
    recipients: Object.freeze(recipients),
    excluded: Object.freeze([...excluded.addresses]),
    rawEmail: row.email,
    rawDoNotSendEmail: row.do_not_send_email,
    startDate: row.start_date,
    endDate: row.end_date,
    active: row.active,
    createTime: row.create_time,
    updateTime: row.update_time,
    problems: Object.freeze(problems.map((p) => Object.freeze(p))),
    line,
  });
}
