import type { DesiredCollection } from '../../../desired/metabase/model.ts';
import type { Collection } from '../../../metabase/types.ts';
import type { IdNames } from '../managed-index.ts';
import { descriptionWithoutKey } from '../metabase-key-marker.ts';

/** Name, description and parent: what we set on a collection. */
export function desiredCollectionForm(c: DesiredCollection) {
  // No description and an empty one look the same in Metabase.
  return { name: c.name, description: c.description ?? '', parent: c.parent };
}

export function observedCollectionForm(c: Collection, names: IdNames) {
  return {
    name: c.name,
    // Our key marker is bookkeeping, not content.
    description: descriptionWithoutKey(c.description),
    // Parents compare by key; a parent that is not ours stays visible as `#id`.
    parent: c.parentId === null ? null : (names.collectionKey(c.parentId) ?? `#${c.parentId}`),
  };
}
