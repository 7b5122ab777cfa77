import { planResources } from '../../plan-resources.ts';
import type { PlanItem } from '../../types.ts';
import { observedResources, type KindPlanInput } from '../kind-planner.ts';
import { desiredCollectionForm, observedCollectionForm } from './collection-comparable.ts';

export function planCollections({ desired, index, prune }: KindPlanInput): PlanItem[] {
  return planResources({
    kind: 'collection',
    prune,
    desired: desired.state.collections.map((c) => ({
      key: c.key,
      title: c.name,
      comparable: desiredCollectionForm(c),
    })),
    observed: observedResources(
      index.collections,
      (c) => c.name,
      (c) => observedCollectionForm(c, index.names),
    ),
  });
}
