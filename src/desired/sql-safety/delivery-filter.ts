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
 * Fail closed, proven on the parse tree: a delivery question carries one customer's rows to that
 * customer's inbox, so its SELECT must read one reporting view, once (no join, subquery, WITH or
 * UNION could bring other rows in), and `service_org_legacy_id = {{customer}}` must be one of
 * the AND terms of its WHERE, with `{{customer}}` outside `[[ ]]` — then no OR, NOT or optional
 * clause can sit around it, and every row sent has that customer's id.
 *
 * `customerParameters`: the `$n` standing for `{{customer}}` outside `[[ ]]`.
 */
export function deliveryFilterProblems(
  select: Tree,
  customerParameters: ReadonlySet<number>,
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
  const restricted = conjuncts.some((term) => isCustomerEquality(term, view, customerParameters));
  if (restricted) return [];
  return [
    {
      message:
        `a delivery question must keep "${customerColumn}" = {{customer}} as an AND term of its ` +
        'outer WHERE, outside [[ ]], with no OR or NOT around it (fail closed: otherwise the ' +
        "customer's email could carry other customers' rows)",
      location: location(isRecord(select['whereClause']) ? select['whereClause'] : select) ?? at,
    },
  ];
}

function problem(what: string, at: number | null): SqlProblem {
  return {
    message:
      `a delivery question reads one reporting view, once, and ${what} is not allowed there ` +
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

function isCustomerEquality(term: unknown, view: Tree, customer: ReadonlySet<number>): boolean {
  const node = nodeOf(term);
  if (node?.[0] !== 'A_Expr' || stringField(node[1], 'kind') !== 'AEXPR_OP') return false;
  const operator = names(node[1]['name']);
  if (operator.join('.') !== '=' && operator.join('.') !== 'pg_catalog.=') return false;
  const sides = [node[1]['lexpr'], node[1]['rexpr']];
  return (
    sides.some((side) => isCustomerColumn(side, view)) &&
    sides.some((side) => {
      const parameter = nodeOf(side);
      const number = parameter?.[0] === 'ParamRef' ? parameter[1]['number'] : undefined;
      return typeof number === 'number' && customer.has(number);
    })
  );
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
