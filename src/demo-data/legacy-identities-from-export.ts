import { z } from 'zod';
import { InputError } from '../errors.ts';
import type { LegacyExport } from '../legacy/types.ts';
import { snapshotFactsFrom } from './snapshot-facts.ts';
import type {
  AccountStatus,
  LegacyClient,
  LegacyIdentities,
  LegacyServiceOrg,
  LegacyUser,
} from './legacy-identities.ts';

/**
 * The identities the demo data must carry, taken from a read legacy export: every customer id in
 * use (report.customer_id ≠ 0, schedules, run logs, report_data SO_ID), report_data's SO → CH → PH
 * hierarchy, and every user id the export mentions. report_data stays raw text in the archive, so
 * its id columns are parsed here; every unusable id is listed in one error.
 */
const legacyId = z
  .string()
  .trim()
  .regex(/^\d+$/, 'expected a whole number')
  .transform((text) => Number(text))
  .refine((id) => id <= 2_147_483_647, 'larger than a Postgres integer');

function statusOf(text: string | null | undefined): AccountStatus | null {
  const value = text?.trim().toLowerCase();
  return value === 'active' || value === 'inactive' || value === 'suspended' ? value : null;
}

/** The most frequent non-empty value, ties to the first seen: report_data is a series of snapshots. */
function mostFrequent(values: readonly (string | null | undefined)[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) {
    const text = value?.trim();
    if (text) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

const byNumber = (a: number, b: number) => a - b;

export function legacyIdentitiesFromExport(legacy: LegacyExport): LegacyIdentities {
  const problems: string[] = [];
  const customerIds = new Set<number>();
  const addCustomer = (id: number | null) => {
    if (id !== null && id !== 0) customerIds.add(id);
  };
  for (const report of legacy.reports) addCustomer(report.customerId);
  for (const schedule of legacy.schedules) addCustomer(schedule.customerId);
  for (const run of legacy.runs) addCustomer(run.customerId);

  const users = new Map<number, Set<number>>();
  const addUser = (userId: number | null, customerId: number | null) => {
    if (userId === null || userId === 0) return;
    const customers = users.get(userId) ?? new Set<number>();
    users.set(userId, customers);
    if (customerId !== null && customerId !== 0) customers.add(customerId);
  };
  for (const report of legacy.reports) addUser(report.createdBy, null);
  for (const schedule of legacy.schedules) addUser(schedule.userId, schedule.customerId);
  for (const run of legacy.runs) addUser(run.userId, run.customerId);

  const { snapshot } = legacy;
  const column = (name: string) => snapshot.columns.indexOf(name);
  const at = { so: column('SO_ID'), ch: column('CH_ID'), ph: column('PH_ID') };
  const text = {
    name: column('SO_Name'),
    industry: column('SO_Industry'),
    status: column('SO_Status'),
    manager: column('SO_AccountManager'),
  };
  const clients = new Map<number, number>();
  const records = new Map<number, number>();
  const orgRows = new Map<number, (readonly (string | null)[])[]>();
  snapshot.rows.forEach((row, index) => {
    const where = `report_data.csv:${snapshot.lines[index] ?? '?'}`;
    const id = (position: number, name: string): number | null => {
      const raw = position < 0 ? null : (row[position] ?? null);
      if (raw === null || raw.trim() === '') return null;
      const parsed = legacyId.safeParse(raw);
      if (parsed.success) return parsed.data;
      problems.push(
        `${where} column ${name}: "${raw}": ${parsed.error.issues.map((issue) => issue.message).join('; ')}`,
      );
      return null;
    };
    const soId = id(at.so, 'SO_ID');
    const chId = id(at.ch, 'CH_ID');
    const phId = id(at.ph, 'PH_ID');
    if (soId === null) return;
    addCustomer(soId);
    orgRows.set(soId, [...(orgRows.get(soId) ?? []), row]);
    if (chId === null) return;
    const knownOrg = clients.get(chId);
    if (knownOrg !== undefined && knownOrg !== soId) {
      problems.push(
        `${where} column CH_ID: client ${chId} appears under service orgs ${knownOrg} and ${soId}`,
      );
      return;
    }
    clients.set(chId, soId);
    if (phId === null) return;
    const knownClient = records.get(phId);
    if (knownClient !== undefined && knownClient !== chId) {
      problems.push(
        `${where} column PH_ID: record ${phId} appears under clients ${knownClient} and ${chId}`,
      );
      return;
    }
    records.set(phId, chId);
  });
  if (problems.length > 0) {
    throw new InputError(
      `${legacy.dir}: ${problems.length} unusable legacy id(s) in report_data`,
      problems,
    );
  }

  const valuesOf = (customerId: number, position: number) =>
    position < 0 ? [] : (orgRows.get(customerId) ?? []).map((row) => row[position]);
  const serviceOrgs: LegacyServiceOrg[] = [...customerIds].sort(byNumber).map((customerId) => ({
    customerId,
    name: mostFrequent(valuesOf(customerId, text.name)),
    industry: mostFrequent(valuesOf(customerId, text.industry)),
    status: statusOf(mostFrequent(valuesOf(customerId, text.status))),
    accountManager: mostFrequent(valuesOf(customerId, text.manager)),
  }));
  const legacyClients: LegacyClient[] = [...clients]
    .map(([chId, customerId]) => ({ chId, customerId }))
    .sort((a, b) => a.chId - b.chId);
  const legacyUsers: LegacyUser[] = [...users]
    .map(([userId, customers]) => ({ userId, customerIds: [...customers].sort(byNumber) }))
    .sort((a, b) => a.userId - b.userId);
  return {
    serviceOrgs,
    clients: legacyClients,
    records: [...records].map(([phId, chId]) => ({ phId, chId })).sort((a, b) => a.phId - b.phId),
    users: legacyUsers,
    snapshot: snapshotFactsFrom(snapshot),
  };
}
