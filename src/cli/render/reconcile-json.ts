import type { ReconcileReport } from '../../reconcile/types.ts';

/** reconcile's report for machines: the whole result, plus the verdict the exit code follows. */
export function renderReconcileJson(
  report: ReconcileReport,
  verdict: { readonly tolerance: string; readonly within: boolean },
): string {
  return `${JSON.stringify({ ...report, verdict }, null, 2)}\n`;
}
