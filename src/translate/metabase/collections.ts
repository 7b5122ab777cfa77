import type { ReportCategory } from '../../legacy/types.ts';
import type { CustomerName } from './customer-names.ts';
import { keys } from '../../desired/metabase/keys.ts';
import type { CollectionKey, DesiredCollection } from '../../desired/metabase/model.ts';

/** Collection names for categories whose legacy name reads badly in Metabase. */
const categoryNames: Readonly<Record<number, string>> = {
  8: 'Special Requests',
};

function categoryCollectionName(categoryId: number, category: ReportCategory | undefined): string {
  return categoryNames[categoryId] ?? category?.name.trim() ?? `Category ${categoryId}`;
}

export const rootCollection: DesiredCollection = {
  key: keys.rootCollection,
  name: 'DTX Reports',
  parent: null,
  description:
    'Reports carried over from DTX 1.0. Managed by dtx-reports: edit the code, not the UI.',
};

export function categoryCollection(
  categoryId: number,
  category: ReportCategory | undefined,
): DesiredCollection {
  return {
    key: keys.categoryCollection(categoryId),
    name: categoryCollectionName(categoryId, category),
    parent: keys.rootCollection,
    description: category?.description?.trim() || null,
  };
}

export const customCollection: DesiredCollection = {
  key: keys.customCollection,
  name: 'Custom',
  parent: keys.rootCollection,
  description: 'Reports DTX 1.0 customers built for themselves, one collection per customer.',
};

export function customerCollection(customerId: number, name: CustomerName): DesiredCollection {
  return {
    key: keys.customerCollection(customerId),
    name: name(customerId),
    parent: keys.customCollection,
    description: `Reports of DTX 1.0 customer ${customerId}.`,
  };
}

export const deliveriesCollection: DesiredCollection = {
  key: keys.deliveriesCollection,
  name: 'Scheduled deliveries',
  parent: keys.rootCollection,
  description:
    'One dashboard per (report, customer) emailed on the DTX 1.0 schedules. Each shows only that customer.',
};

export const overviewCollection: DesiredCollection = {
  key: keys.overviewCollection,
  name: 'Compliance overview',
  parent: keys.rootCollection,
  description: 'Questions behind the compliance overview dashboard.',
};

/**
 * Metabase allows two sibling collections with one name, people do not: a clash (e.g. a system
 * report in legacy category "Custom" beside the customers' `Custom`) gets its key appended.
 */
export function disambiguateSiblings(
  collections: readonly DesiredCollection[],
): readonly DesiredCollection[] {
  const count = new Map<string, number>();
  const id = (c: DesiredCollection): string => `${c.parent ?? ''}\u0000${c.name.toLowerCase()}`;
  for (const c of collections) count.set(id(c), (count.get(id(c)) ?? 0) + 1);
  return collections.map((c) =>
    (count.get(id(c)) ?? 0) > 1 && !isFixed(c.key)
      ? { ...c, name: `${c.name} (${c.key.split(':').slice(1).join(' ')})` }
      : c,
  );
}

function isFixed(key: CollectionKey): boolean {
  return (
    key === keys.customCollection ||
    key === keys.deliveriesCollection ||
    key === keys.overviewCollection
  );
}
