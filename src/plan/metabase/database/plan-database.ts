import { planResources } from '../../plan-resources.ts';
import type { PlanItem } from '../../types.ts';
import type { KindPlanInput } from '../kind-planner.ts';
import { desiredDatabaseForm, observedDatabaseForm } from './database-comparable.ts';

/** The one connection Metabase reads the views through; never archived. */
export function planDatabase({ desired, observed }: KindPlanInput): PlanItem[] {
  const want = desired.database;
  const have = observed.database;
  return planResources({
    kind: 'database',
    prune: false,
    desired: [{ key: want.key, title: want.name, comparable: desiredDatabaseForm(want) }],
    observed: have
      ? [
          {
            key: want.key,
            title: have.name,
            remoteId: have.id,
            comparable: observedDatabaseForm(want, have),
          },
        ]
      : [],
  });
}
