import { allowedFunctions } from './allowed-functions.ts';
import {
  listField,
  location,
  names,
  nodeOf,
  rangeVarOf,
  stringField,
  type Tree,
} from './parse-tree.ts';
import { isRecord } from './sql-parser.ts';
import { statementName } from './statement-names.ts';

/** A problem found in parsed SQL; `location` is an offset in the parsed text, when known. */
export interface SqlProblem {
  readonly message: string;
  readonly location: number | null;
}

/** A relation the SELECT reads (not a WITH name): a problem text, or null when it may. */
export type RelationPolicy = (relation: {
  readonly schema: string | null;
  readonly name: string;
}) => string | null;

/**
 * The node types a read may be built from (fail closed: anything else is refused). Missing on
 * purpose: SELECT INTO and FOR UPDATE/SHARE (they are SelectStmt fields, refused below),
 * TABLESAMPLE (its method is a function looked up by name), XMLTABLE and the XML constructors
 * (not needed by a report), and every statement type but SELECT.
 */
const allowedNodes: ReadonlySet<string> = new Set([
  'A_ArrayExpr',
  'A_Const',
  'A_Expr',
  'A_Indices',
  'A_Indirection',
  'A_Star',
  'Alias',
  'BitString',
  'BoolExpr',
  'Boolean',
  'BooleanTest',
  'CaseExpr',
  'CaseWhen',
  'CoalesceExpr',
  'CollateClause',
  'ColumnDef',
  'ColumnRef',
  'Float',
  'FuncCall',
  'GroupingFunc',
  'GroupingSet',
  'Integer',
  'JoinExpr',
  'List',
  'MinMaxExpr',
  'NamedArgExpr',
  'NullTest',
  'ParamRef',
  'RangeFunction',
  'RangeSubselect',
  'RangeVar',
  'ResTarget',
  'RowExpr',
  'SQLValueFunction',
  'SortBy',
  'String',
  'SubLink',
  'TypeCast',
  'TypeName',
  'WindowDef',
]);

/** Fields of a SelectStmt handled by `checkSelect` itself rather than the generic walk. */
const selectOwnFields = new Set(['withClause', 'intoClause', 'lockingClause', 'larg', 'rarg']);

/**
 * Proves a parsed SELECT only reads: no SELECT INTO, no row locks, no data-modifying WITH, only
 * the functions of allowed-functions.ts, and every relation it names either a WITH query in
 * scope or one `policy` accepts. Every problem is returned, each with where it is.
 */
export function selectProblems(select: Tree, policy: RelationPolicy): readonly SqlProblem[] {
  const problems: SqlProblem[] = [];
  const report = (message: string, at: number | null): void => {
    problems.push({ message, location: at });
  };

  const checkSelect = (body: Tree, scope: ReadonlySet<string>): void => {
    const into = body['intoClause'];
    if (isRecord(into)) {
      const target = rangeVarOf(into['rel']);
      report(
        'SELECT … INTO creates a table; a report only reads',
        target ? location(target) : null,
      );
    }
    for (const lock of listField(body, 'lockingClause')) {
      const node = nodeOf(lock);
      report('FOR UPDATE/SHARE locks rows; a report only reads', node ? location(node[1]) : null);
    }
    let inner = scope;
    const withClause = body['withClause'];
    if (isRecord(withClause)) {
      const ctes = listField(withClause, 'ctes').flatMap((item) => {
        const node = nodeOf(item);
        return node?.[0] === 'CommonTableExpr' ? [node[1]] : [];
      });
      const cteNames = ctes.map((cte) => stringField(cte, 'ctename') ?? '');
      const recursive = withClause['recursive'] === true;
      ctes.forEach((cte, i) => {
        // Without RECURSIVE a WITH query sees only the ones before it; a later name would
        // resolve to a real table.
        const visible = new Set([...scope, ...(recursive ? cteNames : cteNames.slice(0, i))]);
        const query = nodeOf(cte['ctequery']);
        if (query?.[0] === 'SelectStmt') checkSelect(query[1], visible);
        else {
          report(
            `WITH ${cteNames[i]} AS (${query ? statementName(query[0]) : '?'} …) writes; only SELECT may appear in WITH`,
            location(cte),
          );
        }
      });
      inner = new Set([...scope, ...cteNames]);
    }
    for (const arm of ['larg', 'rarg']) {
      const value = body[arm];
      if (isRecord(value)) checkSelect(value, inner);
    }
    for (const [key, value] of Object.entries(body)) {
      if (!selectOwnFields.has(key)) walk(value, inner);
    }
  };

  const checkRelation = (relation: Tree, scope: ReadonlySet<string>): void => {
    const name = stringField(relation, 'relname') ?? '';
    const schema = stringField(relation, 'schemaname');
    if (stringField(relation, 'catalogname') !== null) {
      report(
        `${name}: a relation qualified with a database name is not allowed`,
        location(relation),
      );
      return;
    }
    if (schema === null && scope.has(name)) return;
    const problem = policy({ schema, name });
    if (problem !== null) report(problem, location(relation));
  };

  const checkFunction = (call: Tree): void => {
    const qualified = names(call['funcname']);
    const name = qualified[qualified.length - 1] ?? '';
    const schemaOk =
      qualified.length === 1 || (qualified.length === 2 && qualified[0] === 'pg_catalog');
    if (!schemaOk || !allowedFunctions.has(name)) {
      report(
        `calls ${qualified.join('.')}(), which is not a function reports may call ` +
          '(only built-in functions that compute a value: src/desired/sql-safety/allowed-functions.ts)',
        location(call),
      );
    }
  };

  const walk = (value: unknown, scope: ReadonlySet<string>): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, scope);
      return;
    }
    const node = nodeOf(value);
    if (node !== null) {
      const [type, body] = node;
      if (type === 'SelectStmt') return checkSelect(body, scope);
      if (!allowedNodes.has(type)) {
        report(`${constructName(type)} is not allowed in a report's SQL`, location(body));
        return;
      }
      if (type === 'RangeVar') checkRelation(body, scope);
      if (type === 'FuncCall') checkFunction(body);
      if (type === 'A_Expr') {
        const operator = names(body['name']);
        if (operator.length > 1 && operator[0] !== 'pg_catalog') {
          report(`OPERATOR(${operator.join('.')}) is not a built-in operator`, location(body));
        }
      }
      for (const child of Object.values(body)) walk(child, scope);
      return;
    }
    if (isRecord(value)) {
      const relation = rangeVarOf(value);
      if (relation !== null) checkRelation(relation, scope);
      for (const child of Object.values(value)) walk(child, scope);
    }
  };

  checkSelect(select, new Set());
  return problems;
}

function constructName(type: string): string {
  const known: Readonly<Record<string, string>> = {
    RangeTableSample: 'TABLESAMPLE',
    RangeTableFunc: 'XMLTABLE',
    XmlExpr: 'an XML constructor',
    XmlSerialize: 'XMLSERIALIZE',
    LockingClause: 'FOR UPDATE/SHARE',
  };
  return known[type] ?? (type.endsWith('Stmt') ? statementName(type) : type);
}
