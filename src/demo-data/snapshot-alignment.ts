import { qualifiedNameAlways, quoteLiteral } from '../sql/sql-quote.ts';
import type { SnapshotClientFacts, SnapshotFacts, SnapshotRecordFacts } from './snapshot-facts.ts';

/**
 * SQL that gives the demo records carrying report_data's PH_IDs (and the clients carrying its
 * CH_IDs) the values the snapshot states, so `reconcile` on the sample shows real agreement —
 * except for a few PLANTED differences, documented here and in the README, which reconcile must
 * find. Runs after the COPY, in the same transaction. The record skeleton (record-skeleton.ts)
 * gives every such record a current certificate with a general-liability line and at least one
 * current document, so each statement has a row to change.
 *
 * Columns the snapshot leaves NULL, and SO/CH values it contradicts itself on, are left as the
 * generator drew them: reconcile does not compare those either.
 */
export interface PlantedDifference {
  readonly phId: number;
  readonly column: string;
  readonly what: string;
}

/** A client-level plant: every snapshot row of the client differs in that column. */
export interface PlantedClientDifference {
  readonly chId: number;
  readonly column: string;
  readonly what: string;
}

export const plantedClientDifferences: readonly PlantedClientDifference[] = [
  {
    chId: 10083,
    column: 'CH_Status',
    what: 'client inactivated (a status: could be a change since)',
  },
];

export const plantedSnapshotDifferences: readonly PlantedDifference[] = [
  { phId: 50003, column: 'PH_Exempt', what: 'exempt flipped (a flag: could be a change since)' },
  { phId: 50010, column: 'PH_Name', what: 'name gets " (renamed)" (a name: cannot have changed)' },
  { phId: 50020, column: 'PH_GL_Limit', what: 'general-liability limit doubled' },
  { phId: 50030, column: 'PH_COI_Expiration', what: 'certificate renewed: expiration + 365 days' },
];

const literal = (text: string | null, type: string): string =>
  text === null ? `NULL::${type}` : `${quoteLiteral(text)}::${type}`;

function booleanText(text: string | null): string | null {
  if (text === null) return null;
  const lower = text.toLowerCase();
  if (lower === 'yes' || lower === '1') return 'true';
  if (lower === 'no' || lower === '0') return 'false';
  return null;
}

const snake = (text: string | null) =>
  text === null
    ? null
    : text
        .trim()
        .toLowerCase()
        .replace(/[-\s]+/g, '_');

