/**
 * Deterministic synthetic DTX 1.0 reporting export, shaped like the sample (FORMAT.md) and scaled
 * by the number of reports: N reports, ~1.1 N fields, ~7.5 N definitions, N schedules, N manual
 * runs, N schedule-log entries, N report_data rows of 93 columns. It carries the same kinds of
 * data-quality faults as real exports (zero-dates, junk and duplicate addresses, display names
 * with multi-byte text, corrupt PHP lengths, dangling field ids) so readers are measured on the
 * slow paths too. Same options → byte-identical files.
 *
 *   npm run synthetic-export -- --reports 10000 --out /tmp/export-100x [--dialect rfc|mysql] [--seed 1]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import type { Dialect, LegacyTable } from '../src/legacy/types.ts';

export interface SyntheticExportOptions {
  readonly reports: number;
  readonly dialect?: Dialect;
  readonly seed?: number;
}

type Value = string | number | null;
type Table = { readonly header: readonly string[]; readonly rows: Value[][] };

/** Returns file name → file content for all 8 tables. */
export function generateSyntheticExport(
  options: SyntheticExportOptions,
): Record<`${LegacyTable}.csv`, string> {
  const tables = generateTables(options.reports, options.seed ?? 1);
  const format = options.dialect === 'mysql' ? toMysql : toRfc;
  const files = {} as Record<`${LegacyTable}.csv`, string>;
  for (const [name, table] of Object.entries(tables) as [LegacyTable, Table][])
    files[`${name}.csv`] = format(table);
  return files;
}

export async function writeSyntheticExport(
  dir: string,
  options: SyntheticExportOptions,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(generateSyntheticExport(options))) {
    await writeFile(path.join(dir, file), text, 'utf8');
  }
}

