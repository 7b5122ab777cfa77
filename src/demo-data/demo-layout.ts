import { Calendar, officeSecond } from './calendar.ts';
import type { CopyValue } from './copy-text.ts';
import type { DemoDataOptions } from './demo-data-options.ts';
import type { DemoTableName } from './demo-tables.ts';
import type { LegacyServiceOrg } from './legacy-identities.ts';
import {
  agencyName,
  carrierName,
  clientName,
  personName,
  phone,
  randomAreaCode,
  serviceOrgName,
  slug,
} from './names.ts';
import { deriveSeed, Rng } from './prng.ts';
import {
  amBestRatings,
  coiProfileNames,
  docProfileNames,
  firstNames,
  industries,
} from './word-lists.ts';

/**
 * The part of the demo data that is small enough to hold in memory: users, permissions, accounts,
 * brokers, carriers, risk profiles (all as finished rows), plus the structure that record rows
 * are generated against (which client belongs to which service org, which profiles each org has).
 *
 * Sizes, for N records: service orgs max(legacy, ⌈N/4000⌉); clients max(legacy + orgs without
 * one, ⌈N/150⌉); brokers max(25, ⌈N/400⌉); 40 carriers; 2–5 risk profiles per org.
 */
export interface ServiceOrgSlot {
  readonly accountId: number;
  readonly coiProfileIds: readonly number[];
  readonly docProfileIds: readonly number[];
}

export interface ClientSlot {
  readonly accountId: number;
  readonly serviceOrg: number;
}

export interface LegacyRecordSlot {
  readonly phId: number;
  readonly client: number;
}

export interface DemoLayout {
  readonly options: DemoDataOptions;
  readonly calendar: Calendar;
  readonly smallTables: ReadonlyMap<DemoTableName, readonly (readonly CopyValue[])[]>;
  readonly serviceOrgs: readonly ServiceOrgSlot[];
  readonly clients: readonly ClientSlot[];
  /** Records 1..legacyRecords.length carry the export's PH_IDs, in PH_ID order. */
  readonly legacyRecords: readonly LegacyRecordSlot[];
  /** Generated records get legacy_ph_id = this + record index (most of them: migrated vendors). */
  readonly generatedPhIdBase: number;
  readonly globalCoiProfileIds: readonly number[];
  readonly globalDocProfileIds: readonly number[];
  readonly brokerCount: number;
  readonly carrierCount: number;
}

/** Streams of the seeded generator; one per concern so tables can be produced independently. */
export const stream = {
  users: 101,
  accounts: 102,
  userPermissions: 103,
  brokers: 104,
  carriers: 105,
  riskProfiles: 106,
  skeleton: 1,
  record: 2,
  certificate: 3,
  deficiency: 4,
  document: 5,
  coverage: 6,
  notification: 7,
  extraction: 8,
} as const;

const permissions: readonly (readonly [string, string])[] = [
  ['reports', 'read'],
  ['reports', 'manage'],
  ['records', 'read'],
  ['records', 'manage'],
  ['certificates', 'read'],
  ['certificates', 'manage'],
  ['documents', 'read'],
  ['documents', 'manage'],
  ['accounts', 'manage'],
  ['users', 'manage'],
];
const permissionId = (resource: string, action: string): number =>
  permissions.findIndex(([r, a]) => r === resource && a === action) + 1;

function shuffledPrefix<T>(rng: Rng, items: readonly T[], count: number): T[] {
  const copy = [...items];
  for (let index = 0; index < Math.min(count, copy.length); index += 1) {
    const swap = rng.int(index, copy.length - 1);
    const held = copy[index] as T;
    copy[index] = copy[swap] as T;
    copy[swap] = held;
  }
  return copy.slice(0, count);
}

interface PlannedOrg {
  readonly legacy: LegacyServiceOrg | null;
  readonly legacyCustomerId: number | null;
}

