import Handlebars from 'handlebars';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../../errors.ts';
import { qualifiedName, quoteIdent, quoteLiteral } from '../../sql/sql-quote.ts';
import { renderViewFileHeader, type RequiredTable } from '../../desired/views/view-file-format.ts';

/**
 * The base layer: handlebars SQL templates under catalog/, the only place that knows
 * DTX 2.0 table and column names. Each template opens with a handlebars comment holding YAML:
 * what the view is (`about`, its COMMENT), its name, and every table.column it reads (`requires`),
 * which provision checks against the live catalog before changing anything.
 */

export interface BaseTemplate {
  /** Path for messages and the file header, e.g. `catalog/base_record.sql.hbs`. */
  readonly file: string;
  readonly text: string;
}

export interface BaseView {
  readonly name: string;
  /** `schema.name`, as report views name it in their `depends-on` header. */
  readonly qualified: string;
  readonly file: string;
  readonly sql: string;
  readonly requires: readonly RequiredTable[];
}

export interface SchemaOptions {
  /** Where the DTX 2.0 tables live (default `public`). */
  readonly sourceSchema: string;
  /** Where the reporting views go (default `reporting`). */
  readonly targetSchema: string;
}

const frontMatterSchema = z.strictObject({
  about: z.string().min(1),
  view: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  requires: z.record(
    z.string().regex(/^[a-z_][a-z0-9_]*$/),
    z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/)).min(1),
  ),
});

const frontMatterPattern = /^\{\{!--\n([\s\S]*?)\n--\}\}\n/;

export function renderBaseView(template: BaseTemplate, schemas: SchemaOptions): BaseView {
  const match = frontMatterPattern.exec(template.text);
  if (!match?.[1]) {
    throw new InputError(`${template.file}:1: a base template starts with a {{!-- ... --}} YAML header.`);
  }
  const parsed = frontMatterSchema.safeParse(parseYaml(match[1]));
  if (!parsed.success) {
    throw new InputError(
      `${template.file}: invalid header.`,
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  }
  const { about, view, requires } = parsed.data;
  const body = template.text.slice(match[0].length);
  // strict: a misspelt placeholder fails instead of rendering as an empty string.
  const render = Handlebars.compile(body, { noEscape: true, strict: true });
  const sql = render({ source: quoteIdent(schemas.sourceSchema), target: quoteIdent(schemas.targetSchema) });

  const requiredTables = Object.entries(requires)
    .map(([table, columns]) => ({ schema: schemas.sourceSchema, table, columns: [...columns].sort() }))
    .sort((a, b) => a.table.localeCompare(b.table));
  const qualified = `${schemas.targetSchema}.${view}`;
  const header = renderViewFileHeader({
    source: template.file,
    view: qualified,
    dependsOn: [],
    requires: requiredTables,
    uniqueKey: null,
  });
  const comment = `COMMENT ON VIEW ${qualifiedName(schemas.targetSchema, view)} IS ${quoteLiteral(about)};`;
  return {
    name: view,
    qualified,
    file: `views/base/${view}.sql`,
    sql: `${header}\n\n${sql.trim()}\n\n${comment}\n`,
    requires: requiredTables,
  };
}
