import type { TemplateTag } from '../metabase/model.ts';
import type { NativePart } from '../metabase/native-query-template.ts';

/**
 * Every text Metabase can send for a question, with each `{{tag}}` replaced by a positional
 * parameter (`$1`, `$2`, …) standing for its value: a variable is pasted as one literal, a field
 * filter as one boolean expression, and `$n` is exactly one expression in Postgres' grammar too.
 * A `[[ … ]]` clause is present when all its tags have a value, so the texts differ by which
 * optional tags have one; all combinations are produced.
 *
 * A placeholder that does not come back from the parser as a parameter sat inside a comment or
 * a string literal: the checks refuse that, since what Metabase pastes there is not an
 * expression either.
 */

export interface Placeholder {
  readonly number: number;
  readonly tag: string;
  /** Where `$n` starts in the expansion: a `$n` anywhere else was in the SQL itself. */
  readonly at: number;
  /** Inside `[[ ]]`. */
  readonly optional: boolean;
}

export interface Expansion {
  readonly sql: string;
  readonly placeholders: readonly Placeholder[];
  /** Optional tags without a value in this expansion (their clauses left out). */
  readonly unset: readonly string[];
  /** An offset in `sql` as an offset in the question's SQL. */
  readonly originalOffset: (offset: number) => number;
}

/** More optional tags than this would need more than 1,024 expansions per question. */
export const maxOptionalTags = 10;

export function questionExpansions(
  parts: readonly NativePart[],
  tags: readonly TemplateTag[],
): readonly Expansion[] | { readonly tooManyOptionalTags: number } {
  const byName = new Map(tags.map((tag) => [tag.name, tag]));
  const optionalNames = [
    ...new Set(
      parts.flatMap((part) =>
        part.kind === 'optional'
          ? part.parts.flatMap((inner) => (inner.kind === 'tag' ? [inner.name] : []))
          : [],
      ),
    ),
    // A required tag always has a value (or the question does not run at all).
  ].filter((name) => byName.get(name)?.required !== true);
  if (optionalNames.length > maxOptionalTags) {
    return { tooManyOptionalTags: optionalNames.length };
  }
  const expansions = new Map<string, Expansion>();
  for (let mask = 0; mask < 2 ** optionalNames.length; mask++) {
    const unset = optionalNames.filter((_, bit) => (mask & (1 << bit)) === 0);
    const expansion = expand(parts, byName, new Set(unset));
    if (expansion !== null && !expansions.has(expansion.sql)) {
      expansions.set(expansion.sql, expansion);
    }
  }
  return [...expansions.values()];
}

interface Segment {
  readonly from: number;
  readonly original: number;
  /** A placeholder maps to its tag's start as a whole. */
  readonly placeholder: boolean;
}

/** null: Metabase would not run the query (a variable outside `[[ ]]` without a value). */
function expand(
  parts: readonly NativePart[],
  byName: ReadonlyMap<string, TemplateTag>,
  unset: ReadonlySet<string>,
): Expansion | null {
  let sql = '';
  const segments: Segment[] = [];
  const placeholders: Placeholder[] = [];
  const text = (value: string, at: number): void => {
    segments.push({ from: sql.length, original: at, placeholder: false });
    sql += value;
  };
  const tag = (name: string, at: number, optional: boolean): void => {
    const number = placeholders.length + 1;
    placeholders.push({ number, tag: name, optional, at: sql.length });
    segments.push({ from: sql.length, original: at, placeholder: true });
    sql += `$${number}`;
  };
  for (const part of parts) {
    if (part.kind === 'text') text(part.text, part.at);
    else if (part.kind === 'tag') {
      // Without a value a field filter becomes `1 = 1` (still one expression), a variable an error.
      if (unset.has(part.name) && byName.get(part.name)?.type !== 'dimension') return null;
      tag(part.name, part.at, false);
    } else if (!part.parts.some((inner) => inner.kind === 'tag' && unset.has(inner.name))) {
      for (const inner of part.parts) {
        if (inner.kind === 'text') text(inner.text, inner.at);
        else if (inner.kind === 'tag') tag(inner.name, inner.at, true);
      }
    }
  }
  const originalOffset = (offset: number): number => {
    let found: Segment | undefined;
    for (const segment of segments) {
      if (segment.from > offset) break;
      found = segment;
    }
    if (found === undefined) return 0;
    return found.placeholder ? found.original : found.original + (offset - found.from);
  };
  return { sql, placeholders, unset: [...unset], originalOffset };
}
