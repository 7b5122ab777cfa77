import type { FieldChange } from './types.ts';

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

function isRecord(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Field-level differences between two normalised JSON-like values. Objects are compared key by
 * key (sorted, so the output is stable); arrays of equal length element by element; arrays whose
 * length changed are reported whole, which reads better than a cascade of shifted elements.
 * `undefined` and a missing key are the same thing.
 */
export function diffValues(before: unknown, after: unknown, path = ''): FieldChange[] {
  // The common case on a second run: the same string, number or boolean on both sides. Equal
  // values always give equal canonical JSON, so this only skips serialising them.
  if (before === after) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) =>
      diffValues(before[key], after[key], path ? `${path}.${key}` : key),
    );
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((element: unknown, index) =>
      diffValues(element, after[index], `${path}[${index}]`),
    );
  }
  if (sameJson(before, after)) return [];
  return [{ path: path || '(value)', before: before ?? null, after: after ?? null }];
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** JSON with object keys sorted: equal values give equal strings. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'undefined';
}

function sortKeys(value: unknown): Json | undefined {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v) ?? null);
  if (isRecord(value)) {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value).sort()) {
      const v = sortKeys(value[key]);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  return undefined;
}
