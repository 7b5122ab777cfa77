import { describe, expect, it } from 'vitest';
import { desiredAccess, type ReportGrant } from '../../src/desired/metabase/access-model.ts';
import type { DesiredCollection } from '../../src/desired/metabase/model.ts';
import type { ObservedPermissions } from '../../src/plan/metabase/permissions/observed-permissions.ts';
import { planPermissions } from '../../src/plan/metabase/permissions/plan-permissions.ts';

const collections: DesiredCollection[] = [
  { key: 'collection:root', name: 'DTX Reports', parent: null, description: null },
  { key: 'collection:custom', name: 'Customers', parent: 'collection:root', description: null },
  {
    key: 'collection:custom:1001',
    name: 'Northwind',
    parent: 'collection:custom',
    description: null,
  },
  { key: 'collection:custom:1002', name: 'Acme', parent: 'collection:custom', description: null },
];

const org = (id: number, legacy: number | null, name = `Org ${id}`) => ({
  id,
  type: 'service_org' as const,
  name,
  legacyCustomerId: legacy,
});

const grant = (
  email: string,
  action: 'read' | 'manage',
  account: ReportGrant['account'],
  active = true,
): ReportGrant => ({
  email,
  firstName: 'First',
  lastName: 'Last',
  userActive: active,
  action,
  account,
});

const grants: ReportGrant[] = [
  grant('Reader@X.example', 'read', null),
  grant('boss@x.example', 'manage', null),
  grant('sam@northwind.example', 'read', org(1, 1001, 'Northwind Properties')),
  grant('mia@acme.example', 'manage', org(2, 1002, 'Acme')),
  grant('cora@northwind.example', 'read', {
    id: 9,
    type: 'client',
    name: 'Some client',
    legacyCustomerId: null,
  }),
  grant('ivan@northwind.example', 'read', org(1, 1001, 'Northwind Properties'), false),
  grant('new@neworg.example', 'read', org(3, null, 'New Org')),
];

describe('desiredAccess (grants → groups, users, memberships)', () => {
  const access = desiredAccess(
    grants,
    ['reader@x.example', 'rex@acme.example', 'ivan@northwind.example'],
    collections,
  );

  it('maps each kind of grant to its group, and gives client-scoped and inactive users nothing', () => {
    expect(access.memberships.map((m) => `${m.group} ← ${m.email}`)).toEqual([
      'DTX reports: customer Acme (1002) ← mia@acme.example',
      'DTX reports: customer New Org (DTX 2.0 account 3) ← new@neworg.example',
      'DTX reports: customer Northwind Properties (1001) ← sam@northwind.example',
      'DTX reports: manage ← boss@x.example',
      'DTX reports: read ← reader@x.example',
    ]);
    expect(access.users.map((u) => u.email)).not.toContain('cora@northwind.example');
    expect(access.users.map((u) => u.email)).not.toContain('ivan@northwind.example');
    expect([...access.withoutAccess].sort()).toEqual([
      'ivan@northwind.example',
      'rex@acme.example',
    ]);
  });

  it('says what it turned into no access (fail closed)', () => {
    expect(access.failClosed).toEqual([
      'cora@northwind.example: reports read on client account 9 "Some client" gives no access (client-level report content does not exist; fail closed)',
      'new@neworg.example: reports read on service org 3 "New Org": no customer collection for it (no DTX 1.0 reports), so its group sees nothing',
    ]);
  });
});

const observedEmpty = (): ObservedPermissions => ({
  users: [
    {
      id: 1,
      email: 'admin@x.example',
      firstName: 'A',
      lastName: 'B',
      commonName: null,
      isSuperuser: true,
      isActive: true,
      groupIds: [1, 2],
    },
  ],
  groups: [
    { id: 1, name: 'All Users', magic: 'all-internal-users' },
    { id: 2, name: 'Administrators', magic: 'admin' },
    { id: 3, name: 'Analysts', magic: null },
  ],
  memberships: [
    { membershipId: 1, groupId: 1, userId: 1, isGroupManager: false },
    { membershipId: 2, groupId: 2, userId: 1, isGroupManager: false },
  ],
  collectionGraph: { revision: 1, groups: { '1': { root: 'write' }, '2': { root: 'write' } } },
  dataGraph: { revision: 1, groups: {} },
});

