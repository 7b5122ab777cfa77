import type { DesiredDashboard } from '../../../desired/metabase/model.ts';
import type { Dashboard } from '../../../metabase/types.ts';
import { idOrNull } from '../kind-planner.ts';
import type { IdNames } from '../managed-index.ts';
import { descriptionWithoutKey } from '../metabase-key-marker.ts';

/** A dashboard as we compare it: parameters by id, cards by position, questions by key. */
export function desiredDashboardForm(d: DesiredDashboard) {
  return {
    name: d.name,
    description: d.description,
    collection: d.collection,
    // Parameters are matched by id in Metabase; their order in the list means nothing.
    parameters: [...d.parameters]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((p) => ({
        id: p.id,
        name: p.name,
        slug: p.slug,
        type: p.type,
        sectionId: p.sectionId,
        default: p.default,
        required: p.required,
      })),
    // Metabase returns dashcards in its own order; position is what a person sees.
    dashcards: [...d.dashcards]
      .sort((a, b) => a.row - b.row || a.col - b.col)
      .map((c) => ({
        question: c.question,
        row: c.row,
        col: c.col,
        sizeX: c.sizeX,
        sizeY: c.sizeY,
        parameterMappings: [...c.parameterMappings]
          .map((m) => ({ parameterId: m.parameterId, target: m.target }))
          .sort(byParameterId),
      })),
  };
}

export function observedDashboardForm(d: Dashboard, names: IdNames) {
  return {
    name: d.name,
    // Our key marker is bookkeeping, not content.
    description: descriptionWithoutKey(d.description),
    collection: names.collectionKey(d.collectionId) ?? idOrNull(d.collectionId),
    parameters: [...d.parameters]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((p) => ({
        id: p.id,
        name: p.name,
        slug: p.slug,
        type: p.type,
        sectionId: p.sectionId,
        // Metabase keeps "no default" as an absent key; our files say null.
        default: p.default ?? null,
        required: p.required,
      })),
    dashcards: [...d.dashcards]
      .sort((a, b) => a.row - b.row || a.col - b.col)
      .map((c) => ({
        // Dashcard ids and card ids are Metabase's; the question key is ours.
        question: names.questionKey(c.cardId) ?? idOrNull(c.cardId),
        row: c.row,
        col: c.col,
        sizeX: c.sizeX,
        sizeY: c.sizeY,
        // A mapping's card id repeats the dashcard's: only parameter and target matter.
        parameterMappings: c.parameterMappings
          .map((m) => ({ parameterId: m.parameterId, target: m.target }))
          .sort(byParameterId),
      })),
  };
}

function byParameterId(
  a: { readonly parameterId: string },
  b: { readonly parameterId: string },
): number {
  return a.parameterId.localeCompare(b.parameterId);
}
