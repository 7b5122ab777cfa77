/** What provision reads from the live database before deciding anything (plain data). */

export interface ObservedRelation {
  readonly name: string;
  /** pg_class.relkind: `v` view, `r` table, `m` materialized view... */
  readonly kind: string;
  /** sha256 from the managed marker; null when the relation is not ours. */
  readonly managedHash: string | null;
}

export interface ObservedDependent {
  /** The view (in the managed schema) something depends on. */
  readonly on: string;
  /** pg_describe_object text, e.g. `view reporting.my_own_view`. */
  readonly description: string;
  /** Set when the dependent is a managed view in the same schema. */
  readonly managedView: string | null;
}

export interface RoleAttributes {
  readonly login: boolean;
  readonly superuser: boolean;
  readonly createdb: boolean;
  readonly createrole: boolean;
  readonly replication: boolean;
  readonly bypassrls: boolean;
}

export interface ObservedRole {
  readonly name: string;
  readonly exists: boolean;
  readonly attributes: RoleAttributes | null;
  /** Compared with REPORTING_DB_PASSWORD when pg_authid is readable; `unknown` otherwise. */
  readonly password: 'matches' | 'differs' | 'unknown' | 'unset';
  /** Roles it is a member of (their privileges are its too). */
  readonly memberOf: readonly string[];
  readonly schemaUsage: boolean;
  /** Privileges on each relation of the managed schema, e.g. `{ base_record: ['SELECT'] }`. */
  readonly privileges: ReadonlyMap<string, readonly string[]>;
  /** DTX 2.0 tables (schema.table) it can read directly (through PUBLIC or other grants). */
  readonly readableSourceTables: readonly string[];
}

export interface ObservedState {
  readonly schemaExists: boolean;
  readonly relations: ReadonlyMap<string, ObservedRelation>;
  readonly dependents: readonly ObservedDependent[];
  readonly role: ObservedRole;
}