export function planDemoLayout(options: DemoDataOptions): DemoLayout {
  const { legacy, records, seed } = options;
  const calendar = new Calendar(options.referenceDate);
  const rng = new Rng();

  // Service orgs: the export's customers first (in id order), then generated ones.
  const maxCustomerId = Math.max(0, ...legacy.serviceOrgs.map((org) => org.customerId));
  const orgCount = Math.max(legacy.serviceOrgs.length, Math.ceil(records / 4000), 1);
  rng.reset(deriveSeed(seed, stream.accounts, 0));
  const orgs: PlannedOrg[] = [];
  for (let index = 0; index < orgCount; index += 1) {
    const legacyOrg = legacy.serviceOrgs[index] ?? null;
    const migrated = legacyOrg !== null || rng.chance(0.9);
    orgs.push({
      legacy: legacyOrg,
      legacyCustomerId: legacyOrg?.customerId ?? (migrated ? maxCustomerId + 1 + index : null),
    });
  }
  const orgIndexByCustomer = new Map(
    legacy.serviceOrgs.map((org, index) => [org.customerId, index]),
  );

  // Clients: the export's CH_IDs under their customers, then enough generated clients that every
  // org has one and records spread ~150 per client.
  const clientsWithOrg = new Set(legacy.clients.map((client) => client.customerId));
  const orgsWithoutClient = orgs
    .map((org, index) => ({ org, index }))
    .filter(({ org }) => org.legacy === null || !clientsWithOrg.has(org.legacy.customerId))
    .map(({ index }) => index);
  const clientCount = Math.max(
    legacy.clients.length + orgsWithoutClient.length,
    Math.ceil(records / 150),
  );
  const clientOrg: number[] = [];
  const clientLegacyId: (number | null)[] = [];
  for (const client of legacy.clients) {
    clientOrg.push(orgIndexByCustomer.get(client.customerId) ?? 0);
    clientLegacyId.push(client.chId);
  }
  const maxChId = Math.max(0, ...legacy.clients.map((client) => client.chId));
  for (let index = legacy.clients.length; index < clientCount; index += 1) {
    const generated = index - legacy.clients.length;
    clientOrg.push(orgsWithoutClient[generated] ?? rng.int(0, orgCount - 1));
    clientLegacyId.push(rng.chance(0.85) ? maxChId + 1 + generated : null);
  }

  // Users: staff (account managers, admins), the export's users, then a few per org.
  rng.reset(deriveSeed(seed, stream.users, 0));
  const users: CopyValue[][] = [];
  const userOrg: (number | null)[] = [];
  const addUser = (
    first: string,
    last: string,
    domain: string,
    legacyUserId: number | null,
    org: number | null,
  ) => {
    const id = users.length + 1;
    const joinedDay = -rng.int(30, 3000);
    users.push([
      id,
      `${slug(first)}.${slug(last)}.${id}@${domain}`,
      first,
      last,
      !rng.chance(0.06),
      legacyUserId,
      calendar.timestamp(joinedDay, officeSecond(rng.next())),
    ]);
    userOrg.push(org);
    return id;
  };
  const managerNames = [
    ...new Set(
      legacy.serviceOrgs.flatMap((org) => (org.accountManager ? [org.accountManager] : [])),
    ),
  ].sort();
  const managerIdByLegacyName = new Map<string, number>();
  for (const legacyName of managerNames) {
    // report_data writes "K. Patel": keep the surname, give the initial a first name.
    const match = /^\s*(\p{L})\.?\s+(.+?)\s*$/u.exec(legacyName);
    const last = match?.[2] ?? legacyName;
    const initial = match?.[1]?.toUpperCase() ?? '';
    const first = firstNames.find((name) => name.startsWith(initial)) ?? initial;
    managerIdByLegacyName.set(legacyName, addUser(first, last, 'docutrax.example.com', null, null));
  }
  const staffCount = Math.max(3, Math.ceil(orgCount / 10));
  while (users.length < staffCount) {
    const name = personName(rng);
    addUser(name.first, name.last, 'docutrax.example.com', null, null);
  }
  const staffIds = users.map((_, index) => index + 1);
  const orgDomains = orgs.map((org, index) => {
    const name = org.legacy?.name;
    return `${name ? slug(name) : `customer${index + 1}`}.example.com`;
  });
  const legacyOrgIndexes = legacy.serviceOrgs.map((_, index) => index);
  legacy.users.forEach((user, position) => {
    const firstCustomer = user.customerIds[0];
    const org =
      (firstCustomer === undefined ? undefined : orgIndexByCustomer.get(firstCustomer)) ??
      legacyOrgIndexes[position % Math.max(1, legacyOrgIndexes.length)] ??
      0;
    const name = personName(rng);
    addUser(name.first, name.last, orgDomains[org] ?? 'example.com', user.userId, org);
  });
  const maxLegacyUserId = Math.max(0, ...legacy.users.map((user) => user.userId));
  let nextLegacyUserId = maxLegacyUserId + 1;
  for (let org = 0; org < orgCount; org += 1) {
    const extra = rng.int(1, 3);
    for (let count = 0; count < extra; count += 1) {
      const name = personName(rng);
      const legacyUserId = rng.chance(0.6) ? nextLegacyUserId++ : null;
      addUser(name.first, name.last, orgDomains[org] ?? 'example.com', legacyUserId, org);
    }
  }

  // Accounts: orgs get ids 1..orgCount, clients follow.
  rng.reset(deriveSeed(seed, stream.accounts, 1));
  const accounts: CopyValue[][] = [];
  const orgCreatedDay: number[] = [];
  orgs.forEach((org, index) => {
    const createdDay = -rng.int(1500, 4200);
    orgCreatedDay.push(createdDay);
    const status =
      org.legacy?.status ??
      (rng.chance(0.92) ? 'active' : rng.chance(0.6) ? 'inactive' : 'suspended');
    const legacyManager = org.legacy?.accountManager;
    const manager = legacyManager
      ? (managerIdByLegacyName.get(legacyManager) ?? null)
      : rng.chance(0.85)
        ? rng.pick(staffIds)
        : null;
    const industry = org.legacy
      ? org.legacy.industry
      : rng.chance(0.9)
        ? rng.pick(industries)
        : null;
    accounts.push([
      index + 1,
      null,
      'service_org',
      org.legacy?.name ?? serviceOrgName(rng),
      status,
      industry,
      manager,
      org.legacyCustomerId,
      null,
      calendar.timestamp(createdDay, officeSecond(rng.next())),
      status === 'inactive'
        ? calendar.timestamp(-rng.int(10, 900), officeSecond(rng.next()))
        : null,
    ]);
  });
  const clients: ClientSlot[] = [];
  clientOrg.forEach((org, index) => {
    const accountId = orgCount + index + 1;
    clients.push({ accountId, serviceOrg: org });
    const createdDay = Math.min(-30, (orgCreatedDay[org] ?? -2000) + rng.int(0, 1400));
    const statusRoll = rng.next();
    const status = statusRoll < 0.88 ? 'active' : statusRoll < 0.97 ? 'inactive' : 'suspended';
    accounts.push([
      accountId,
      org + 1,
      'client',
      clientName(rng),
      status,
      null,
      rng.chance(0.5) ? rng.pick(staffIds) : null,
      null,
      clientLegacyId[index] ?? null,
      calendar.timestamp(createdDay, officeSecond(rng.next())),
      status === 'inactive'
        ? calendar.timestamp(Math.min(-1, createdDay + rng.int(30, 900)), officeSecond(rng.next()))
        : null,
    ]);
  });

  // Grants: staff see everything; customer users mostly read reports of their org, some manage,
  // some are limited to one client.
  rng.reset(deriveSeed(seed, stream.userPermissions, 0));
  const clientsByOrg: number[][] = orgs.map(() => []);
  clients.forEach((client) => clientsByOrg[client.serviceOrg]?.push(client.accountId));
  const grants: CopyValue[][] = [];
  const grant = (userId: number, resource: string, action: string, accountId: number | null) => {
    grants.push([grants.length + 1, userId, permissionId(resource, action), accountId]);
  };
  userOrg.forEach((org, index) => {
    const userId = index + 1;
    if (org === null) {
      grant(userId, 'reports', 'read', null);
      grant(userId, 'reports', 'manage', null);
      if (rng.chance(0.5)) grant(userId, 'accounts', 'manage', null);
      return;
    }
    const orgAccount = org + 1;
    const orgClients = clientsByOrg[org] ?? [];
    if (orgClients.length > 0 && rng.chance(0.15)) {
      grant(userId, 'reports', 'read', rng.pick(orgClients));
    } else if (rng.chance(0.92)) {
      grant(userId, 'reports', 'read', orgAccount);
      if (rng.chance(0.25)) grant(userId, 'reports', 'manage', orgAccount);
    }
    if (rng.chance(0.8)) grant(userId, 'records', 'read', orgAccount);
    if (rng.chance(0.3)) grant(userId, 'records', 'manage', orgAccount);
    if (rng.chance(0.6)) grant(userId, 'certificates', 'read', orgAccount);
    if (rng.chance(0.4)) grant(userId, 'documents', 'read', orgAccount);
    if (rng.chance(0.1)) grant(userId, 'users', 'manage', orgAccount);
  });

  rng.reset(deriveSeed(seed, stream.brokers, 0));
  const brokerCount = Math.max(25, Math.ceil(records / 400));
  const brokers: CopyValue[][] = [];
  for (let id = 1; id <= brokerCount; id += 1) {
    const name = personName(rng);
    const agency = rng.chance(0.9) ? agencyName(rng) : null;
    const domain = agency ? `${slug(agency).slice(0, 24)}.example.com` : 'broker.example.com';
    brokers.push([
      id,
      `${name.first} ${name.last}`,
      agency,
      rng.chance(0.95) ? `${slug(name.first)}.${slug(name.last)}@${domain}` : null,
      rng.chance(0.9) ? phone(rng, randomAreaCode(rng)) : null,
    ]);
  }

  rng.reset(deriveSeed(seed, stream.carriers, 0));
  const carrierCount = 40;
  const carriers: CopyValue[][] = [];
  const usedCarrierNames = new Set<string>();
  for (let id = 1; id <= carrierCount; id += 1) {
    let name = carrierName(rng);
    while (usedCarrierNames.has(name)) name = carrierName(rng);
    usedCarrierNames.add(name);
    carriers.push([
      id,
      name,
      rng.chance(0.9) ? String(rng.int(10000, 44999)) : null,
      rng.chance(0.92) ? rng.pick(amBestRatings) : null,
    ]);
  }

  rng.reset(deriveSeed(seed, stream.riskProfiles, 0));
  const profiles: CopyValue[][] = [];
  const addProfile = (accountId: number | null, kind: 'coi' | 'doc', name: string) => {
    profiles.push([profiles.length + 1, accountId, kind, name]);
    return profiles.length;
  };
  const globalCoiProfileIds = [
    addProfile(null, 'coi', 'Docutrax Standard COI'),
    addProfile(null, 'coi', 'Docutrax Contractor COI'),
  ];
  const globalDocProfileIds = [addProfile(null, 'doc', 'Docutrax Standard Documents')];
  const serviceOrgs: ServiceOrgSlot[] = orgs.map((_, index) => {
    const accountId = index + 1;
    const coi = shuffledPrefix(rng, coiProfileNames, rng.int(1, 3)).map((name) =>
      addProfile(accountId, 'coi', name),
    );
    const doc = shuffledPrefix(rng, docProfileNames, rng.int(0, 2)).map((name) =>
      addProfile(accountId, 'doc', name),
    );
    return { accountId, coiProfileIds: coi, docProfileIds: doc };
  });

  const clientIndexByChId = new Map(legacy.clients.map((client, index) => [client.chId, index]));
  const legacyRecords: LegacyRecordSlot[] = legacy.records.flatMap((record) => {
    const client = clientIndexByChId.get(record.chId);
    return client === undefined ? [] : [{ phId: record.phId, client }];
  });
  const maxPhId = Math.max(0, ...legacy.records.map((record) => record.phId));

  const smallTables = new Map<DemoTableName, readonly (readonly CopyValue[])[]>([
    ['auth_user', users],
    [
      'docutrax_auth_permission',
      permissions.map(([resource, action], index) => [index + 1, resource, action]),
    ],
    ['docutrax_hierarchy_account', accounts],
    ['docutrax_auth_userpermission', grants],
    ['docutrax_hierarchy_broker', brokers],
    ['docutrax_coverage_carrier', carriers],
    ['docutrax_requirements_coiriskprofile', profiles],
  ]);
  return {
    options,
    calendar,
    smallTables,
    serviceOrgs,
    clients,
    legacyRecords,
    generatedPhIdBase: maxPhId + 1,
    globalCoiProfileIds,
    globalDocProfileIds,
    brokerCount,
    carrierCount,
  };
}
