import type { DisplayFormat } from '../desired/report-view.ts';

/**
 * The reviewed mapping from legacy field names to DTX 2.0 definitions (catalog/fields.yaml),
 * after validation. Expressions are SQL over the columns of the base layer, never legacy SQL.
 */

export const pgTypes = [
  'text',
  'bigint',
  'integer',
  'numeric',
  'date',
  'timestamptz',
  'boolean',
] as const;
export type PgType = (typeof pgTypes)[number];

export const displayFormats = [
  'text',
  'int',
  'money',
  'percent',
  'date',
  'datetime',
  'yes_no',
  'email',
  'phone',
] as const satisfies readonly DisplayFormat[];

/**
 * How many rows of a report a field's value is constant over. An aggregate report can only offer
 * a client filter when its plain fields already split the rows by client (see report-filters.ts).
 */
export const grains = ['service_org', 'client', 'record'] as const;
export type Grain = (typeof grains)[number];

export interface CatalogField {
  readonly name: string;
  /** `plain`: one value per record. `aggregate`: computed per group of a report's plain fields. */
  readonly kind: 'plain' | 'aggregate';
  /** SQL over base-layer columns (and `num_days` when usesNumDays). A bare name is a column. */
  readonly sql: string;
  readonly usesNumDays: boolean;
  readonly pgType: PgType;
  readonly semanticType: string | null;
  readonly displayFormat: DisplayFormat;
  readonly grain: Grain;
  /** Where the entry starts in the catalog file (1-based), for messages. */
  readonly line: number;
}

export interface FieldCatalog {
  readonly file: string;
  readonly fields: ReadonlyMap<string, CatalogField>;
}
