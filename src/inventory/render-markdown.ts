import type { Problem } from '../legacy/types.ts';
import type { Inventory } from './types.ts';

/** For people: a short summary, then one table per question, then every problem. */
export function renderInventoryMarkdown(inventory: Inventory): string {
  const s = inventory.summary;
  const lines: string[] = [
    '# DTX 1.0 reporting inventory',
    '',
    `Export dialect: ${inventory.dialect}. "Now" for this report is the newest schedule-log entry: ${inventory.asOf ?? 'none (the schedule log is empty)'}.`,
    '',
    '## Summary',
    '',
    '| what | count | detail |',
    '|---|---:|---|',
    `| reports | ${s.reports} | ${s.activeReports} active; ${s.systemReports} system, ${s.customReports} custom; ${s.reportsEverRun} ever run |`,
    `| manual runs | ${s.runs} | from report_master_log |`,
    `| fields | ${s.fields} | ${s.activeFields} active; ${s.fieldsInUse} used by at least one report |`,
    `| schedules | ${s.schedules} | ${s.activeSchedules} switched on; ${s.schedulesActiveInPractice} active in practice |`,
    `| problems | ${s.errors + s.warnings} | ${s.errors} errors (row skipped), ${s.warnings} warnings (value cleaned or worth a look) |`,
    '',
    '## Reports ranked by use',
    '',
    '| # | id | name | internal name | category | kind | customer | active | runs | last run | fields | schedules |',
    '|---:|---:|---|---|---|---|---:|---|---:|---|---:|---:|',
    ...inventory.reports.map((r) =>
      row([
        r.rank,
        r.id,
        r.name,
        r.internalName,
        r.category ?? `unknown (${r.categoryId})`,
        r.kind,
        r.customerId,
        yesNo(r.active),
        r.runs,
        r.lastRun,
        r.fieldCount,
        r.scheduleCount,
      ]),
    ),
    '',
    '## Fields (the dictionary without its SQL)',
    '',
    '| name | label | category | display format | filter | aggregate | active | used by |',
    '|---|---|---|---|---|---|---|---:|',
    ...inventory.fields.map((f) =>
      row([
        f.name,
        f.label,
        f.category,
        f.displayFormat,
        f.filterType,
        yesNo(f.aggregate),
        yesNo(f.active),
        f.usedBy,
      ]),
    ),
    '',
    '## Schedules',
    '',
    '| id | report | customer | when | recipients | active in practice | why | problems |',
    '|---:|---|---:|---|---|---|---|---:|',
    ...inventory.schedules.map((sc) =>
      row([
        sc.id,
        sc.reportName === null ? `${sc.reportId} (unknown)` : `${sc.reportId} ${sc.reportName}`,
        sc.customerId,
        sc.recurrenceInWords,
        sc.recipients.length === 0 ? '(none)' : sc.recipients.join(', '),
        yesNo(sc.activeInPractice),
        sc.activity,
        sc.problems.length,
      ]),
    ),
    '',
    '## Data-quality problems',
    '',
    ...(inventory.problems.length === 0
      ? ['None found.']
      : [
          '| where | column | severity | problem |',
          '|---|---|---|---|',
          ...inventory.problems.map((p: Problem) =>
            row([`${p.file}:${p.line}`, p.column ?? null, p.severity, p.message]),
          ),
        ]),
    '',
  ];
  return lines.join('\n');
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

function row(cells: readonly (string | number | null)[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** Table cells cannot hold pipes or line breaks; an empty cell shows as a dash. */
function cell(value: string | number | null): string {
  if (value === null || value === '') return '–';
  return String(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
