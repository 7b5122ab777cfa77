import { LineCounter, isMap, isNode, isScalar, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { dayCountName } from '../desired/report-view.ts';
import { InputError } from '../errors.ts';
import { aliasProblem, firstAlias } from '../yaml-aliases.ts';
import {
  displayFormats,
  grains,
  pgTypes,
  type CatalogField,
  type FieldCatalog,
} from './field-catalog.ts';
import { metabaseSemanticTypes } from './metabase-semantic-types.ts';

const sqlText = z
  .string()
  .trim()
  .min(1)
  // The expression is pasted into a view definition: one expression, nothing that could end the
  // statement or comment out the rest of it.
  .refine((sql) => !/;|--|\/\*/.test(sql), 'must be one SQL expression (no ";" and no comments)');

const entrySchema = z
  .strictObject({
    expression: sqlText.optional(),
    aggregate: sqlText.optional(),
    usesNumDays: z.boolean().optional(),
    pgType: z.enum(pgTypes),
    semanticType: z
      .string()
      .refine((t) => metabaseSemanticTypes.has(t), 'is not a known Metabase semantic type')
      .nullable(),
    displayFormat: z.enum(displayFormats),
    grain: z.enum(grains).optional(),
  })
  .superRefine((entry, ctx) => {
    if ((entry.expression === undefined) === (entry.aggregate === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['expression'],
        message: 'give exactly one of `expression` (plain field) and `aggregate` (aggregate field)',
      });
    }
    const sql = entry.expression ?? entry.aggregate ?? '';
    const readsNumDays = new RegExp(`\\b${dayCountName}\\b`).test(sql);
    if (readsNumDays !== (entry.usesNumDays ?? false)) {
      ctx.addIssue({
        code: 'custom',
        path: ['usesNumDays'],
        message: readsNumDays
          ? `the expression reads ${dayCountName}: set usesNumDays: true`
          : `usesNumDays is true but the expression does not read ${dayCountName}`,
      });
    }
  });

const catalogSchema = z.strictObject({
  fields: z.record(
    z.string().regex(/^[a-z][a-z0-9_]*$/, 'field names are lower_snake_case'),
    entrySchema,
  ),
});

/**
 * Parses and validates catalog/fields.yaml. Every problem is collected, each naming the file,
 * line and YAML path, and reported together in one InputError.
 */
export function parseFieldCatalog(text: string, file: string): FieldCatalog {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;

  if (doc.errors.length > 0) {
    throw new InputError(
      `${file} is not valid YAML; fix it and run again.`,
      doc.errors.map(
        (e) => `${file}:${lineOf(e.pos[0])}: ${e.message.split('\n')[0] ?? e.message}`,
      ),
    );
  }

  const alias = firstAlias(doc, lineCounter);
  if (alias !== null) {
    throw new InputError(`${file} is not valid; fix it and run again.`, [
      aliasProblem(file, alias),
    ]);
  }
  const parsed = catalogSchema.safeParse(doc.toJS({ maxAliasCount: 0 }));
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => {
      const path = issue.path.map(String);
      return `${file}:${lineOfPath(doc, path, lineOf)}: ${path.join('.') || '(top level)'}: ${issue.message}`;
    });
    throw new InputError(
      `${file} has ${details.length} problem(s); fix them and run again.`,
      details,
    );
  }

  const fields = new Map<string, CatalogField>();
  for (const [name, entry] of Object.entries(parsed.data.fields)) {
    const aggregate = entry.aggregate !== undefined;
    fields.set(
      name,
      Object.freeze({
        name,
        kind: aggregate ? 'aggregate' : 'plain',
        sql: entry.aggregate ?? entry.expression ?? '',
        usesNumDays: entry.usesNumDays ?? false,
        pgType: entry.pgType,
        semanticType: entry.semanticType,
        displayFormat: entry.displayFormat,
        grain: entry.grain ?? 'record',
        line: lineOfPath(doc, ['fields', name], lineOf),
      }),
    );
  }
  return Object.freeze({ file, fields });
}

/** The line of the deepest node that exists along `path` (a missing key points at its parent). */
function lineOfPath(
  doc: Document,
  path: readonly string[],
  lineOf: (offset: number) => number,
): number {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      // For a map entry the key is more useful than the value: point at the value's key line.
      return lineOf(keyOffset(doc, path.slice(0, depth)) ?? node.range[0]);
    }
  }
  return 1;
}

function keyOffset(doc: Document, path: readonly string[]): number | undefined {
  const last = path[path.length - 1];
  if (last === undefined) return undefined;
  const parent: unknown = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  for (const pair of parent.items) {
    if (isScalar(pair.key) && String(pair.key.value) === last) return pair.key.range?.[0];
  }
  return undefined;
}
