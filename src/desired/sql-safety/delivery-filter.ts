import {
  listField,
  location,
  names,
  nodeOf,
  rangeVarOf,
  stringField,
  type Tree,
} from './parse-tree.ts';
import type { SqlProblem } from './safe-select.ts';
import { isRecord } from './sql-parser.ts';

/** The view column a delivery question is restricted on (DTX 1.0's customer id). */
const customerColumn = 'service_org_legacy_id';

/**
 * What restricts a question to one customer: the `$n` standing for `{{customer}}` outside `[[ ]]`
 * (a delivery question with a customer parameter), or the customer's id written into the SQL as a
 * literal (everything in a customer's collection: a viewer can change a parameter, not the SQL).
 */
export type CustomerRestriction =
  { readonly parameters: ReadonlySet<number> } | { readonly literal: number };

/**
 * Fail closed, proven on the parse tree: a customer's question carries one customer's rows (to
 * that customer's inbox, or to the viewers of its collection), so its SELECT must read one
 * reporting view, once (no join, subquery, WITH or UNION could bring other rows in), and
 * `service_org_legacy_id = <the customer>` must be one of the AND terms of its WHERE, outside
 * `[[ ]]` — then no OR, NOT or optional clause can sit around it, and every row has that
 * customer's id.
 */
export function deliveryFilterProblems(
  select: Tree,
  restriction: CustomerRestriction,
): readonly SqlProblem[] {
  const at = location(select);
  if (stringField(select, 'op') !== 'SETOP_NONE') {
    return [problem('UNION/INTERSECT/EXCEPT', at)];
  }
  if (isRecord(select['withClause'])) return [problem('WITH', at)];
  const from = listField(select, 'fromClause');
  const only = from.length === 1 ? nodeOf(from[0]) : null;
  if (only?.[0] !== 'RangeVar') {
    return [problem(from.length === 0 ? 'no FROM' : 'a join or a subquery in FROM', at)];
  }
  const view = only[1];
  const reads = countReads(select);
  if (reads > 1) return [problem('a subquery', at)];

  const conjuncts = andTerms(select['whereClause']);
  const restricted = conjuncts.some((term) => isCustomerEquality(term, view, restriction));
  if (restricted) return [];
  const customer = 'literal' in restriction ? String(restriction.literal) : '{{customer}}';
  return [
    {
      message:
        `a customer's question must keep "${customerColumn}" = ${customer} as an AND term of its ` +
        'outer WHERE, outside [[ ]], with no OR or NOT around it (fail closed: otherwise the ' +
        "customer's email or collection could carry other customers' rows)",
      location: location(isRecord(select['whereClause']) ? select['whereClause'] : select) ?? at,
    },
  ];
}

function problem(what: string, at: number | null): SqlProblem {
  return {
    message:
      `a customer's question reads one reporting view, once, and ${what} is not allowed there ` +
      "(it could bring in other customers' rows)",
    location: at,
  };
}

/** Relations and subqueries read anywhere in the tree (a plain delivery question has one). */
function countReads(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + countReads(item), 0);
  const node = nodeOf(value);
  if (node !== null) {
    const own = ['RangeVar', 'RangeSubselect', 'SubLink', 'RangeFunction'].includes(node[0])
      ? 1
      : 0;
    return own + countChildren(node[1]);
  }
  if (!isRecord(value)) return 0;
  return (rangeVarOf(value) !== null ? 1 : 0) + countChildren(value);
}

function countChildren(body: Tree): number {
  return Object.values(body).reduce((n: number, child) => n + countReads(child), 0);
}

/** `a AND (b AND c)` → [a, b, c]; anything else is one term. */
function andTerms(where: unknown): readonly unknown[] {
  const node = nodeOf(where);
  if (node?.[0] === 'BoolExpr' && stringField(node[1], 'boolop') === 'AND_EXPR') {
    return listField(node[1], 'args').flatMap(andTerms);
  }
  return where === undefined ? [] : [where];
}

function isCustomerEquality(term: unknown, view: Tree, restriction: CustomerRestriction): boolean {
  const node = nodeOf(term);
  if (node?.[0] !== 'A_Expr' || stringField(node[1], 'kind') !== 'AEXPR_OP') return false;
  const operator = names(node[1]['name']);
  if (operator.join('.') !== '=' && operator.join('.') !== 'pg_catalog.=') return false;
  const sides = [node[1]['lexpr'], node[1]['rexpr']];
  return (
    sides.some((side) => isCustomerColumn(side, view)) &&
    sides.some((side) =>
      'literal' in restriction
        ? integerConstant(side) === restriction.literal
        : restriction.parameters.has(parameterNumber(side) ?? -1),
    )
  );
}

function parameterNumber(side: unknown): number | null {
  const node = nodeOf(side);
  const number = node?.[0] === 'ParamRef' ? node[1]['number'] : undefined;
  return typeof number === 'number' ? number : null;
}

/** A bare integer literal (`1003`); a cast, a string or an expression is not one. */
function integerConstant(side: unknown): number | null {
  const node = nodeOf(side);
  if (node?.[0] !== 'A_Const') return null;
  const ival = node[1]['ival'];
  if (!isRecord(ival)) return null;
  // PostgreSQL 15's JSON leaves out a zero value: { "ival": {} } is 0.
  const value = ival['ival'] ?? 0;
  return typeof value === 'number' ? value : null;
}

/** `service_org_legacy_id`, `v.service_org_legacy_id` or `schema.view.service_org_legacy_id`. */
function isCustomerColumn(side: unknown, view: Tree): boolean {
  const node = nodeOf(side);
  if (node?.[0] !== 'ColumnRef') return false;
  const parts = names(node[1]['fields']);
  if (parts[parts.length - 1] !== customerColumn) return false;
  const qualifier = parts.slice(0, -1).join('.');
  const alias = isRecord(view['alias']) ? stringField(view['alias'], 'aliasname') : null;
  const relname = stringField(view, 'relname') ?? '';
  const schema = stringField(view, 'schemaname') ?? '';
  const accepted = alias !== null ? [alias] : [relname, `${schema}.${relname}`];
  return qualifier === '' || accepted.includes(qualifier);
}
