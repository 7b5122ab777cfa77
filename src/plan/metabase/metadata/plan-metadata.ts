import {
  fieldKey,
  tableKey,
  type DesiredTableMetadata,
} from '../../../desired/metabase/desired-metadata.ts';
import type { DatabaseMetadata } from '../../../metabase/types.ts';
import { planResources } from '../../plan-resources.ts';
import type { PlanItem } from '../../types.ts';
import type { KindPlanInput } from '../kind-planner.ts';
import {
  desiredFieldForm,
  desiredTableForm,
  observedFieldForm,
  observedTableForm,
} from './metadata-comparable.ts';

/** Table and field metadata against what Metabase had synced when it was observed. */
export function planMetadata({ desired, observed }: KindPlanInput): PlanItem[] {
  return planMetadataItems(desired.tables, observed.metadata);
}

/**
 * Table and field metadata exists only once Metabase has synced the views: on a first run those
 * items are updates "known after sync", never creates (Metabase creates them, we label them).
 * The apply runner calls this again with the metadata a sync produced.
 */
export function planMetadataItems(
  tables: readonly DesiredTableMetadata[],
  metadata: DatabaseMetadata | null,
): PlanItem[] {
  const synced = new Map((metadata?.tables ?? []).map((t) => [`${t.schema}.${t.name}`, t]));
  const items: PlanItem[] = [];
  for (const table of tables) {
    const have = synced.get(`${table.schema}.${table.view}`);
    items.push(
      ...afterSync(
        planResources({
          kind: 'table',
          prune: false,
          desired: [
            {
              key: tableKey(table.schema, table.view),
              title: `${table.schema}.${table.view}`,
              comparable: desiredTableForm(table),
            },
          ],
          observed: have
            ? [
                {
                  key: tableKey(table.schema, table.view),
                  title: `${table.schema}.${table.view}`,
                  remoteId: have.id,
                  comparable: observedTableForm(have),
                },
              ]
            : [],
        }),
      ),
    );
    const fields = new Map((have?.fields ?? []).map((f) => [f.name, f]));
    items.push(
      ...afterSync(
        planResources({
          kind: 'field',
          prune: false,
          desired: table.fields.map((f) => ({
            key: fieldKey(table.schema, table.view, f.column),
            title: `${table.view}.${f.column}`,
            comparable: desiredFieldForm(f),
          })),
          observed: table.fields.flatMap((f) => {
            const field = fields.get(f.column);
            return field
              ? [
                  {
                    key: fieldKey(table.schema, table.view, f.column),
                    title: `${table.view}.${f.column}`,
                    remoteId: field.id,
                    comparable: observedFieldForm(field, f),
                  },
                ]
              : [];
          }),
        }),
      ),
    );
  }
  return items;
}

function afterSync(items: readonly PlanItem[]): PlanItem[] {
  return items.map((item) =>
    item.action === 'create'
      ? { ...item, action: 'update', note: 'known after Metabase syncs the view' }
      : item,
  );
}
