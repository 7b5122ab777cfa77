import { planResources } from '../../plan-resources.ts';
import type { PlanItem } from '../../types.ts';
import { observedResources, type KindPlanInput } from '../kind-planner.ts';
import { nameWithoutKey } from '../metabase-key-marker.ts';
import { desiredSubscriptionForm, observedSubscriptionForm } from './subscription-comparable.ts';

/**
 * Metabase lists no subscription of a trashed dashboard (`retrieve-pulses`,
 * src/metabase/pulse/models/pulse.clj), active or archived: a create planned for one may be a
 * subscription that is only hidden. Apply restores the dashboard first and plans its
 * subscriptions again (apply-subscriptions.ts); the plan says so.
 */
export function planSubscriptions({ desired, index, prune }: KindPlanInput): PlanItem[] {
  const trashed = new Set([...index.dashboards].filter(([, d]) => d.archived).map(([key]) => key));
  const dashboardOf = new Map<string, string>(
    desired.state.subscriptions.map((s) => [s.key, s.dashboard]),
  );
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
  }).map((item) =>
    item.action === 'create' && trashed.has(dashboardOf.get(item.key) ?? '')
      ? {
          ...item,
          note: 'its dashboard is in the trash, where Metabase lists no subscription: provision restores the dashboard first and looks its subscriptions up again',
        }
      : item,
  );
}
