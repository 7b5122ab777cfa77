import type {
  DesiredFieldMetadata,
  DesiredTableMetadata,
} from '../../../desired/metabase/desired-metadata.ts';
import type { Field, Table } from '../../../metabase/types.ts';

/** A table's labels: the only table properties we set. */
export function desiredTableForm(t: DesiredTableMetadata) {
  return { displayName: t.displayName, description: t.description };
}

export function observedTableForm(t: Table) {
  // Metabase leaves out an unset description; our files say null.
  return { displayName: t.displayName, description: t.description ?? null };
}

/** A column's labels, semantic type and visibility: the only field properties we set. */
export function desiredFieldForm(f: DesiredFieldMetadata) {
  return {
    displayName: f.displayName,
    description: f.description,
    semanticType: f.semanticType,
    visibility: f.visibility,
  };
}

export function observedFieldForm(f: Field) {
  return {
    displayName: f.displayName,
    // Absent and null mean the same to Metabase; our files say null.
    description: f.description ?? null,
    semanticType: f.semanticType ?? null,
    visibility: f.visibilityType,
  };
}
