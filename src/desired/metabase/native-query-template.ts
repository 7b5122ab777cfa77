import { InputError } from '../../errors.ts';
import type { TemplateTag } from './model.ts';
import { quoteIdentAlways, qualifiedNameAlways, quoteLiteral } from '../../sql/sql-quote.ts';

/**
 * Metabase native-query template syntax, parsed and rendered the way Metabase does it for the
 * parts we generate: `{{tag}}` is replaced by the tag's value (or its default), `[[ … ]]` is kept
 * only when every tag inside has a value, and a tag outside `[[ ]]` without a value is an error
 * for a variable (`1 = 1` for a field filter). This lets tests prove the fail-closed customer
 * restriction on real PostgreSQL without a Metabase server. Comments are not given special
 * treatment: the SQL we generate never puts template syntax in comments.
 */

export type NativePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tag'; readonly name: string }
  | { readonly kind: 'optional'; readonly parts: readonly NativePart[] };

/** Sticky: matches exactly at `lastIndex`, so the scan below never copies the rest of the query. */
const tagPattern = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/y;

const startsMarker = (sql: string, at: number): boolean =>
  sql.startsWith('{{', at) || sql.startsWith('[[', at) || sql.startsWith(']]', at);

/** Splits a query into text, tags and optional clauses; throws InputError on broken syntax. */
export function parseNativeQuery(sql: string): readonly NativePart[] {
  const top: NativePart[] = [];
  let current: NativePart[] = top;
  let text = '';
  const flush = (): void => {
    if (text !== '') current.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < sql.length) {
    if (sql.startsWith('{{', i)) {
      tagPattern.lastIndex = i;
      const match = tagPattern.exec(sql);
      if (match === null)
        throw new InputError(`Malformed template tag at offset ${i}: ${sql.slice(i, i + 30)}`);
      flush();
      current.push({ kind: 'tag', name: match[1] ?? '' });
      i += match[0].length;
    } else if (sql.startsWith('[[', i)) {
      if (current !== top)
        throw new InputError(`Nested [[ at offset ${i}: Metabase does not allow it.`);
      flush();
      current = [];
      i += 2;
    } else if (sql.startsWith(']]', i)) {
      if (current === top) throw new InputError(`]] without [[ at offset ${i}.`);
      flush();
      top.push({ kind: 'optional', parts: current });
      current = top;
      i += 2;
    } else {
      // Plain text up to the next marker, taken in one piece rather than a character at a time.
      let end = i + 1;
      while (end < sql.length && !startsMarker(sql, end)) end += 1;
      text += sql.slice(i, end);
      i = end;
    }
  }
  if (current !== top) throw new InputError('Unclosed [[ in the query.');
  flush();
  return top;
}

/** Names of the tags used in the query, in order of first use, with where they occur. */
export function tagUses(
  parts: readonly NativePart[],
): readonly { readonly name: string; readonly optional: boolean }[] {
  const uses: { name: string; optional: boolean }[] = [];
  for (const part of parts) {
    if (part.kind === 'tag') uses.push({ name: part.name, optional: false });
    if (part.kind === 'optional') {
      for (const inner of part.parts) {
        if (inner.kind === 'tag') uses.push({ name: inner.name, optional: true });
      }
    }
  }
  return uses;
}

export type ParameterValue = string | number | readonly (string | number)[];

const numberText = /^-?\d+(\.\d+)?$/;
const dateText = /^\d{4}-\d{2}-\d{2}$/;

function asList(value: ParameterValue): readonly (string | number)[] {
  return typeof value === 'string' || typeof value === 'number' ? [value] : value;
}

function renderNumber(tag: TemplateTag, value: string | number): string {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (typeof value === 'number' ? !Number.isFinite(value) : !numberText.test(text)) {
    throw new InputError(`'${tag.displayName}' needs a number, got ${JSON.stringify(value)}.`);
  }
  return text;
}

function renderScalar(
  tag: TemplateTag,
  kind: 'number' | 'text' | 'date',
  value: string | number,
): string {
  if (kind === 'number') return renderNumber(tag, value);
  if (kind === 'date') {
    if (typeof value !== 'string' || !dateText.test(value)) {
      throw new InputError(
        `'${tag.displayName}' needs a YYYY-MM-DD date, got ${JSON.stringify(value)}.`,
      );
    }
  }
  return quoteLiteral(String(value));
}

function hasValue(tag: TemplateTag, values: Readonly<Record<string, ParameterValue>>): boolean {
  const given = values[tag.name];
  if (given !== undefined) return asList(given).length > 0;
  return tag.type !== 'dimension' && tag.default !== null;
}

function renderTag(tag: TemplateTag, values: Readonly<Record<string, ParameterValue>>): string {
  const given = values[tag.name];
  if (tag.type === 'dimension') {
    if (given === undefined || asList(given).length === 0) return '1 = 1';
    // Metabase qualifies the field with its table, which is why the questions select FROM the
    // view without an alias.
    const column = `${qualifiedNameAlways(tag.dimension.schema, tag.dimension.view)}.${quoteIdentAlways(tag.dimension.column)}`;
    if (tag.widgetType === 'date/all-options') {
      throw new InputError(`Rendering date field filters ('${tag.displayName}') is not emulated.`);
    }
    const kind = tag.widgetType === 'number/=' ? 'number' : 'text';
    const list = asList(given).map((v) => renderScalar(tag, kind, v));
    return list.length === 1 ? `${column} = ${list[0]}` : `${column} IN (${list.join(', ')})`;
  }
  const value = given ?? tag.default;
  if (value === null || asList(value).length === 0) {
    throw new InputError(
      `You'll need to pick a value for '${tag.displayName}' before this query can run.`,
    );
  }
  // Metabase pastes a multi-value variable as a comma-separated list.
  return asList(value)
    .map((v) => renderScalar(tag, tag.type, v))
    .join(', ');
}

/** Renders the query with parameter values as Metabase would send it to the database. */
export function renderNativeQuery(
  sql: string,
  tags: readonly TemplateTag[],
  values: Readonly<Record<string, ParameterValue>>,
): string {
  const byName = new Map(tags.map((tag) => [tag.name, tag]));
  const lookup = (name: string): TemplateTag => {
    const tag = byName.get(name);
    if (tag === undefined)
      throw new InputError(`The query uses {{${name}}} but defines no such tag.`);
    return tag;
  };
  return parseNativeQuery(sql)
    .map((part) => {
      if (part.kind === 'text') return part.text;
      if (part.kind === 'tag') return renderTag(lookup(part.name), values);
      const inner = part.parts.filter((p) => p.kind === 'tag').map((p) => lookup(p.name));
      if (!inner.every((tag) => hasValue(tag, values))) return '';
      return part.parts
        .map((p) =>
          p.kind === 'tag' ? renderTag(lookup(p.name), values) : p.kind === 'text' ? p.text : '',
        )
        .join('');
    })
    .join('');
}
