import { describe, expect, it } from 'vitest';
import type { Card, Pulse } from '../../../src/metabase/types.ts';
import { describeWithKey, nameWithKey } from '../../../src/plan/metabase/metabase-key-marker.ts';
import { duplicateWarnings } from '../../../src/plan/metabase/managed-index.ts';
import type { ObservedMetabase } from '../../../src/plan/metabase/metabase-state.ts';

const card = (id: number, name: string, key: string | null, archived = false): Card => ({
  id,
  entityId: null,
  name,
  description: key === null ? 'by hand' : describeWithKey('A report.', key),
  display: 'table',
  type: 'question',
  collectionId: null,
  collectionPosition: null,
  archived,
  databaseId: 1,
  query: { kind: 'structured', database: 1 },
  visualizationSettings: {},
  parameters: [],
});

const pulse = (id: number, name: string): Pulse => ({
  id,
  entityId: null,
  name,
  dashboardId: null,
  collectionId: null,
  archived: false,
  skipIfEmpty: false,
  parameters: [],
  cards: [],
  channels: [],
});

const observed = (cards: readonly Card[], pulses: readonly Pulse[] = []): ObservedMetabase => ({
  database: null,
  metadata: null,
  collections: [],
  cards,
  dashboards: [],
  pulses,
  settings: {},
  envSettings: [],
});

describe('duplicateWarnings', () => {
  it('names an active copy of a managed question (the UI copies our marker) and its owner', () => {
    const warnings = duplicateWarnings(
      observed([
        card(7, 'COI Expired', 'question:report:10'),
        card(12, 'COI Expired - Duplicate', 'question:report:10'),
        card(13, 'Mine', null),
      ]),
    );
    expect(warnings).toEqual([
      'question 12 "COI Expired - Duplicate" carries the key question:report:10 of question 7: ' +
        'it is not managed and is left alone; take the dtx-reports marker out of it or delete it.',
    ]);
  });

  it('says nothing about copies in the trash, or when each key has one object', () => {
    expect(
      duplicateWarnings(
        observed(
          [
            card(7, 'COI Expired', 'question:report:10'),
            card(3, 'old copy', 'question:report:10', true),
            card(8, 'COI Compliant', 'question:report:12'),
          ],
          [pulse(1, nameWithKey('Weekly', 'subscription:schedule:1:mon'))],
        ),
      ),
    ).toEqual([]);
  });

  it('shows a copied subscription by its name without the marker', () => {
    const key = 'subscription:schedule:1:mon';
    const warnings = duplicateWarnings(
      observed([], [pulse(1, nameWithKey('Weekly', key)), pulse(2, nameWithKey('Weekly', key))]),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^subscription 2 "Weekly" carries the key .* of subscription 1:/);
  });
});
