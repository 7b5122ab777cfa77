import type { PlanItem } from '../types.ts';
import { planCollections } from './collection/plan-collections.ts';
import { planDashboards } from './dashboard/plan-dashboards.ts';
import { planDatabase } from './database/plan-database.ts';
import type { KindPlanner } from './kind-planner.ts';
import { indexManaged } from './managed-index.ts';
import type { DesiredMetabase, ObservedMetabase } from './metabase-state.ts';
import { planMetadata } from './metadata/plan-metadata.ts';
import { planQuestions } from './question/plan-questions.ts';
import { planSettings } from './setting/plan-settings.ts';
import { planSubscriptions } from './subscription/plan-subscriptions.ts';

/** One planner per kind, in the order the kinds are applied (a kind refers only to earlier ones). */
const planners: readonly KindPlanner[] = [
  planDatabase,
  planMetadata,
  planCollections,
  planQuestions,
  planDashboards,
  planSubscriptions,
  planSettings,
];

export interface PlanMetabaseOptions {
  readonly prune: boolean;
}

/** Desired vs observed Metabase state → plan items, kind by kind. Pure. */
export function planMetabase(
  desired: DesiredMetabase,
  observed: ObservedMetabase,
  options: PlanMetabaseOptions,
): PlanItem[] {
  const input = { desired, observed, index: indexManaged(observed), prune: options.prune };
  return planners.flatMap((plan) => plan(input));
}
