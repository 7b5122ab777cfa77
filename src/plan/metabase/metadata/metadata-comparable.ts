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

/**
 * A column's labels, semantic type, visibility and value list: the only field properties we set.
 * semanticType and hasFieldValues are compared only where the files give one: null leaves them
 * to Metabase, whose analysis classifies fields (nil types only) after every sync.
 */
export function desiredFieldForm(f: DesiredFieldMetadata) {
  return {
    displayName: f.displayName,
    description: f.description,
    ...(f.semanticType === null ? {} : { semanticType: f.semanticType }),
    visibility: f.visibility,
    ...(f.hasFieldValues === null ? {} : { hasFieldValues: f.hasFieldValues }),
  };
}

export function observedFieldForm(f: Field, desired: DesiredFieldMetadata) {
  return {
    displayName: f.displayName,
    // Absent and null mean the same to Metabase; our files say null.
    description: f.description ?? null,
    ...(desired.semanticType === null ? {} : { semanticType: f.semanticType ?? null }),
    visibility: f.visibilityType,
    ...(desired.hasFieldValues === null ? {} : { hasFieldValues: f.hasFieldValues }),
  };
}
