import type { RequiredTable } from '../views/view-file-format.ts';
import {
  field,
  listField,
  location,
  names,
  nodeOf,
  rangeVarOf,
  stringField,
  type Tree,
} from './parse-tree.ts';
import { selectProblems, type SqlProblem } from './safe-select.ts';
import { isRecord, type SqlParser } from './sql-parser.ts';
import { statementName } from './statement-names.ts';

/** What the file's header says it defines. */
export interface ViewFileClaim {
  readonly schema: string;
  readonly name: string;
  readonly requires: readonly RequiredTable[];
}

/**
 * Only views reach the database: provision runs a view file as it is, so the file must hold
 * exactly one `CREATE [OR REPLACE] [MATERIALIZED] VIEW` of the view its header names, plus
 * `COMMENT ON` that view and its columns, and nothing else — no DROP, GRANT, other object,
 * DO, COPY or SET. The view's query must only read (safe-select.ts): relations of the reporting
 * schema, or DTX 2.0 tables its header declares with `-- requires:` (the base layer's), which
 * provision checks against the live catalog. `location` is an offset in the file.
 */
export function viewFileProblems(
  sql: string,
  claim: ViewFileClaim,
  parser: SqlParser,
): readonly SqlProblem[] {
  const parsed = parser.parse(sql);
  if (!parsed.ok) {
    return [{ message: `PostgreSQL's parser says: ${parsed.message}`, location: parsed.position }];
  }
  const problems: SqlProblem[] = [];
  const report = (message: string, at: number | null): void => {
    problems.push({ message, location: at === null ? null : parsed.offset(at) });
  };
  const target = `${claim.schema}.${claim.name}`;
  const declared = new Set(claim.requires.map((t) => `${t.schema}.${t.table}`));
  const policy = ({ schema, name }: { schema: string | null; name: string }): string | null =>
    schema === claim.schema || declared.has(`${schema}.${name}`)
      ? null
      : schema === null
        ? `the view reads "${name}" without a schema; name the schema`
        : `the view reads ${schema}.${name}, which is neither in ${claim.schema} nor declared by a "-- requires:" line`;
  const isTarget = (relation: Tree | null): boolean =>
    relation !== null &&
    stringField(relation, 'schemaname') === claim.schema &&
    stringField(relation, 'relname') === claim.name &&
    stringField(relation, 'catalogname') === null;
  const relationName = (relation: Tree | null): string =>
    relation === null
      ? '?'
      : [stringField(relation, 'schemaname'), stringField(relation, 'relname')]
          .filter((part) => part !== null)
          .join('.');
  const checkQuery = (query: unknown, at: number | null): void => {
    const node = nodeOf(query);
    if (node?.[0] !== 'SelectStmt') {
      report(`the view's query is ${statementName(node?.[0] ?? '?')}, not a SELECT`, at);
      return;
    }
    for (const problem of selectProblems(node[1], policy))
      report(problem.message, problem.location);
  };

  let creates = 0;
  for (const statement of parsed.statements) {
    const node = nodeOf(statement.node);
    const at = statement.location;
    const type = node?.[0] ?? '?';
    const body = node?.[1] ?? {};
    const here = (message: string): void => {
      problems.push({ message, location: at });
    };
    if (type === 'ViewStmt') {
      creates += 1;
      const view = rangeVarOf(field(body, 'view'));
      if (!isTarget(view) || stringField(view ?? {}, 'relpersistence') !== 'p') {
        here(`creates view ${relationName(view)}, but the header names ${target}`);
      }
      if (listField(body, 'options').length > 0) here('view options (WITH (…)) are not allowed');
      checkQuery(body['query'], location(view ?? {}));
    } else if (type === 'CreateTableAsStmt' && stringField(body, 'objtype') === 'OBJECT_MATVIEW') {
      creates += 1;
      const into = isRecord(body['into']) ? body['into'] : {};
      const view = rangeVarOf(into['rel']);
      if (!isTarget(view) || stringField(view ?? {}, 'relpersistence') !== 'p') {
        here(`creates materialized view ${relationName(view)}, but the header names ${target}`);
      }
      if (
        listField(into, 'options').length > 0 ||
        stringField(into, 'tableSpaceName') !== null ||
        stringField(into, 'accessMethod') !== null
      ) {
        here('storage options (WITH, TABLESPACE, USING) are not allowed');
      }
      checkQuery(body['query'], location(view ?? {}));
    } else if (type === 'CommentStmt') {
      const kind = stringField(body, 'objtype');
      const object = nodeOf(body['object']);
      const parts = object?.[0] === 'List' ? names(object[1]['items']) : [];
      const onView =
        (kind === 'OBJECT_VIEW' || kind === 'OBJECT_MATVIEW') && parts.join('.') === target;
      const onColumn =
        kind === 'OBJECT_COLUMN' && parts.length === 3 && parts.slice(0, 2).join('.') === target;
      if (!onView && !onColumn) {
        here(
          `COMMENT ON ${(kind ?? '?').replace(/^OBJECT_/, '')} ${parts.join('.') || '…'}: a view file may only comment on ${target} and its columns`,
        );
      }
    } else {
      here(
        `${statementName(type)}: a view file holds one CREATE VIEW of ${target} and COMMENT ON it and its columns, nothing else`,
      );
    }
  }
  if (creates !== 1) {
    problems.push({
      message: `holds ${creates} CREATE VIEW statements; a view file creates exactly one, ${target}`,
      location: null,
    });
  }
  return problems;
}
