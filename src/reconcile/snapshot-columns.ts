/**
 * What each report_data column stands for in the base layer (reporting.base_record), following
 * ../shared/legacy/FORMAT.md ("Comparing a snapshot row with DTX 2.0") and ../shared/dtx2/FIELDS.md.
 * report_data column names are not the dictionary's field names (PH_COI_Expiration is
 * coi_expiration_date), so the correspondence is written out once here; a column this table does
 * not know is listed by reconcile as "no counterpart", never guessed.
 *
 * `level` says which entity the column describes: SO and CH columns repeat on every record of the
 * org or client, and a value that varies across those rows is the snapshot contradicting itself.
 *
 * `change` is whether a difference may be a genuine change since the snapshot was taken (statuses,
 * flags, dates that move, counts, limits) or cannot be (names, ids, creation dates, custom fields):
 * the second kind points at the migration or the views.
 */
export type CompareKind =
  | 'legacy-id'
  | 'text'
  | 'status'
  | 'person-initial'
  | 'email'
  | 'date'
  | 'boolean'
  | 'number'
  | 'profile-presence';

export type ChangeClass = 'could-change' | 'cannot-change';

export type ColumnLevel = 'so' | 'ch' | 'ph';

export interface MappedColumn {
  readonly column: string;
  /** The base_record column; `so_legacy_id` etc. are read beside it (legacy ids). */
  readonly field: string;
  readonly kind: CompareKind;
  readonly change: ChangeClass;
  readonly level: ColumnLevel;
  /** A snapshot column that the same row also states, e.g. PH_COI_Compliant from PH_COI_Status. */
  readonly impliedBy?: { readonly column: string; readonly whenTrue: string };
}

export interface UnmappedColumn {
  readonly column: string;
  readonly field: null;
  readonly reason: string;
}

export type SnapshotColumnMapping = MappedColumn | UnmappedColumn;

const map = (
  column: string,
  field: string,
  kind: CompareKind,
  change: ChangeClass,
  level: ColumnLevel = 'ph',
  extra: Partial<Pick<MappedColumn, 'impliedBy'>> = {},
): MappedColumn => ({ column, field, kind, change, level, ...extra });
const none = (column: string, reason: string): UnmappedColumn => ({ column, field: null, reason });

const customColumns = Array.from({ length: 15 }, (_, index) =>
  map(`PH_Custom${index + 1}`, `ph_custom_${index + 1}`, 'text', 'cannot-change'),
);