/** mulberry32: tiny, fast, and the same sequence on every platform. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const categories: readonly [number, string, string][] = [
  [1, 'COI', 'Certificate reports'],
  [2, 'DOC', 'Document reports'],
  [3, 'Management', 'Internal management reports'],
  [4, 'Accounts', 'Account-level reports'],
  [5, 'Custom', 'User-created ad-hoc reports'],
  [6, 'Custom Management', 'Custom management reports'],
  [7, 'Scheduled', 'Scheduled delivery reports'],
  [8, 'Special Request - SO Dashboard', 'Client-specific dashboard'],
  [9, 'Auto Scheduled', 'Automatically scheduled reports'],
];
const prefixes: Readonly<Record<number, string>> = {
  1: 'COI',
  2: 'DOC',
  3: 'MAN',
  4: 'ACCT',
  7: 'SRS',
  8: 'MAN',
  9: 'SRS',
};
const fieldCategories = [
  'Account Profile',
  'Account Data',
  'Account Data - Ping',
  'Broker Profile',
  'Carrier',
  'Client Profile',
];
const displayFormats = [
  'text',
  'text',
  'text',
  'int',
  'money',
  'percent',
  'date',
  'date',
  'datetime',
  'yes_no',
  'email',
  'phone',
  'm/d/Y',
  'fancy',
];
const filterTypes = [null, null, null, null, null, 'select', 'date_range', 'text', 'number'];
const recurrences = [
  'daily_recurrence',
  'weekly_recurrence',
  'weekly_recurrence',
  'monthly_recurrence',
  'does_not_repeat_recurrence',
  '',
];
const roles = [
  'risk',
  'pm',
  'ops',
  'admin',
  'cfo',
  'finance',
  'vendors',
  'facilities',
  'compliance',
  'insurance',
];

function phpString(value: string): string {
  return `s:${Buffer.byteLength(value, 'utf8')}:"${value}";`;
}
function phpList(values: readonly string[]): string {
  return `a:${values.length}:{${values.map((v, i) => `i:${i};${phpString(v)}`).join('')}}`;
}

function generateTables(reportCount: number, seed: number): Record<LegacyTable, Table> {
  const rand = random(seed);
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const chance = (p: number) => rand() < p;
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = (fromYear: number, toYear: number) =>
    `${int(fromYear, toYear)}-${pad(int(1, 12))}-${pad(int(1, 28))}`;
  const time = (fromYear: number, toYear: number) =>
    `${date(fromYear, toYear)} ${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))}`;

  const customerCount = Math.max(8, Math.round(reportCount / 12));
  const customerIds = Array.from({ length: customerCount }, (_, i) => 1001 + i);
  const domain = (customer: number) => `customer${customer}.example.com`;

  const reports: Value[][] = [];
  for (let id = 1; id <= reportCount; id += 1) {
    const system = chance(0.3);
    const category = system ? pick([1, 1, 2, 3, 4, 7, 8, 9]) : pick([5, 5, 5, 6]);
    const created = time(2019, 2024);
    reports.push([
      id,
      system ? 0 : pick(customerIds),
      category,
      system ? `${categories[category - 1]?.[1]} report ${id}` : `Custom report ${id}, "draft"`,
      system ? `${prefixes[category] ?? 'MAN'}-Report ${id}` : null,
      chance(0.5) ? null : `Report ${id}: what it lists`,
      1,
      chance(0.1) ? 1 : 0,
      chance(0.9) ? null : 'Construction',
      chance(0.8) ? null : pick([30, 60, 90]),
      int(1, 100),
      chance(0.96) ? 1 : 0,
      int(1, 60),
      created,
      created.replace(/^\d{4}/, (y) => String(Number(y) + 1)),
    ]);
  }

  const fieldCount = Math.max(20, Math.round(reportCount * 1.1));
  const fields: Value[][] = [];
  for (let id = 1; id <= fieldCount; id += 1) {
    fields.push([
      id,
      pick(fieldCategories),
      `field_${id}`,
      pick([
        'Status',
        'Account Name',
        'COI Expiration',
        'GL Limit (per occ.)',
        "Broker's e-mail",
        '% Compliant',
        'Tax ID / EIN',
      ]),
      chance(0.7) ? null : `Field ${id}\nsecond line`,
      pick(displayFormats),
      `rd.PH_Field_${id}`,
      chance(0.5) ? 'report_data rd' : '__CUSTOMER_SELECTOR_FROM__',
      chance(0.5) ? null : '__CUSTOMER_SELECTOR_WHERE__ AND rd.x BETWEEN __BETWEEN_INCLUSION__',
      pick(filterTypes),
      chance(0.06) ? 1 : 0,
      chance(0.02) ? 0 : 1,
      time(2019, 2021),
      time(2021, 2023),
    ]);
  }

  // ~7.5 fields per report on average (1..14), popular fields chosen more often.
  const definitions: Value[][] = [];
  for (let report = 1; report <= reportCount; report += 1) {
    if (chance(0.01)) continue;
    const count = int(1, 14);
    for (let position = 1; position <= count; position += 1) {
      let fieldId = 1 + Math.floor(fieldCount * rand() * rand());
      if (chance(0.002)) fieldId = 99_999 + int(0, 100);
      definitions.push([definitions.length + 1, report, fieldId, position * 10]);
      if (chance(0.01))
        definitions.push([definitions.length + 1, report, fieldId, position * 10 + 5]);
    }
  }

  const schedules: Value[][] = [];
  for (let id = 1; id <= reportCount; id += 1) {
    const customer = pick(customerIds);
    const addresses = Array.from({ length: int(1, 4) }, () => `${pick(roles)}@${domain(customer)}`);
    let email: string;
    const shape = rand();
    if (shape < 0.05) email = 'N;';
    else if (shape < 0.07) email = 'a:0:{}';
    else if (shape < 0.09) email = '';
    else if (shape < 0.11) email = phpString(addresses[0] ?? '');
    else if (shape < 0.12) email = `a:1:{i:0;s:99:"${addresses[0]}";}`;
    else if (shape < 0.17) email = phpList([addresses.join(chance(0.5) ? ', ' : '; ')]);
    else if (shape < 0.2)
      email = phpList([`José Peña <jose.pena@${domain(customer)}>`, ...addresses]);
    else if (shape < 0.23) email = phpList([...addresses, 'n/a']);
    else if (shape < 0.26) email = phpList([...addresses, addresses[0] ?? '']);
    else if (shape < 0.31)
      email = phpList(addresses.map((a) => (chance(0.5) ? a.toUpperCase() : `  ${a} `)));
    else email = phpList(addresses);
    const recurrence = pick(recurrences);
    schedules.push([
      id,
      int(1, reportCount),
      customer,
      int(1, 60),
      `Scheduled report ${id}`,
      recurrence,
      int(0, 13),
      recurrence === 'weekly_recurrence'
        ? pick([2, 34, 62, 64, 127, 8])
        : recurrence === 'daily_recurrence'
          ? pick([0, 62, 127])
          : 0,
      recurrence === 'monthly_recurrence' ? pick([1, 15, 28, 31]) : 0,
      email,
      chance(0.05) ? phpList([addresses[0] ?? '']) : pick(['N;', 'N;', 'a:0:{}', '']),
      chance(0.3) ? '0000-00-00' : date(2022, 2025),
      chance(0.7) ? null : chance(0.3) ? '0000-00-00' : date(2023, 2027),
      chance(0.9) ? 1 : 0,
      time(2021, 2024),
      time(2023, 2025),
    ]);
  }

  // Usage concentrates on a few reports, as in the sample (reports 1, 55, 127, 135 dominate).
  const popular = [1, 55, 127, 135].filter((id) => id <= reportCount);
  const runs: Value[][] = [];
  for (let id = 1; id <= reportCount; id += 1) {
    runs.push([
      id,
      popular.length > 0 && chance(0.8) ? pick(popular) : int(1, reportCount),
      pick(customerIds),
      int(1, 60),
      `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
      0,
      time(2024, 2025),
      int(0, 5000),
    ]);
  }

  const scheduleLog: Value[][] = [];
  for (let id = 1; id <= reportCount; id += 1) {
    const early = id <= Math.max(1, Math.round(reportCount * 0.12));
    const created = early
      ? `2023-01-0${int(2, 3)} 0${int(1, 3)}:${pad(int(0, 59))}:00`
      : time(2023, 2025);
    scheduleLog.push([id, int(1, reportCount), created, early ? 0 : 1, early ? null : created]);
  }

  const snapshotHeader = snapshotColumns();
  const snapshot: Value[][] = [];
  for (let row = 0; row < reportCount; row += 1) {
    const customer = pick(customerIds);
    snapshot.push(
      snapshotHeader.map((column) => {
        if (column === 'SO_ID') return customer;
        if (column === 'CH_ID') return customer * 10 + int(1, 9);
        if (column === 'PH_ID') return 50_000 + row;
        if (column.endsWith('_Name')) return `${column.slice(0, 2)} ${row}, Ünïcode & Co`;
        if (column.endsWith('Time')) return chance(0.5) ? null : time(2019, 2025);
        if (column.endsWith('Date') || column.endsWith('Expiration'))
          return chance(0.3) ? null : chance(0.05) ? '0000-00-00' : date(2023, 2026);
        if (column.endsWith('Limit')) return pick([500_000, 1_000_000, 2_000_000]);
        if (column === 'PH_DOC_RiskProfile_ID') return pick([-1, 3, 4]);
        if (column.startsWith('PH_Flag'))
          return Number(column.slice(7)) % 2 === 0 ? pick(['yes', 'no']) : pick(['1', '0']);
        if (column === 'create_time') return '2025-06-30 02:00:00';
        return chance(0.8) ? null : `value ${int(1, 999)}`;
      }),
    );
  }

  return {
    report_category: { header: ['id', 'name', 'description'], rows: categories.map((c) => [...c]) },
    report: {
      header: [
        'id',
        'customer_id',
        'report_category_id',
        'name',
        'internal_name',
        'description',
        'csv_format',
        'pdf_format',
        'industry_sector',
        'num_days',
        'sort_order',
        'active',
        'created_by',
        'create_time',
        'update_time',
      ],
      rows: reports,
    },
    report_field_definition: {
      header: [
        'id',
        'category',
        'name',
        'label',
        'description',
        'display_format',
        'select_expression',
        'table_name',
        'table_join',
        'filter_type',
        'is_aggregate',
        'active',
        'create_time',
        'update_time',
      ],
      rows: fields,
    },
    report_definition: {
      header: ['id', 'report_id', 'report_field_id', 'sort_order'],
      rows: definitions,
    },
    report_master_schedule: {
      header: [
        'id',
        'report_id',
        'customer_id',
        'user_id',
        'subject',
        'recurrence',
        'tod',
        'dow_bitmap',
        'dom',
        'email',
        'do_not_send_email',
        'start_date',
        'end_date',
        'active',
        'create_time',
        'update_time',
      ],
      rows: schedules,
    },
    report_master_log: {
      header: [
        'id',
        'report_id',
        'customer_id',
        'user_id',
        'ip_address',
        'scheduled',
        'create_time',
        'row_count',
      ],
      rows: runs,
    },
    report_master_schedule_log: {
      header: ['id', 'schedule_id', 'create_time', 'sent', 'sent_time'],
      rows: scheduleLog,
    },
    report_data: { header: snapshotHeader, rows: snapshot },
  };
}

/** 93 columns: SO (7) → CH (6) → PH (80), as FORMAT.md describes report_data. */
function snapshotColumns(): string[] {
  const so = [
    'SO_ID',
    'SO_Name',
    'SO_Status',
    'SO_Industry',
    'SO_AccountManager',
    'SO_CreateTime',
    'SO_InactivatedTime',
  ];
  const ch = ['CH_ID', 'CH_Name', 'CH_Status', 'CH_CreateTime', 'CH_InactivatedTime', 'CH_Type'];
  const ph = [
    'PH_ID',
    'PH_Name',
    'PH_Status',
    'PH_CreateTime',
    'PH_COI_Expiration',
    'PH_DOC_Expiration',
    'PH_COI_AlertDate',
    'PH_GL_Limit',
    'PH_Auto_Limit',
    'PH_DOC_RiskProfile_ID',
  ];
  for (let i = 1; ph.length < 79; i += 1) ph.push(i <= 20 ? `PH_Flag${i}` : `PH_Custom${i - 20}`);
  return [...so, ...ch, ...ph, 'create_time'];
}

