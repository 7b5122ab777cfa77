import { describe, expect, it } from 'vitest';
import type { DesiredDashboard } from '../../../../src/desired/metabase/model.ts';
import { cardSchema, dashboardSchema } from '../../../../src/metabase/responses.ts';
import { observedDashboardForm } from '../../../../src/plan/metabase/dashboard/dashboard-comparable.ts';
import { planDashboards } from '../../../../src/plan/metabase/dashboard/plan-dashboards.ts';
import { indexManaged } from '../../../../src/plan/metabase/managed-index.ts';
import { describeWithKey } from '../../../../src/plan/metabase/metabase-key-marker.ts';
import {
  desiredMetabase,
  eras,
  expectGolden,
  observedMetabase,
  recorded,
  type Era,
} from '../recorded-metabase.ts';

/**
 * Recorded dashboard 2 (dashcards showing cards 27, 28, 29), marked as ours with cards 27 and 29;
 * card 28 is not ours, so its dashcard must stay visible as `#28`. The dashboard sat in no
 * collection when recorded; here it sits in collection 3, ours.
 */
function observed(era: Era) {
  const dashboard = recorded(era, 'dashboard/2.json', dashboardSchema);
  const card = (n: number) => {
    const c = recorded(era, `card/${n}.json`, cardSchema);
    return { ...c, description: describeWithKey(c.description ?? '', `question:report:${n}`) };
  };
  return observedMetabase({
    collections: [],
    cards: [card(27), card(29)],
    dashboards: [
      {
        ...dashboard,
        description: describeWithKey(dashboard.description ?? '', 'dashboard:overview'),
      },
    ],
  });
}

const dashboards: readonly DesiredDashboard[] = [
  {
    key: 'dashboard:overview',
    name: 'The Dashboard',
    description: 'Dashboard is a dashboard is a dashboard',
    collection: 'collection:reports',
    parameters: [],
    dashcards: [
      { question: 'question:report:29', row: 9, col: 0, sizeX: 6, sizeY: 3, parameterMappings: [] },
      {
        question: 'question:report:27',
        row: 0,
        col: 0,
        sizeX: 12,
        sizeY: 9,
        parameterMappings: [],
      },
      {
        question: 'question:report:28',
        row: 0,
        col: 12,
        sizeX: 12,
        sizeY: 9,
        parameterMappings: [],
      },
    ],
  },
];

describe('dashboard kind: a recorded GET /api/dashboard/:id answer', () => {
  const planFor = (era: Era) => {
    const o = observed(era);
    const index = indexManaged(o);
    const desired = desiredMetabase({ state: { dashboards } });
    return {
      observed: [...index.dashboards].map(([key, d]) => [
        key,
        observedDashboardForm(d, index.names),
      ]),
      plan: planDashboards({ desired, observed: o, index, prune: false }),
    };
  };

  it('dashcards compare by position and question key; a card that is not ours shows as #id', () => {
    const { observed: forms, plan } = planFor('mbql5');
    expect(plan.map((i) => [i.key, i.action, i.changes.map((c) => c.path)])).toEqual([
      ['dashboard:overview', 'update', ['collection', 'dashcards[1].question']],
    ]);
    expect(plan[0]?.changes.find((c) => c.path === 'dashcards[1].question')?.before).toBe('#28');
    expectGolden('dashboard', { observed: forms, plan });
  });

  it('reads both eras the same way', () => {
    const [old, now] = eras.map(planFor);
    expect(now).toEqual(old);
  });
});