export const snapshotColumnMappings: readonly SnapshotColumnMapping[] = [
  map('SO_ID', 'so_legacy_id', 'legacy-id', 'cannot-change', 'so'),
  map('SO_Name', 'so_name', 'text', 'cannot-change', 'so'),
  map('SO_Status', 'so_status', 'status', 'could-change', 'so'),
  map('SO_Industry', 'so_industry', 'text', 'cannot-change', 'so'),
  map('SO_AccountManager', 'so_account_manager', 'person-initial', 'could-change', 'so'),
  map('SO_CreateTime', 'so_create_time', 'date', 'cannot-change', 'so'),
  none('SO_InactivatedTime', 'the base layer has no service-org inactivation date (FIELDS.md)'),
  map('CH_ID', 'ch_legacy_id', 'legacy-id', 'cannot-change', 'ch'),
  map('CH_Name', 'ch_name', 'text', 'cannot-change', 'ch'),
  map('CH_Status', 'ch_status', 'status', 'could-change', 'ch'),
  map('CH_CreateTime', 'ch_create_time', 'date', 'cannot-change', 'ch'),
  map('CH_InactivatedTime', 'ch_inactivated_time', 'date', 'could-change', 'ch'),
  none('CH_Type', 'DTX 2.0 keeps no client type'),
  map('PH_ID', 'ph_legacy_id', 'legacy-id', 'cannot-change'),
  map('PH_Name', 'ph_name', 'text', 'cannot-change'),
  map('PH_Status', 'ph_status', 'status', 'could-change'),
  map('PH_VendorCode', 'ph_vendor_code', 'text', 'cannot-change'),
  map('PH_TaxID', 'ph_tax_id', 'text', 'cannot-change'),
  map('PH_ContactName', 'ph_contact_name', 'text', 'could-change'),
  map('PH_ContactEmail', 'ph_contact_email', 'email', 'could-change'),
  map('PH_Phone', 'ph_phone', 'text', 'could-change'),
  none('PH_Fax', 'DTX 2.0 keeps no fax number (ph_fax is always NULL)'),
  map('PH_CreateTime', 'ph_create_time', 'date', 'cannot-change'),
  map('PH_ActivatedTime', 'ph_activated_time', 'date', 'could-change'),
  map('PH_InactivatedTime', 'ph_inactivated_time', 'date', 'could-change'),
  map('PH_LastUpdateTime', 'ph_last_update', 'date', 'could-change'),
  map('PH_OnHold', 'ph_on_hold', 'boolean', 'could-change'),
  map('PH_Exempt', 'ph_exempt', 'boolean', 'could-change'),
  map('PH_COI_Status', 'coi_status', 'status', 'could-change'),
  map('PH_COI_Compliant', 'coi_compliant', 'boolean', 'could-change', 'ph', {
    impliedBy: { column: 'PH_COI_Status', whenTrue: 'compliant' },
  }),
  map('PH_COI_ReceivedDate', 'coi_received_date', 'date', 'could-change'),
  map('PH_COI_ReviewedDate', 'coi_reviewed_date', 'date', 'could-change'),
  map('PH_COI_EffectiveDate', 'coi_effective_date', 'date', 'could-change'),
  map('PH_COI_Expiration', 'coi_expiration_date', 'date', 'could-change'),
  map('PH_COI_RiskProfile_ID', 'coi_risk_profile', 'profile-presence', 'could-change'),
  map('PH_COI_RiskProfile_Name', 'coi_risk_profile', 'text', 'could-change'),
  map('PH_COI_Deficiencies', 'coi_deficiency_count', 'number', 'could-change'),
  map('PH_COI_AlertDate', 'coi_alert_date', 'date', 'could-change'),
  map('PH_COI_SecondAlertDate', 'coi_second_alert_date', 'date', 'could-change'),
  map('PH_COI_FinalAlertDate', 'coi_final_alert_date', 'date', 'could-change'),
  map('PH_DOC_Status', 'doc_status', 'status', 'could-change'),
  map('PH_DOC_Compliant', 'doc_compliant', 'boolean', 'could-change', 'ph', {
    impliedBy: { column: 'PH_DOC_Status', whenTrue: 'compliant' },
  }),
  map('PH_DOC_ReceivedDate', 'doc_received_date', 'date', 'could-change'),
  map('PH_DOC_Expiration', 'doc_expiration_date', 'date', 'could-change'),
  map('PH_DOC_RiskProfile_ID', 'doc_risk_profile', 'profile-presence', 'could-change'),
  map('PH_DOC_RiskProfile_Name', 'doc_risk_profile', 'text', 'could-change'),
  map('PH_DOC_Missing', 'doc_missing_count', 'number', 'could-change'),
  map('PH_DOC_AlertDate', 'doc_alert_date', 'date', 'could-change'),
  map('PH_GL_Limit', 'gl_limit', 'number', 'could-change'),
  map('PH_GL_Aggregate', 'gl_aggregate', 'number', 'could-change'),
  map('PH_GL_Expiration', 'gl_expiration', 'date', 'could-change'),
  map('PH_Auto_Limit', 'auto_limit', 'number', 'could-change'),
  map('PH_Auto_Expiration', 'auto_expiration', 'date', 'could-change'),
  map('PH_Umbrella_Limit', 'umbrella_limit', 'number', 'could-change'),
  map('PH_Umbrella_Expiration', 'umbrella_expiration', 'date', 'could-change'),
  map('PH_WC_Expiration', 'wc_expiration', 'date', 'could-change'),
  map('PH_Waiver', 'waiver_of_subrogation', 'boolean', 'could-change'),
  map('PH_AdditionalInsured', 'additional_insured', 'boolean', 'could-change'),
  map('PH_PrimaryNonContrib', 'primary_non_contributory', 'boolean', 'could-change'),
  map('PH_Broker_Name', 'broker_name', 'text', 'could-change'),
  map('PH_Broker_Email', 'broker_email', 'email', 'could-change'),
  map('PH_Broker_Phone', 'broker_phone', 'text', 'could-change'),
  map('PH_Carrier_Name', 'carrier_name', 'text', 'could-change'),
  map('PH_Carrier_AMBest', 'carrier_am_best', 'text', 'could-change'),
  map('PH_NotificationsSent', 'notifications_sent', 'number', 'could-change'),
  map('PH_LastNotificationDate', 'last_notification_date', 'date', 'could-change'),
  map('PH_LastPingDate', 'last_ping_date', 'date', 'could-change'),
  map('PH_LastPingResponseDate', 'last_ping_response', 'date', 'could-change'),
  map('PH_ExtractionConfidence', 'extraction_confidence', 'number', 'could-change'),
  map('PH_DocCount', 'doc_count', 'number', 'could-change'),
  none('PH_COI_Count', 'the base layer has no certificate count (FIELDS.md defines none)'),
  none('PH_RequirementsMet', 'DTX 2.0 has no requirements tally in the base layer'),
  none('PH_RequirementsTotal', 'DTX 2.0 has no requirements tally in the base layer'),
  none('PH_LastLoginTime', 'portal logins are not part of the base layer'),
  none('PH_PortalUser', 'portal users are not part of the base layer'),
  none('PH_Notes', 'free-text notes are not carried to the base layer'),
  none('PH_Region', 'DTX 2.0 keeps no region'),
  ...customColumns,
  none('create_time', 'the batch time of the snapshot itself (its age), not a record value'),
];

const byColumn = new Map(snapshotColumnMappings.map((mapping) => [mapping.column, mapping]));

/** The mapping of a report_data column; a column not listed above has no known counterpart. */
export function mappingOf(column: string): SnapshotColumnMapping {
  return byColumn.get(column) ?? none(column, 'not a DTX 1.0 report_data column this tool knows');
}

/** The base_record columns reconcile reads (legacy ids come from the tables beside it). */
export const baseFieldsToRead: readonly string[] = [
  ...new Set(
    snapshotColumnMappings.flatMap((mapping) =>
      mapping.field === null || mapping.kind === 'legacy-id' ? [] : [mapping.field],
    ),
  ),
].sort();
