import { planResources } from '../../plan-resources.ts';
import type { PlanItem } from '../../types.ts';
import type { KindPlanInput } from '../kind-planner.ts';
import { settingForms } from './setting-comparable.ts';

/** Settings always exist in Metabase: each is an update or nothing, never a create. */
export function planSettings({ desired, observed }: KindPlanInput): PlanItem[] {
  const forms = settingForms(
    desired.state.settings.reportTimezone,
    desired.email,
    observed.settings,
    new Set(observed.envSettings.map((s) => s.key)),
  );
  return planResources({
    kind: 'setting',
    prune: false,
    desired: forms.map((w) => ({ key: w.key, title: w.title, comparable: w.want })),
    observed: forms.map((w) => ({
      key: w.key,
      title: w.title,
      remoteId: w.key.replace('setting:', ''),
      comparable: w.have,
    })),
  });
}
