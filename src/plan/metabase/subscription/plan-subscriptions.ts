import { planResources } from '../../plan-resources.ts';
import type { PlanItem } from '../../types.ts';
import { observedResources, type KindPlanInput } from '../kind-planner.ts';
import { nameWithoutKey } from '../metabase-key-marker.ts';
import { desiredSubscriptionForm, observedSubscriptionForm } from './subscription-comparable.ts';

export function planSubscriptions({ desired, index, prune }: KindPlanInput): PlanItem[] {
  return planResources({
    kind: 'subscription',
    prune,
    desired: desired.state.subscriptions.map((s) => ({
      key: s.key,
      title: s.name,
      comparable: desiredSubscriptionForm(s),
    })),
    observed: observedResources(
      index.pulses,
      (p) => nameWithoutKey(p.name),
      (p) => observedSubscriptionForm(p, index.names),
    ),
  });
}
