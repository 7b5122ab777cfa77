import { planResources } from '../../plan-resources.ts';
import type { PlanItem } from '../../types.ts';
import { observedResources, type KindPlanInput } from '../kind-planner.ts';
import { desiredDashboardForm, observedDashboardForm } from './dashboard-comparable.ts';

export function planDashboards({ desired, index, prune }: KindPlanInput): PlanItem[] {
  return planResources({
    kind: 'dashboard',
    prune,
    desired: desired.state.dashboards.map((d) => ({
      key: d.key,
      title: d.name,
      comparable: desiredDashboardForm(d),
    })),
    observed: observedResources(
      index.dashboards,
      (d) => d.name,
      (d) => observedDashboardForm(d, index.names),
    ),
  });
}