describe('planPermissions', () => {
  const access = desiredAccess(grants, [], collections);

  it('on an empty Metabase: creates our groups and users, predicts Metabase defaults, never touches Administrators or other groups', () => {
    const items = planPermissions({
      access,
      observed: observedEmpty(),
      collections,
      collectionIds: new Map(),
      databaseId: null,
      deactivateRevoked: false,
    });
    const keys = items
      .filter((i) => i.action !== 'noop')
      .map((i) => `${i.kind} ${i.action} ${i.key}`);
    expect(keys).toContain('group create group:DTX reports: read');
    expect(keys).toContain('user create user:sam@northwind.example');
    expect(keys.some((k) => k.includes('Administrators') || k.includes('Analysts'))).toBe(false);
    // All Users: new collections would copy root's write (copy-parent-permissions!), and a new
    // database would give it native queries (set-new-database-permissions!): both fenced.
    const allUsers = items.find((i) => i.key === 'collection-access:All Users');
    expect(allUsers?.changes).toContainEqual({
      path: 'collection:custom:1001',
      before: 'write',
      after: 'none',
    });
    const data = items.find((i) => i.key === 'data-access:All Users');
    expect(data?.changes).toEqual([
      { path: 'create-queries', before: 'query-builder-and-native', after: 'no' },
    ]);
  });

  it('treats a UI edit on our collections as drift, and a left-over DTX reports group as ours to empty', () => {
    const observed: ObservedPermissions = {
      ...observedEmpty(),
      groups: [
        ...observedEmpty().groups,
        { id: 10, name: 'DTX reports: read', magic: null },
        { id: 11, name: 'DTX reports: customer Gone (999)', magic: null },
      ],
      users: [
        ...observedEmpty().users,
        {
          id: 5,
          email: 'Old@x.example',
          firstName: null,
          lastName: null,
          commonName: null,
          isSuperuser: false,
          isActive: true,
          groupIds: [1, 11],
        },
      ],
      memberships: [
        ...observedEmpty().memberships,
        { membershipId: 7, groupId: 11, userId: 5, isGroupManager: false },
      ],
      collectionGraph: {
        revision: 4,
        groups: {
          '1': { root: 'write', '21': 'write' },
          '10': { '20': 'read' },
          '11': { '20': 'read' },
        },
      },
    };
    const items = planPermissions({
      access,
      observed,
      collections,
      collectionIds: new Map([
        ['collection:root', 20],
        ['collection:custom', 21],
        ['collection:custom:1001', 22],
        ['collection:custom:1002', 23],
      ]),
      databaseId: 40,
      deactivateRevoked: true,
    });
    const byKey = new Map(items.map((i) => [i.key, i]));
    expect(byKey.get('collection-access:All Users')?.changes).toEqual([
      { path: 'collection:custom', before: 'write', after: 'none' },
    ]);
    expect(byKey.get('membership:DTX reports: customer Gone (999):old@x.example')?.action).toBe(
      'archive',
    );
    expect(byKey.get('collection-access:DTX reports: customer Gone (999)')?.changes).toEqual([
      { path: 'collection:root', before: 'read', after: 'none' },
    ]);
    expect(byKey.get('group:DTX reports: customer Gone (999)')?.action).toBe('noop');
    // Not in DTX 2.0's user list: never deactivated, even with the flag.
    expect(byKey.get('user:old@x.example')).toBeUndefined();
  });

  it('deactivates (with the flag) only DTX 2.0 users without a grant, in no other group, not admins', () => {
    const observed: ObservedPermissions = {
      ...observedEmpty(),
      users: [
        ...observedEmpty().users,
        {
          id: 5,
          email: 'gone@x.example',
          firstName: null,
          lastName: null,
          commonName: null,
          isSuperuser: false,
          isActive: true,
          groupIds: [1],
        },
        {
          id: 6,
          email: 'analyst@x.example',
          firstName: null,
          lastName: null,
          commonName: null,
          isSuperuser: false,
          isActive: true,
          groupIds: [1, 3],
        },
      ],
      memberships: [
        ...observedEmpty().memberships,
        { membershipId: 8, groupId: 1, userId: 5, isGroupManager: false },
        { membershipId: 9, groupId: 1, userId: 6, isGroupManager: false },
        { membershipId: 10, groupId: 3, userId: 6, isGroupManager: false },
      ],
    };
    const withUsers = desiredAccess(
      grants,
      ['gone@x.example', 'analyst@x.example', 'admin@x.example'],
      collections,
    );
    const plan = (flag: boolean) =>
      planPermissions({
        access: withUsers,
        observed,
        collections,
        collectionIds: new Map(),
        databaseId: null,
        deactivateRevoked: flag,
      }).filter((i) => i.kind === 'user' && i.action === 'archive');
    expect(plan(true).map((i) => i.key)).toEqual(['user:gone@x.example']);
    expect(plan(false)).toEqual([]);
  });
});
