/**
 * Role-wide settings of the reporting role (`ALTER ROLE … SET`), applied to every session
 * Metabase opens with it:
 * - `statement_timeout`: one runaway report query cannot hold a DTX 2.0 connection for hours;
 * - `idle_in_transaction_session_timeout`: a session left inside a transaction (holding locks
 *   and the xmin horizon back on DTX 2.0's busiest tables) is ended;
 * - `default_transaction_read_only`: what PUBLIC's default grants would still allow (temporary
 *   tables, functions in pg_temp, CREATE in a schema a DBA left open) fails with "read-only
 *   transaction". A session may turn it off again, so it is a second line behind the grants,
 *   not a replacement for what the DBA should revoke (README, "What the DBA runs").
 * Values are written exactly as PostgreSQL stores them in pg_db_role_setting, so a second run
 * compares equal and sends nothing.
 */
export interface ReportingRoleLimits {
  readonly statementTimeoutSeconds: number;
  readonly idleInTransactionSeconds: number;
}

export const defaultReportingRoleLimits: ReportingRoleLimits = {
  statementTimeoutSeconds: 60,
  idleInTransactionSeconds: 60,
};

export function reportingRoleSettings(limits: ReportingRoleLimits): ReadonlyMap<string, string> {
  return new Map([
    ['statement_timeout', `${limits.statementTimeoutSeconds}s`],
    ['idle_in_transaction_session_timeout', `${limits.idleInTransactionSeconds}s`],
    ['default_transaction_read_only', 'on'],
  ]);
}
