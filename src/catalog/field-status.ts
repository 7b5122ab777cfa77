import type { FieldDefinition } from '../legacy/types.ts';
import type { CatalogField, FieldCatalog } from './field-catalog.ts';

/**
 * What becomes of one legacy field definition. Retired (active = 0) wins over the catalog: a
 * retired field is never mapped, even if the catalog knows its name. A name the catalog does not
 * define is unmapped: never guessed from its legacy select_expression.
 */
export type FieldStatus =
  | { readonly status: 'mapped'; readonly field: CatalogField }
  | { readonly status: 'retired' }
  | { readonly status: 'unmapped' };

export function fieldStatus(definition: FieldDefinition, catalog: FieldCatalog): FieldStatus {
  if (!definition.active) return { status: 'retired' };
  const field = catalog.fields.get(definition.name);
  return field ? { status: 'mapped', field } : { status: 'unmapped' };
}
