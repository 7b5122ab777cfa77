import { fieldKey, tableKey } from '../../desired/metabase/desired-metadata.ts';
import type { PlanItem } from '../../plan/types.ts';
import { mapWithConcurrency } from '../../concurrency.ts';
import { count, type ApplyRun, type KindApplier } from './apply-run.ts';

/** Labels on the synced tables and columns: updates only (Metabase creates them by syncing). */
async function applyMetadata(items: readonly PlanItem[], run: ApplyRun): Promise<void> {
  const { client, desired, options } = run;
  const tablesByKey = new Map(desired.tables.map((t) => [tableKey(t.schema, t.view), t]));
  const fieldsByKey = new Map(
    desired.tables.flatMap((t) => t.fields.map((f) => [fieldKey(t.schema, t.view, f.column), f])),
  );
  options.progress.phase('table and field metadata', items.length);
  await mapWithConcurrency(items, options.concurrency, async (item) => {
    const id = Number(item.remoteId);
    if (item.kind === 'table') {
      const t = tablesByKey.get(item.key);
      if (!t) return;
      await client.updateTable(id, { displayName: t.displayName, description: t.description });
    } else {
      const f = fieldsByKey.get(item.key);
      if (!f) return;
      // A null semantic type is not sent: analysis may have classified the field meanwhile,
      // and that type is left standing (the plan does not compare it either).
      await client.updateField(id, {
        displayName: f.displayName,
        description: f.description,
        ...(f.semanticType === null ? {} : { semanticType: f.semanticType }),
        visibilityType: f.visibility,
        ...(f.hasFieldValues === null ? {} : { hasFieldValues: f.hasFieldValues }),
      });
    }
    count(run, item.kind, 'updated');
    options.progress.step(`update ${item.title}`);
  });
}

export const metadataApplier: KindApplier = { kinds: ['table', 'field'], apply: applyMetadata };
