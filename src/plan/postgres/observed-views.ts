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
  /** Role-wide settings (`ALTER ROLE … SET`), e.g. `{ statement_timeout: '60s' }`. */
  readonly settings: ReadonlyMap<string, string>;
  /**
   * Whether Metabase's connection was last given the password the role has now: `current` when
   * the role's comment records the fingerprint of its present verifier, `stale` when it records
   * another (or none), `unknown` when pg_authid is not readable.
   */
  readonly metabasePassword: 'current' | 'stale' | 'unknown';
  /** Fingerprint of the role's stored verifier (role-password.ts); null when not readable. */
  readonly passwordFingerprint: string | null;
  /** What the role (or, before it exists, PUBLIC) may do beyond our grants. */
  readonly reach: RoleReach;
}

/** Privileges PostgreSQL gives every role by default, which a reporting role should not have. */
export interface RoleReach {
  readonly database: string;
  readonly connect: boolean;
  readonly temporary: boolean;
  readonly createInDatabase: boolean;
  /** Schemas of this database it may CREATE in. */
  readonly createInSchemas: readonly string[];
  /** Other databases (accepting connections) it may CONNECT to. */
  readonly otherDatabases: readonly string[];
}

export interface ObservedState {
  readonly schemaExists: boolean;
  readonly relations: ReadonlyMap<string, ObservedRelation>;
  readonly dependents: readonly ObservedDependent[];
  readonly role: ObservedRole;
}
