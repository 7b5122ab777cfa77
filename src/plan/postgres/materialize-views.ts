import { createHash } from 'node:crypto';
import { InputError } from '../../errors.ts';
import { qualifiedName, quoteIdent } from '../../sql/sql-quote.ts';
import type { DesiredView, DesiredViews } from './desired-views.ts';

/**
 * `provision --materialize`: which report views become materialized views, and their SQL.
 *
 * Why an option and not the default: a materialized view answers a filtered aggregate in ~1 ms
 * instead of 30–170 ms (BENCHMARKS.md), but it is as old as its last `dtx-reports refresh`, and a
 * refresh recomputes the whole report (every service org × every num_days 0–366). DTX 1.0's
 * report_data snapshot had the same trade-off; live views are what this migration set out to give.
 *
 * Only views with a unique key (aggregate report views: their GROUP BY keys) qualify, because
 * REFRESH MATERIALIZED VIEW CONCURRENTLY — which keeps the view readable while it refreshes —
 * needs a unique index on plain columns.
 */
export type MaterializeSelection =
  | { readonly kind: 'none' }
  | { readonly kind: 'aggregates' }
  | { readonly kind: 'views'; readonly names: readonly string[] };

export const noMaterializedViews: MaterializeSelection = { kind: 'none' };

/** `none`, `aggregates`, or view names (`man_so_dashboard` or `reporting.man_so_dashboard`). */
export function parseMaterializeSelection(text: string): MaterializeSelection {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'none') return noMaterializedViews;
  if (trimmed === 'aggregates') return { kind: 'aggregates' };
  const names = trimmed
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const bad = names.filter((n) => !/^([a-z_][a-z0-9_]*\.)?[a-z_][a-z0-9_]*$/.test(n));
  if (bad.length > 0) {
    throw new InputError(`--materialize: not a view name: ${bad.join(', ')}`, [
      'Pass `aggregates`, `none`, or generated view names separated by commas, e.g. man_so_dashboard.',
    ]);
  }
  return { kind: 'views', names: [...new Set(names)].sort() };
}

/** Index names are derived, so a changed key gives a changed file hash and a rebuilt index. */
function uniqueIndexName(view: string): string {
  return `${view.slice(0, 50)}_dtx_key`;
}

/** Applies the selection; every unknown or non-materializable name is reported at once. */
export function materializeViews(
  desired: DesiredViews,
  selection: MaterializeSelection,
): DesiredViews {
  if (selection.kind === 'none') return desired;
  const problems: string[] = [];
  let wanted: (view: DesiredView) => boolean;
  if (selection.kind === 'aggregates') {
    wanted = (view) => view.uniqueKey !== null;
  } else {
    const byName = new Map(desired.views.map((v) => [v.name, v]));
    const chosen = new Set<string>();
    for (const given of selection.names) {
      const [schema, name] = given.includes('.') ? given.split('.') : [desired.schema, given];
      const view = schema === desired.schema && name !== undefined ? byName.get(name) : undefined;
      if (!view) problems.push(`${given}: no generated view has this name`);
      else if (view.uniqueKey === null) {
        problems.push(
          `${given}: only aggregate report views can be materialized (they have a unique key: ` +
            'their GROUP BY columns); this one has none',
        );
      } else chosen.add(view.name);
    }
    wanted = (view) => chosen.has(view.name);
  }
  if (problems.length > 0) {
    throw new InputError('--materialize names views that cannot be materialized.', problems);
  }
  return {
    schema: desired.schema,
    views: desired.views.map((view) => (wanted(view) ? asMaterialized(view) : view)),
  };
}

function asMaterialized(view: DesiredView): DesiredView {
  const target = qualifiedName(view.schema, view.name);
  const key = view.uniqueKey ?? [];
  const create = `CREATE OR REPLACE VIEW ${target} AS\n`;
  const comment = `COMMENT ON VIEW ${target} IS `;
  if (!view.sql.includes(create) || !view.sql.includes(comment)) {
    throw new InputError(
      `${view.file}: cannot materialize: the file is not as generate writes it.`,
      ['Run `dtx-reports generate` again.'],
    );
  }
  const index =
    `CREATE UNIQUE INDEX ${quoteIdent(uniqueIndexName(view.name))} ON ${target} ` +
    `(${key.map(quoteIdent).join(', ')});\n`;
  const sql = view.sql
    .replace(create, `CREATE MATERIALIZED VIEW ${target} AS\n`)
    .replace(comment, `${index}\nCOMMENT ON MATERIALIZED VIEW ${target} IS `);
  return {
    ...view,
    sql,
    hash: createHash('sha256').update(sql).digest('hex'),
    materialized: true,
  };
}
