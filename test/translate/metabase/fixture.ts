import type { MetabaseInput } from '../../../src/translate/metabase/desired-state.ts';
import { aColumn, aReport, aSchedule, aView, anExport } from './builders.ts';

/**
 * A small export exercising every kind of object: system reports in two categories and in
 * category 8, a customer's own report, an aggregate report without a client column, awkward
 * labels, schedules that map, split and skip.
 */
export const fixtureInput: MetabaseInput = {
  legacy: anExport({
    reports: [
      aReport({
        id: 135,
        sortOrder: 2,
        numDays: 30,
        description: 'Accounts whose COI is not compliant',
      }),
      aReport({
        id: 10,
        name: 'COI Summary by Manager',
        internalName: 'COI-Summary',
        sortOrder: 1,
      }),
      aReport({ id: 20, categoryId: 2, name: 'DOC-Expired', internalName: 'DOC-Expired' }),
      aReport({ id: 60, categoryId: 8, name: 'SO Dashboard', internalName: 'SRS-Dashboard' }),
      aReport({
        id: 500,
        customerId: 1003,
        categoryId: 5,
        name: 'Summit Limits Review',
        internalName: null,
      }),
    ],
    schedules: [
      aSchedule({
        id: 3,
        reportId: 135,
        customerId: 1003,
        subject: 'COI for Summit',
        recipients: ['pm@summit.example.com'],
      }),
      aSchedule({
        id: 4,
        reportId: 135,
        customerId: 1003,
        recurrence: 'daily',
        dowBitmap: 62,
        tod: 7,
      }),
      aSchedule({
        id: 5,
        reportId: 500,
        customerId: 1003,
        recurrence: 'monthly',
        dom: 10,
        tod: 0,
        recipients: ['risk@summit.example.com'],
      }),
      aSchedule({ id: 6, reportId: 135, customerId: 1004, active: false }),
      aSchedule({
        id: 7,
        reportId: 20,
        customerId: 1004,
        recurrence: 'monthly',
        dom: 1,
        tod: 8,
        recipients: ['ops@bluewater.example.com'],
      }),
    ],
    snapshot: {
      columns: ['SO_ID', 'SO_Name', 'CH_ID'],
      rows: [
        ['1003', 'Summit Health Systems', '1'],
        ['1003', 'Summit Health Systems', '2'],
        ['1004', 'Bluewater Logistics', '3'],
        ['1004', 'Bluewater Logistics Inc', '4'],
      ],
      columnTypes: ['integer', 'text', 'integer'],
      lines: [2, 3, 4, 5],
    },
  }),
  views: [
    aView({
      legacyId: 135,
      columns: [
        aColumn(),
        aColumn({ name: 'Owner\'s "Nick" %', field: 'ph_owner', label: 'Owner\'s "Nick" %' }),
        aColumn({
          name: 'Limits [[GL]] {{x}}',
          field: 'gl_limit',
          label: 'Limits [[GL]] {{x}}',
          pgType: 'numeric',
          displayFormat: 'money',
        }),
        aColumn({
          name: 'COI Compliant',
          field: 'coi_compliant',
          label: 'COI Compliant',
          pgType: 'boolean',
          displayFormat: 'yes_no',
        }),
        aColumn({
          name: 'Expires',
          field: 'coi_expiration_date',
          label: 'Expires',
          pgType: 'date',
          displayFormat: 'date',
        }),
        aColumn({
          name: 'Compliance %',
          field: 'coi_compliance_pct',
          label: 'Compliance %',
          pgType: 'numeric',
          displayFormat: 'percent',
        }),
        aColumn({
          name: 'Contact Email',
          field: 'ph_contact_email',
          label: 'Contact Email',
          displayFormat: 'email',
        }),
        aColumn({ name: 'Peña Größe', field: 'ph_city', label: 'Peña Größe' }),
      ],
      filters: {
        serviceOrgId: 'service_org_id',
        serviceOrgLegacyId: 'service_org_legacy_id',
        serviceOrgName: 'service_org_name',
        clientId: 'client_id',
        clientName: 'client_name',
        date: 'Expires',
        dayCount: 'num_days',
      },
      numDays: 30,
      omitted: [{ field: 'ph_region', reason: 'unmapped' }],
    }),
    aView({
      legacyId: 10,
      name: 'coi_summary_by_manager',
      aggregate: true,
      columns: [
        aColumn({ name: 'Account Manager', field: 'so_account_manager', label: 'Account Manager' }),
        aColumn({
          name: 'Total Accounts',
          field: 'total_accounts',
          label: 'Total Accounts',
          pgType: 'bigint',
          displayFormat: 'int',
        }),
      ],
      filters: {
        serviceOrgId: 'service_org_id',
        serviceOrgLegacyId: 'service_org_legacy_id',
        serviceOrgName: 'service_org_name',
        clientId: null,
        clientName: null,
        date: null,
        dayCount: null,
      },
    }),
    aView({ legacyId: 20, name: 'doc_expired' }),
    aView({ legacyId: 60, name: 'so_dashboard' }),
    aView({ legacyId: 500, name: 'summit_limits_review' }),
  ],
  options: { today: '2025-07-15' },
};
