import { describe, expect, it } from 'vitest';
import type { DesiredTableMetadata } from '../../../../src/desired/metabase/desired-metadata.ts';
import { databaseMetadataSchema } from '../../../../src/metabase/responses.ts';
import { planMetadataItems } from '../../../../src/plan/metabase/metadata/plan-metadata.ts';
import { eras, expectGolden, recorded } from '../recorded-metabase.ts';

/** Labels as they are in the recorded metadata of public.orders, one of them changed in code. */
const tables: readonly DesiredTableMetadata[] = [
  {
    schema: 'public',
    view: 'orders',
    displayName: 'Orders',
    description:
      'This table has basic information about orders, as well as some derived facts based on payments',
    fields: [
      {
        column: 'order_id',
        displayName: 'Order ID',
        description: 'This is a unique identifier for an order',
        semanticType: 'type/PK',
        visibility: 'normal',
        hasFieldValues: null,
      },
      {
        column: 'status',
        displayName: 'Order status',
        description: null,
        semanticType: 'type/Category',
        visibility: 'hidden',
        hasFieldValues: null,
      },
    ],
  },
  {
    schema: 'public',
    view: 'not_synced_yet',
    displayName: 'Not synced yet',
    description: null,
    fields: [
      {
        column: 'id',
        displayName: 'ID',
        description: null,
        semanticType: null,
        visibility: 'normal',
        hasFieldValues: null,
      },
    ],
  },
];

describe('table and field metadata: a recorded GET /api/database/:id/metadata answer', () => {
  it('unchanged labels are noop, changed ones updates, unsynced ones updates known after sync', () => {
    const metadata = recorded('mbql5', 'database/2/metadata.json', databaseMetadataSchema);
    const plan = planMetadataItems(tables, metadata);
    expect(plan.map((i) => [i.key, i.action])).toEqual([
      ['table:public.orders', 'noop'],
      ['field:public.orders.order_id', 'noop'],
      ['field:public.orders.status', 'update'],
      ['table:public.not_synced_yet', 'update'],
      ['field:public.not_synced_yet.id', 'update'],
    ]);
    expect(plan.filter((i) => i.note === 'known after Metabase syncs the view')).toHaveLength(2);
    expectGolden('metadata', plan);
  });

  it('reads both eras the same way', () => {
    const [old, now] = eras.map((era) =>
      planMetadataItems(tables, recorded(era, 'database/2/metadata.json', databaseMetadataSchema)),
    );
    expect(now).toEqual(old);
  });
});
