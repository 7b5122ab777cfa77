import { columns, field, legacyExport, report } from './legacy-builders.ts';

/**
 * A small legacy export that exercises the view generator: legacy column order with ties, a
 * repeated label, labels with quotes, &, % and non-ASCII text, aggregate reports per service org
 * and per client, a day-count report, and every reason a field is left out.
 */
const fields = [
  field({ id: 1, name: 'ph_name', label: 'Account Name' }),
  field({ id: 2, name: 'coi_expiring_soon', label: 'COI Expiring Within N Days' }),
  field({ id: 3, name: 'ph_status_label', label: 'Status' }),
  field({ id: 4, name: 'coi_status_short', label: 'Status' }),
  field({ id: 5, name: 'ph_owner', label: "Owner's Name" }),
  field({ id: 6, name: 'primary_non_contributory', label: 'Primary & Non-Contributory' }),
  field({ id: 7, name: 'ph_custom_1', label: 'Größe – naïve 名前' }),
  field({ id: 8, name: 'coi_received_date', label: 'COI Received', filterType: 'date_range' }),
  field({ id: 9, name: 'so_name', label: 'Service Organization' }),
  field({ id: 10, name: 'total_accounts', label: 'Total Accounts', isAggregate: true }),
  field({ id: 11, name: 'compliant_accounts', label: 'Compliant Accounts', isAggregate: true }),
  field({ id: 12, name: 'noncompliant_accounts', label: 'Non-Compliant Accounts', isAggregate: true }),
  field({ id: 13, name: 'coi_compliance_pct', label: 'COI Compliance %', isAggregate: true }),
  field({ id: 14, name: 'expiring_accounts', label: 'Accounts Expiring Within N Days', isAggregate: true }),
  field({ id: 15, name: 'doc_compliance_pct', label: 'DOC Compliance %', isAggregate: true }),
  field({ id: 16, name: 'total_gl_limit', label: 'Total GL Limit', isAggregate: true }),
  field({ id: 17, name: 'ch_name', label: 'Client Name' }),
  field({ id: 18, name: 'so_account_manager', label: 'Account Manager' }),
  field({ id: 19, name: 'ph_region', label: 'Region' }),
  field({ id: 20, name: 'ph_legacy_score', label: 'Legacy Score', active: false }),
];

export const craftedExport = legacyExport({
  fields,
  reports: [
    report({ id: 10, internalName: 'TEST-Plain', numDays: 7 }),
    report({ id: 11, internalName: 'TEST-By Org', numDays: 30 }),
    report({ id: 12, internalName: 'TEST-By Client' }),
    report({ id: 13, internalName: 'TEST-By Manager' }),
  ],
  definitions: [
    // Report 10: sort orders out of id order, one tie (broken by id), a repeated label, odd labels.
    { id: 1007, reportId: 10, fieldId: 7, sortOrder: 70, line: 2 },
    { id: 1001, reportId: 10, fieldId: 1, sortOrder: 10, line: 2 },
    { id: 1003, reportId: 10, fieldId: 3, sortOrder: 30, line: 2 },
    { id: 1002, reportId: 10, fieldId: 2, sortOrder: 20, line: 2 },
    { id: 1005, reportId: 10, fieldId: 4, sortOrder: 30, line: 2 },
    { id: 1004, reportId: 10, fieldId: 5, sortOrder: 50, line: 2 },
    { id: 1006, reportId: 10, fieldId: 6, sortOrder: 60, line: 2 },
    { id: 1008, reportId: 10, fieldId: 8, sortOrder: 80, line: 2 },
    { id: 1009, reportId: 10, fieldId: 19, sortOrder: 90, line: 2 },
    { id: 1010, reportId: 10, fieldId: 20, sortOrder: 95, line: 2 },
    { id: 1011, reportId: 10, fieldId: 99999, sortOrder: 96, line: 2 },
    { id: 1012, reportId: 10, fieldId: 1, sortOrder: 97, line: 2 },
    ...columns(11, [9, 10, 11, 12, 13, 14, 15, 16]),
    ...columns(12, [17, 10, 11]),
    ...columns(13, [18, 10]),
  ],
});