/** GUI-tool CSV: RFC 4180 quoting, NULL as the bare word, CRLF. */
function toRfc(table: Table): string {
  const rows = table.rows.map((row) => row.map((v) => (v === null ? 'NULL' : v)));
  // RFC 4180 quotes a field holding any line break; csv-stringify on its own only quotes one
  // holding the whole record delimiter (CRLF), and the reader takes a bare LF as a line end.
  return stringify([[...table.header], ...rows], {
    record_delimiter: '\r\n',
    quoted_match: /[\r\n]/,
  });
}

/**
 * SELECT … INTO OUTFILE with FIELDS ESCAPED BY '\\' OPTIONALLY ENCLOSED BY '"': strings quoted,
 * NULL as \N, backslash escapes, LF. csv-stringify cannot produce this (it has no \N and would
 * double a backslash written before a newline), so each field is encoded here.
 */
function toMysql(table: Table): string {
  const field = (value: Value): string => {
    if (value === null) return '\\N';
    if (typeof value === 'number') return String(value);
    return `"${value.replace(/[\\"\0\n\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\0': '\\0', '\n': '\\\n', '\t': '\\t' })[c] ?? c)}"`;
  };
  return (
    [table.header.join(','), ...table.rows.map((row) => row.map(field).join(','))].join('\n') + '\n'
  );
}

async function cli(): Promise<void> {
  const { values } = parseArgs({
    options: {
      reports: { type: 'string' },
      out: { type: 'string' },
      dialect: { type: 'string', default: 'rfc' },
      seed: { type: 'string', default: '1' },
    },
  });
  const reports = Number(values.reports);
  if (!Number.isInteger(reports) || reports < 1 || values.out === undefined) {
    throw new Error(
      'usage: npm run synthetic-export -- --reports N --out DIR [--dialect rfc|mysql] [--seed S]',
    );
  }
  if (values.dialect !== 'rfc' && values.dialect !== 'mysql')
    throw new Error('--dialect must be rfc or mysql');
  await writeSyntheticExport(path.resolve(values.out), {
    reports,
    dialect: values.dialect,
    seed: Number(values.seed),
  });
  console.log(
    `synthetic-export: wrote ${reports} reports (${values.dialect}) to ${path.resolve(values.out)}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  cli().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
