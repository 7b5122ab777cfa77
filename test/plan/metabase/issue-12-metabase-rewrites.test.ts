import { describe, expect, it } from 'vitest';
import { cardSchema } from '../../../src/metabase/responses.ts';
import type { DatabaseMetadata, Pulse } from '../../../src/metabase/types.ts';
import {
  channelDetailsWithKey,
  keyFromPulse,
  nameWithKey,
} from '../../../src/plan/metabase/metabase-key-marker.ts';
import { planMetadataItems } from '../../../src/plan/metabase/metadata/plan-metadata.ts';
import type { DesiredTableMetadata } from '../../../src/desired/metabase/desired-metadata.ts';

/**
 * Pure consequences of what real Metabase rewrites behind our back (issue 12): a subscription
 * renamed by the dashboard-update event is still ours; a semantic type set by analysis where we
 * want none is not drift; a foreign card of a newer shape does not break the card list.
 */

const pulse = (over: Partial<Pulse>): Pulse => ({
  id: 7,
  entityId: null,
  name: 'Account Master — Summit Health Systems',
  dashboardId: 3,
  collectionId: null,
  archived: false,
  skipIfEmpty: false,
  parameters: [],
  cards: [],
  channels: [],
  ...over,
});

const emailChannel = (details: Record<string, string>) => ({
  id: 11,
  channelType: 'email' as const,
  enabled: true,
  scheduleType: 'weekly' as const,
  scheduleHour: 6,
  scheduleDay: 'fri' as const,
  scheduleFrame: null,
  recipients: [],
  details,
});

describe('subscription identity', () => {
  it('survives the dashboard-update rename: the key is in the channel details', () => {
    const renamed = pulse({
      channels: [emailChannel(channelDetailsWithKey('subscription:schedule:46:fri'))],
    });
    expect(keyFromPulse(renamed)).toBe('subscription:schedule:46:fri');
  });

  it('still finds a subscription keyed the old way, by its name suffix', () => {
    const legacy = pulse({ name: nameWithKey('Account Master', 'subscription:schedule:1:mon') });
    expect(keyFromPulse(legacy)).toBe('subscription:schedule:1:mon');
    expect(keyFromPulse(pulse({}))).toBeNull();
  });
});

describe('semantic types set by analysis', () => {
  const desired: DesiredTableMetadata[] = [
    {
      schema: 'reporting',
      view: 'acct_vendors',
      displayName: 'Vendors',
      description: null,
      fields: [
        {
          column: 'Vendor Code',
          displayName: 'Vendor Code',
          description: null,
          semanticType: null,
          visibility: 'normal',
          hasFieldValues: null,
        },
      ],
    },
  ];
  const observed = (semanticType: string | null): DatabaseMetadata => ({
    id: 1,
    name: 'DTX',
    tables: [
      {
        id: 2,
        dbId: 1,
        schema: 'reporting',
        name: 'acct_vendors',
        displayName: 'Vendors',
        description: null,
        visibilityType: null,
        active: true,
        fields: [
          {
            id: 3,
            tableId: 2,
            name: 'Vendor Code',
            displayName: 'Vendor Code',
            description: null,
            baseType: 'type/Text',
            effectiveType: 'type/Text',
            semanticType,
            databaseType: 'text',
            visibilityType: 'normal',
            hasFieldValues: 'auto-list',
            position: 0,
            active: true,
          },
        ],
      },
    ],
  });

  it('a type analysis assigned where the files say null is not drift', () => {
    const items = planMetadataItems(desired, observed('type/Company'));
    expect(items.map((i) => `${i.kind} ${i.action}`)).toEqual(['table noop', 'field noop']);
  });

  it('a type the files do say is still compared', () => {
    const typed = [
      {
        ...desired[0]!,
        fields: [{ ...desired[0]!.fields[0]!, semanticType: 'type/Category' }],
      },
    ];
    const items = planMetadataItems(typed, observed('type/Company'));
    expect(items.find((i) => i.kind === 'field')?.action).toBe('update');
  });
});

describe('cards we do not manage are parsed leniently', () => {
  const card = (tags: Record<string, unknown>) => ({
    id: 5,
    name: 'Foreign',
    description: null,
    display: 'table',
    archived: false,
    collection_id: null,
    database_id: 1,
    dataset_query: {
      'lib/type': 'mbql/query',
      database: 1,
      stages: [{ 'lib/type': 'mbql.stage/native', native: 'SELECT 1', 'template-tags': tags }],
    },
  });

  it('reads a `table` template tag (0.59+)', () => {
    const parsed = cardSchema.parse(
      card({ t: { name: 't', 'display-name': 'T', type: 'table', 'table-name': 'x' } }),
    );
    expect(parsed.query.kind).toBe('native');
  });

  it('keeps a card of a shape it does not know as unreadable instead of failing', () => {
    const parsed = cardSchema.parse(
      card({ t: { name: 't', 'display-name': 'T', type: 'some-future-type' } }),
    );
    expect(parsed.query).toEqual({
      kind: 'unreadable',
      problem: 'template tag "t" has unknown type "some-future-type"',
    });
  });
});
