import { qualifiedNameAlways, quoteIdentAlways, quoteLiteral } from '../sql/sql-quote.ts';

/**
 * The DTX 2.0 tables and columns the demo data fills, in load order (parents first). The one
 * place in the generator that knows DTX 2.0 names; the loader checks them against the live
 * catalog before it writes anything.
 */
export interface DemoTable {
  readonly name: string;
  readonly columns: readonly string[];
  /** Columns moved with the load day when a generated SQL script is replayed later. */
  readonly dateColumns: readonly string[];
  readonly timestampColumns: readonly string[];
}

function table(
  name: string,
  columns: readonly string[],
  dateColumns: readonly string[],
  timestampColumns: readonly string[],
): DemoTable {
  return { name, columns, dateColumns, timestampColumns };
}

export const demoTables = [
  table(
    'auth_user',
    ['id', 'email', 'first_name', 'last_name', 'is_active', 'legacy_user_id', 'date_joined'],
    [],
    ['date_joined'],
  ),
  table('docutrax_auth_permission', ['id', 'resource', 'action'], [], []),
  table(
    'docutrax_hierarchy_account',
    [
      'id',
      'parent_id',
      'account_type',
      'name',
      'status',
      'industry_sector',
      'account_manager_id',
      'legacy_customer_id',
      'legacy_ch_id',
      'created_at',
      'inactivated_at',
    ],
    [],
    ['created_at', 'inactivated_at'],
  ),
  table('docutrax_auth_userpermission', ['id', 'user_id', 'permission_id', 'account_id'], [], []),
  table('docutrax_hierarchy_broker', ['id', 'name', 'agency_name', 'email', 'phone'], [], []),
  table('docutrax_coverage_carrier', ['id', 'name', 'naic_code', 'am_best_rating'], [], []),
  table('docutrax_requirements_coiriskprofile', ['id', 'account_id', 'kind', 'name'], [], []),
  table(
    'docutrax_hierarchy_record',
    [
      'id',
      'account_id',
      'broker_id',
      'name',
      'status',
      'on_hold',
      'exempt',
      'vendor_code',
      'tax_id',
      'address_1',
      'address_2',
      'city',
      'state',
      'postal_code',
      'country',
      'contact_name',
      'contact_email',
      'phone',
      'custom_fields',
      'legacy_ph_id',
      'created_at',
      'activated_at',
      'inactivated_at',
      'updated_at',
    ],
    [],
    ['created_at', 'activated_at', 'inactivated_at', 'updated_at'],
  ),
  table(
    'docutrax_documents_certificate',
    [
      'id',
      'record_id',
      'risk_profile_id',
      'status',
      'is_current',
      'received_at',
      'reviewed_at',
      'effective_date',
      'expiration_date',
    ],
    ['effective_date', 'expiration_date'],
    ['received_at', 'reviewed_at'],
  ),
  table(
    'docutrax_compliance_deficiency',
    ['id', 'certificate_id', 'code', 'description', 'resolved_at'],
    [],
    ['resolved_at'],
  ),
  table(
    'docutrax_documents_document',
    [
      'id',
      'record_id',
      'risk_profile_id',
      'document_type',
      'status',
      'is_current',
      'received_at',
      'expiration_date',
    ],
    ['expiration_date'],
    ['received_at'],
  ),
  table(
    'docutrax_coverage_coverage',
    [
      'id',
      'certificate_id',
      'carrier_id',
      'coverage_type',
      'policy_number',
      'each_occurrence_limit',
      'aggregate_limit',
      'effective_date',
      'expiration_date',
      'waiver_of_subrogation',
      'additional_insured',
      'primary_non_contributory',
    ],
    ['effective_date', 'expiration_date'],
    [],
  ),
  table(
    'docutrax_notifications_notification',
    ['id', 'record_id', 'kind', 'channel', 'sent_at', 'responded_at'],
    [],
    ['sent_at', 'responded_at'],
  ),
  table(
    'docutrax_extraction_extraction',
    ['id', 'certificate_id', 'status', 'confidence', 'created_at'],
    [],
    ['created_at'],
  ),
] as const satisfies readonly DemoTable[];

export type DemoTableName = (typeof demoTables)[number]['name'];

export function copyStatement(schema: string, table: DemoTable, freeze: boolean): string {
  const columns = table.columns.map(quoteIdentAlways).join(', ');
  return `COPY ${qualifiedNameAlways(schema, table.name)} (${columns}) FROM STDIN${freeze ? ' WITH (FREEZE)' : ''}`;
}

/** Explicit ids were loaded: move each identity sequence past them so the application can insert. */
export function setIdentityStatement(schema: string, table: DemoTable): string {
  const name = qualifiedNameAlways(schema, table.name);
  return `SELECT setval(pg_get_serial_sequence(${quoteLiteral(name)}, 'id'), coalesce(max(id), 0) + 1, false) FROM ${name}`;
}
