import { isRecord } from './sql-parser.ts';

/**
 * Reading libpg-query's JSON parse tree. A node is an object with one key, its type
 * (`{ "ColumnRef": {...} }`); fields the C struct declares with a concrete type (a `SelectStmt`'s
 * `larg`, `withClause`, `intoClause`, a `relation`'s RangeVar) come without that wrapper.
 */

export type Tree = Readonly<Record<string, unknown>>;

/** `{ "SelectStmt": body }` → `["SelectStmt", body]`; null for anything else. */
export function nodeOf(value: unknown): readonly [string, Tree] | null {
  if (!isRecord(value)) return null;
  const keys = Object.keys(value);
  const type = keys[0];
  if (keys.length !== 1 || type === undefined || !/^[A-Z]/.test(type)) return null;
  const body = value[type];
  return isRecord(body) ? [type, body] : null;
}

/** A list of `{ "String": { "sval": … } }` (qualified names, operator names) as strings. */
export function names(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown) => {
    const node = nodeOf(item);
    const text = node?.[0] === 'String' ? node[1]['sval'] : undefined;
    return typeof text === 'string' ? text : '';
  });
}

export function field(tree: Tree, name: string): unknown {
  return tree[name];
}

export function stringField(tree: Tree, name: string): string | null {
  const value = tree[name];
  return typeof value === 'string' ? value : null;
}

export function listField(tree: Tree, name: string): readonly unknown[] {
  const value = tree[name];
  return Array.isArray(value) ? value : [];
}

export function location(tree: Tree): number | null {
  const value = tree['location'];
  return typeof value === 'number' ? value : null;
}

/** A RangeVar's body, wrapped or bare (`relname` is what makes one). */
export function rangeVarOf(value: unknown): Tree | null {
  const node = nodeOf(value);
  if (node?.[0] === 'RangeVar') return node[1];
  return isRecord(value) && typeof value['relname'] === 'string' ? value : null;
}
