/**
 * What provision wants Metabase to know besides the generated questions and dashboards: the
 * database connection it reads through, and how the synced views and their columns are labelled.
 */

export interface DesiredDatabase {
  readonly key: 'database:reporting';
  readonly name: string;
  /** Connection details Metabase stores. The password is write-only and never compared. */
  readonly details: {
    readonly host: string;
    readonly port: number;
    readonly dbname: string;
    readonly user: string;
    readonly ssl: boolean;
    /** Only the reporting schema is synced: the role can read nothing else anyway. */
    readonly 'schema-filters-type': 'inclusion';
    readonly 'schema-filters-patterns': string;
  };
}

export interface DesiredFieldMetadata {
  readonly column: string;
  readonly displayName: string;
  readonly description: string | null;
  /**
   * null: not ours to say. Metabase's analysis, which runs after every sync, classifies fields
   * whose type is nil; a type it (or an admin) chose for such a field stands and is not drift.
   */
  readonly semanticType: string | null;
  /**
   * `normal` for every column, filter columns included: Metabase keeps no value list for a
   * `hidden` (or details-only) field (`field-should-have-field-values?`,
   * src/metabase/warehouse_schema/models/field_values.clj), so a dashboard filter on a hidden
   * column offers nothing to pick from.
   */
  readonly visibility: 'normal' | 'hidden';
  /**
   * `list` on the columns a dashboard filter offers values from (service org and client names):
   * Metabase then keeps their distinct values for the filter widget, whatever its analysis
   * thought of their cardinality. null: Metabase decides.
   */
  readonly hasFieldValues: 'list' | null;
}

export interface DesiredTableMetadata {
  readonly schema: string;
  readonly view: string;
  readonly displayName: string;
  readonly description: string | null;
  readonly fields: readonly DesiredFieldMetadata[];
}

export const tableKey = (schema: string, view: string): string => `table:${schema}.${view}`;
export const fieldKey = (schema: string, view: string, column: string): string =>
  `field:${schema}.${view}.${column}`;

/** SMTP settings, when the operator gives them in the environment (MB_EMAIL_SMTP_*). */
export interface DesiredEmail {
  readonly host: string;
  readonly port: number;
  readonly security: 'none' | 'ssl' | 'tls' | 'starttls';
  readonly username: string | null;
  /** Write-only: sent with every SMTP update, never compared, printed or stored. */
  readonly password: string | null;
  readonly fromAddress: string | null;
}
