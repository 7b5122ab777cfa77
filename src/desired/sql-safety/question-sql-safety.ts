import { keyParts } from '../metabase/keys.ts';
import { tagNames } from '../metabase/template-tag-names.ts';
import type { DesiredQuestion } from '../metabase/model.ts';
import { parseNativeQuery } from '../metabase/native-query-template.ts';
import { deliveryFilterProblems } from './delivery-filter.ts';
import { nodeOf, type Tree } from './parse-tree.ts';
import {
  maxOptionalTags,
  questionExpansions,
  type Expansion,
  type Placeholder,
} from './question-expansions.ts';
import { selectProblems, type SqlProblem } from './safe-select.ts';
import type { SqlParser } from './sql-parser.ts';
import { statementName } from './statement-names.ts';

export interface QuestionSqlContext {
  readonly parser: SqlParser;
  /** The reporting schema: the only one a question may read from. */
  readonly targetSchema: string;
}

/**
 * Only reads reach the database: every text Metabase can run for the question (each combination
 * of its `[[ ]]` clauses) must parse, with Postgres' grammar, to exactly one SELECT that reads only
 * relations of the reporting schema (see safe-select.ts for what else it may not do); a delivery
 * question must also keep its customer restriction (delivery-filter.ts). `location` is an offset
 * in `question.sql`. Template syntax errors are left to validate.ts, which reports them.
 */
export function questionSqlProblems(
  question: DesiredQuestion,
  context: QuestionSqlContext,
): readonly SqlProblem[] {
  let parts;
  try {
    parts = parseNativeQuery(question.sql);
  } catch {
    return [];
  }
  const expansions = questionExpansions(parts, question.templateTags);
  if ('tooManyOptionalTags' in expansions) {
    return [
      {
        message: `${expansions.tooManyOptionalTags} optional tags in [[ ]]: at most ${maxOptionalTags} can be checked in every combination`,
        location: null,
      },
    ];
  }
  const customer = customerOfCollection(question.collection);
  const delivery =
    customer !== null ||
    question.key.startsWith('question:delivery:') ||
    question.templateTags.some((t) => t.name === tagNames.customer);
  const seen = new Set<string>();
  const problems: SqlProblem[] = [];
  const several = expansions.length > 1;
  for (const expansion of expansions) {
    for (const found of expansionProblems(expansion, context, delivery, customer)) {
      if (seen.has(found.message)) continue;
      seen.add(found.message);
      problems.push({
        message: several ? `${found.message} (${describe(expansion)})` : found.message,
        location: found.location === null ? null : expansion.originalOffset(found.location),
      });
    }
  }
  return problems;
}

function describe(expansion: Expansion): string {
  return expansion.unset.length === 0
    ? 'with every optional filter set'
    : `with ${expansion.unset.map((name) => `{{${name}}}`).join(', ')} unset`;
}

/** The customer whose collection holds the question (`collection:custom:<legacy id>`), or null. */
function customerOfCollection(collection: string): number | null {
  const [kind, customer] = keyParts(collection);
  return kind === 'custom' && customer !== undefined && /^\d+$/.test(customer)
    ? Number(customer)
    : null;
}

function expansionProblems(
  expansion: Expansion,
  context: QuestionSqlContext,
  delivery: boolean,
  customerLiteral: number | null,
): readonly SqlProblem[] {
  const parsed = context.parser.parse(expansion.sql);
  if (!parsed.ok) {
    return [{ message: `PostgreSQL's parser says: ${parsed.message}`, location: parsed.position }];
  }
  const first = parsed.statements[0];
  if (parsed.statements.length !== 1 || first === undefined) {
    return [
      {
        message: `holds ${parsed.statements.length} statements (${parsed.statements
          .map((s) => statementName(nodeOf(s.node)?.[0] ?? '?'))
          .join(', ')}); a question is exactly one SELECT`,
        location: parsed.statements[1]?.location ?? null,
      },
    ];
  }
  const node = nodeOf(first.node);
  if (node?.[0] !== 'SelectStmt') {
    return [
      {
        message: `is ${statementName(node?.[0] ?? '?')}, not a SELECT; a question only reads`,
        location: first.location,
      },
    ];
  }
  const at = (problem: SqlProblem): SqlProblem => ({
    message: problem.message,
    location: problem.location === null ? null : parsed.offset(problem.location),
  });
  const problems = selectProblems(node[1], ({ schema, name }) =>
    schema === context.targetSchema
      ? null
      : schema === null
        ? `reads "${name}" without a schema; a question reads only ${context.targetSchema}.<view>`
        : `reads ${schema}.${name}, outside the reporting schema ${context.targetSchema}`,
  ).map(at);
  problems.push(...parameterProblems(node[1], expansion, parsed.offset));
  if (delivery && problems.length === 0) {
    const restriction =
      customerLiteral !== null
        ? { literal: customerLiteral }
        : {
            parameters: new Set(
              expansion.placeholders
                .filter((p) => p.tag === tagNames.customer && !p.optional)
                .map((p) => p.number),
            ),
          };
    problems.push(...deliveryFilterProblems(node[1], restriction).map(at));
  }
  return problems;
}

/**
 * Every `{{tag}}` must come back from the parser as its own parameter, at its own place, and the
 * SQL may hold no `$n` of its own (Metabase would send it as it is).
 */
function parameterProblems(
  select: Tree,
  expansion: Expansion,
  offset: (location: number) => number,
): readonly SqlProblem[] {
  const found: { number: number; at: number }[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(collect);
    const node = nodeOf(value);
    if (node?.[0] === 'ParamRef') {
      const number = node[1]['number'];
      const location = node[1]['location'];
      if (typeof number === 'number' && typeof location === 'number') {
        found.push({ number, at: offset(location) });
      }
    }
    if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(select);
  const problems: SqlProblem[] = [];
  const matches = (p: Placeholder, f: { number: number; at: number }): boolean =>
    p.number === f.number && p.at === f.at;
  for (const placeholder of expansion.placeholders) {
    if (!found.some((f) => matches(placeholder, f))) {
      problems.push({
        message: `{{${placeholder.tag}}} sits inside a comment or a string literal, where it is not a value`,
        location: placeholder.at,
      });
    }
  }
  for (const parameter of found) {
    if (!expansion.placeholders.some((p) => matches(p, parameter))) {
      problems.push({
        message: 'a $n parameter is not allowed in a question; values come only through {{tags}}',
        location: parameter.at,
      });
    }
  }
  return problems;
}
