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
  readonly semanticType: string | null;
  /** Filter-only columns are hidden from analysts' tables; questions still filter on them. */
  readonly visibility: 'normal' | 'hidden';
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
