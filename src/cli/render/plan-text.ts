import type { Plan, PlanAction, PlanItem } from '../../plan/types.ts';
import { resourceKinds } from '../../plan/types.ts';

const symbol: Record<PlanAction, string> = { create: '+', update: '~', archive: '-', noop: ' ' };
const verb: Record<PlanAction, string> = {
  create: 'create',
  update: 'update',
  archive: 'archive',
  noop: 'unchanged',
};
const heading: Record<(typeof resourceKinds)[number], string> = {
  view: 'Postgres views',
  'database-role': 'Postgres roles',
  database: 'Metabase database connection',
  table: 'Metabase table metadata',
  field: 'Metabase field metadata',
  collection: 'Metabase collections',
  question: 'Metabase questions',
  dashboard: 'Metabase dashboards',
  subscription: 'Metabase subscriptions',
  setting: 'Metabase settings',
  group: 'Metabase groups',
  user: 'Metabase users',
  membership: 'Metabase group memberships',
  'collection-access': 'Metabase collection permissions (managed collections)',
  'data-access': 'Metabase data permissions (reporting database)',
};

/** Nothing of these is ever archived: "archive" means taking a member out, or deactivating. */
const archiveVerb: Partial<Record<(typeof resourceKinds)[number], string>> = {
  membership: 'remove',
  user: 'deactivate',
};

export interface PlanTextOptions {
  /** Also list unchanged objects (one line each). */
  readonly showUnchanged?: boolean;
  /** Longest value printed in a field diff before it is shortened. */
  readonly maxValueLength?: number;
}

/** Terraform-style text: changes grouped by kind, field-level diffs, totals on the last line. */
export function renderPlanText(plan: Plan, options: PlanTextOptions = {}): string {
  const lines: string[] = [];
  const maxValueLength = options.maxValueLength ?? 120;
  for (const kind of resourceKinds) {
    const items = plan.items.filter((item) => item.kind === kind);
    if (items.length === 0) continue;
    // Metadata of views Metabase has not synced yet has no id: one summary line, not thousands.
    const afterSync = items.filter((i) => i.action === 'update' && i.remoteId === null);
    const shown = items.filter(
      (i) =>
        !afterSync.includes(i) &&
        (options.showUnchanged || i.action !== 'noop' || i.note !== undefined),
    );
    const unchanged = items.filter((i) => i.action === 'noop').length;
    lines.push(`${heading[kind]} (${items.length}${unchanged ? `, ${unchanged} unchanged` : ''})`);
    for (const item of shown) lines.push(...renderItem(item, maxValueLength));
    if (afterSync.length > 0) {
      lines.push(
        `  ~ update    ${afterSync.length} ${kind === 'table' ? 'views' : 'columns'}: labels, descriptions and types set once Metabase has synced them`,
      );
    }
    lines.push('');
  }
  const t = plan.totals;
  if (t.create + t.update + t.archive === 0) {
    lines.push(`No changes. ${t.noop} objects are up to date.`);
  } else {
    lines.push(
      `Plan: ${t.create} to create, ${t.update} to update, ${t.archive} to archive, ${t.noop} unchanged.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function renderItem(item: PlanItem, maxValueLength: number): string[] {
  const id = item.remoteId === null ? '' : ` (#${item.remoteId})`;
  const lines = [
    `  ${symbol[item.action]} ${((item.action === 'archive' ? archiveVerb[item.kind] : undefined) ?? verb[item.action]).padEnd(9)} ${item.title}${id}  [${item.key}]`,
  ];
  if (item.note) lines.push(`      # ${item.note}`);
  if (item.action === 'update') {
    for (const change of item.changes) {
      lines.push(
        `      ${change.path}: ${show(change.before, maxValueLength)} → ${show(change.after, maxValueLength)}`,
      );
    }
  }
  return lines;
}

function show(value: unknown, max: number): string {
  const text = value === undefined ? 'null' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
