import type { DatabaseRec, EmulatorState } from './state.ts';

/**
 * The analysis step that follows every sync (`analyze-db!`): of Metabase's classifiers only the
 * name classifier (src/metabase/analyze/classifiers/name.clj, `pattern+base-types+semantic-type`,
 * a subset of its patterns below) — the emulator keeps no fingerprints. As in Metabase's
 * classifier pass, a semantic type is only ever set on a field whose semantic_type is nil: one
 * a person (or a provisioning tool) chose is never overwritten, but one written as null before
 * analysis ran is filled in afterwards.
 */

const text = ['type/Text'];
const intOrText = ['type/Integer', 'type/BigInteger', 'type/Text'];
const int = ['type/Integer', 'type/BigInteger'];
const number = ['type/Integer', 'type/BigInteger', 'type/Float', 'type/Decimal'];
const date = ['type/Date'];
const timestamp = ['type/DateTime', 'type/DateTimeWithLocalTZ'];

const patterns: readonly (readonly [RegExp, readonly string[], string])[] = [
  [/^.*_type$/, intOrText, 'type/Category'],
  [/^.*_url$/, text, 'type/URL'],
  [/^city$/, text, 'type/City'],
  [/^country/, text, 'type/Country'],
  [/^first(?:_?)name$/, text, 'type/Name'],
  [/^full(?:_?)name$/, text, 'type/Name'],
  [/^last(?:_?)name$/, text, 'type/Name'],
  [/^name$/, text, 'type/Name'],
  [/^status$/, intOrText, 'type/Category'],
  [/^type$/, intOrText, 'type/Category'],
  [/^zip(?:_?)code$/, intOrText, 'type/ZipCode'],
  [/quantity/, int, 'type/Quantity'],
  [/count$/, int, 'type/Quantity'],
  [/create/, date, 'type/CreationDate'],
  [/create/, timestamp, 'type/CreationTimestamp'],
  [/update/, date, 'type/UpdatedDate'],
  [/update/, timestamp, 'type/UpdatedTimestamp'],
  [/cost/, number, 'type/Cost'],
  [/company/, intOrText, 'type/Company'],
  [/vendor/, intOrText, 'type/Company'],
  [/description/, text, 'type/Description'],
  [/title/, text, 'type/Title'],
];

function semanticTypeForName(name: string, baseType: string): string | null {
  const lower = name.toLowerCase();
  for (const [pattern, baseTypes, semanticType] of patterns) {
    if (baseTypes.includes(baseType) && pattern.test(lower)) return semanticType;
  }
  return null;
}

export function analyzeFields(state: EmulatorState, database: DatabaseRec): void {
  const now = state.timestamp();
  for (const field of state.fields.values()) {
    const table = state.tables.get(field.table_id);
    if (table?.db_id !== database.id || !field.active || field.semantic_type !== null) continue;
    const inferred = semanticTypeForName(field.name, field.base_type);
    if (inferred === null) continue;
    field.semantic_type = inferred;
    field.updated_at = now;
  }
}