function plusDays(date: string, days: number): string {
  const time = Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/** The facts with the planted differences applied: what the DTX 2.0 side will hold. */
function plantedFacts(record: SnapshotRecordFacts): SnapshotRecordFacts {
  let facts = record;
  for (const plant of plantedSnapshotDifferences) {
    if (plant.phId !== record.phId) continue;
    switch (plant.column) {
      case 'PH_Exempt':
        facts = { ...facts, exempt: booleanText(facts.exempt) === 'true' ? 'no' : 'yes' };
        break;
      case 'PH_Name':
        facts = { ...facts, name: `${facts.name ?? 'Vendor'} (renamed)` };
        break;
      case 'PH_GL_Limit':
        facts = {
          ...facts,
          glLimit: facts.glLimit === null ? '1' : String(Number(facts.glLimit) * 2),
        };
        break;
      case 'PH_COI_Expiration':
        facts = {
          ...facts,
          coiExpiration: facts.coiExpiration === null ? null : plusDays(facts.coiExpiration, 365),
        };
        break;
    }
  }
  return facts;
}

function timestamp(text: string | null): string | null {
  return text !== null &&
    /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(text) &&
    !text.startsWith('0000')
    ? text
    : null;
}

function plantedClientFacts(client: SnapshotClientFacts): SnapshotClientFacts {
  const plant = plantedClientDifferences.find(
    (candidate) => candidate.chId === client.chId && candidate.column === 'CH_Status',
  );
  return plant === undefined ? client : { ...client, status: 'Inactive' };
}

const validRecordStatus = new Set(['active', 'inactive', 'pending']);
const validCertificateStatus = new Set([
  'pending',
  'compliant',
  'non_compliant',
  'expired',
  'rejected',
]);
const validAccountStatus = new Set(['active', 'inactive', 'suspended']);
const keep = (value: string | null, valid: ReadonlySet<string>) =>
  value !== null && valid.has(value) ? value : null;

export function snapshotAlignmentStatements(facts: SnapshotFacts, schema: string): string[] {
  if (facts.records.length === 0 && facts.clients.length === 0) return [];
  const table = (name: string) => qualifiedNameAlways(schema, name);
  const records = facts.records.map(plantedFacts);
  const statements: string[] = [];
  if (records.length > 0) {
    const values = records
      .map((record) => {
        const limit =
          record.glLimit !== null && /^\d+(\.\d+)?$/.test(record.glLimit) ? record.glLimit : null;
        const profile =
          record.docRiskProfileId === null ? null : record.docRiskProfileId.trim() !== '-1';
        return `(${[
          record.phId,
          literal(record.name, 'text'),
          literal(keep(snake(record.status), validRecordStatus), 'text'),
          literal(booleanText(record.onHold), 'boolean'),
          literal(booleanText(record.exempt), 'boolean'),
          literal(keep(snake(record.coiStatus), validCertificateStatus), 'text'),
          literal(
            record.coiExpiration !== null &&
              /^\d{4}-\d{2}-\d{2}$/.test(record.coiExpiration) &&
              !record.coiExpiration.startsWith('0000')
              ? record.coiExpiration
              : null,
            'date',
          ),
          literal(booleanText(record.docCompliant), 'boolean'),
          literal(profile === null ? null : String(profile), 'boolean'),
          literal(limit, 'numeric'),
          literal(booleanText(record.waiver), 'boolean'),
          literal(booleanText(record.additionalInsured), 'boolean'),
        ].join(', ')})`;
      })
      .join(',\n  ');
    const facts = `(VALUES\n  ${values}\n) AS f(ph, name, status, on_hold, exempt, coi_status, coi_expiration, doc_compliant, doc_profile, gl_limit, waiver, additional_insured)`;
    statements.push(
      `CREATE TEMPORARY TABLE dtx_snapshot_facts ON COMMIT DROP AS SELECT f.*, r.id AS record_id,\n` +
        `  (SELECT c.id FROM ${table('docutrax_documents_certificate')} c WHERE c.record_id = r.id AND c.is_current ORDER BY c.id LIMIT 1) AS certificate_id\n` +
        `FROM ${facts}\nJOIN ${table('docutrax_hierarchy_record')} r ON r.legacy_ph_id = f.ph`,
      // The schema's unenforced rules hold after the change too: inactive ⇔ inactivated_at set.
      `UPDATE ${table('docutrax_hierarchy_record')} r SET name = coalesce(f.name, r.name), status = coalesce(f.status, r.status), ` +
        `on_hold = coalesce(f.on_hold, r.on_hold), exempt = coalesce(f.exempt, r.exempt), ` +
        `inactivated_at = CASE WHEN coalesce(f.status, r.status) = 'inactive' THEN coalesce(r.inactivated_at, r.updated_at) END ` +
        `FROM dtx_snapshot_facts f WHERE r.id = f.record_id`,
      `UPDATE ${table('docutrax_documents_certificate')} c SET status = coalesce(f.coi_status, c.status), ` +
        `expiration_date = coalesce(f.coi_expiration, c.expiration_date), ` +
        `effective_date = coalesce(f.coi_expiration - 365, c.effective_date), ` +
        // A pending certificate is not reviewed yet; any other one has been.
        `reviewed_at = CASE WHEN coalesce(f.coi_status, c.status) = 'pending' THEN NULL ELSE coalesce(c.reviewed_at, c.received_at) END ` +
        `FROM dtx_snapshot_facts f WHERE c.id = f.certificate_id`,
      `UPDATE ${table('docutrax_coverage_coverage')} v SET waiver_of_subrogation = coalesce(f.waiver, v.waiver_of_subrogation), ` +
        `additional_insured = coalesce(f.additional_insured, v.additional_insured) FROM dtx_snapshot_facts f WHERE v.certificate_id = f.certificate_id`,
      `UPDATE ${table('docutrax_coverage_coverage')} v SET each_occurrence_limit = f.gl_limit FROM dtx_snapshot_facts f ` +
        `WHERE f.gl_limit IS NOT NULL AND v.id = (SELECT min(g.id) FROM ${table('docutrax_coverage_coverage')} g WHERE g.certificate_id = f.certificate_id AND g.coverage_type = 'general_liability')`,
      // doc_compliant is "every current document compliant": all of them, or the first one not.
      `UPDATE ${table('docutrax_documents_document')} d SET status = 'compliant' FROM dtx_snapshot_facts f WHERE f.doc_compliant AND d.record_id = f.record_id AND d.is_current`,
      `UPDATE ${table('docutrax_documents_document')} d SET status = 'non_compliant' FROM dtx_snapshot_facts f WHERE NOT f.doc_compliant ` +
        `AND d.id = (SELECT min(e.id) FROM ${table('docutrax_documents_document')} e WHERE e.record_id = f.record_id AND e.is_current)`,
      // The snapshot's profile id only says "has a profile or not": the first current document gets
      // a document profile, or none of them has one.
      `UPDATE ${table('docutrax_documents_document')} d SET risk_profile_id = NULL FROM dtx_snapshot_facts f WHERE f.doc_profile = false AND d.record_id = f.record_id AND d.is_current`,
      `UPDATE ${table('docutrax_documents_document')} d SET risk_profile_id = (SELECT min(p.id) FROM ${table('docutrax_requirements_coiriskprofile')} p WHERE p.kind = 'doc') ` +
        `FROM dtx_snapshot_facts f WHERE f.doc_profile AND d.id = (SELECT min(e.id) FROM ${table('docutrax_documents_document')} e WHERE e.record_id = f.record_id AND e.is_current)`,
    );
  }
  const clients = facts.clients
    .map(plantedClientFacts)
    .filter(
      (client) => client.name !== null || client.status !== null || client.createTime !== null,
    );
  if (clients.length > 0) {
    const values = clients
      .map(
        (client) =>
          `(${client.chId}, ${literal(client.name, 'text')}, ${literal(keep(snake(client.status), validAccountStatus), 'text')}, ${literal(timestamp(client.createTime), 'timestamp')})`,
      )
      .join(',\n  ');
    statements.push(
      `UPDATE ${table('docutrax_hierarchy_account')} a SET name = coalesce(f.name, a.name), status = coalesce(f.status, a.status), ` +
        `created_at = coalesce(f.created, a.created_at), ` +
        `inactivated_at = CASE WHEN coalesce(f.status, a.status) = 'inactive' THEN coalesce(a.inactivated_at, f.created, a.created_at) ELSE NULL END\n` +
        `FROM (VALUES\n  ${values}\n) AS f(ch, name, status, created) WHERE a.legacy_ch_id = f.ch`,
    );
  }
  // report_data's timestamps carry no zone: they are read in the loading session's zone.
  const orgs = (facts.serviceOrgs ?? []).filter((org) => timestamp(org.createTime) !== null);
  if (orgs.length > 0) {
    const values = orgs
      .map((org) => `(${org.soId}, ${literal(timestamp(org.createTime), 'timestamp')})`)
      .join(',\n  ');
    statements.push(
      `UPDATE ${table('docutrax_hierarchy_account')} a SET created_at = f.created ` +
        `FROM (VALUES\n  ${values}\n) AS f(so, created) WHERE a.legacy_customer_id = f.so`,
    );
  }
  return statements;
}
