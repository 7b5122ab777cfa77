import type pg from 'pg';
import { InputError } from '../../errors.ts';
import type { DesiredQuestion } from '../../desired/metabase/model.ts';
import { renderNativeQuery } from '../../desired/metabase/native-query-template.ts';
import { quoteIdent } from '../../sql/sql-quote.ts';
import { postgresMessage } from '../../sql/postgres-message.ts';

/**
 * Proves every question's SQL against the database before Metabase sees it: rendered the way
 * Metabase renders it with the question's defaults (optional filters left out), then EXPLAINed
 * — planned, not run. Every failing question is reported at once, with its file's key.
 *
 * The SQL has already been proved to be one read of the reporting schema on Postgres' grammar
 * (src/desired/sql-safety/, when the files were read); two more walls stand behind that proof:
 * the EXPLAIN goes through the extended query protocol, where Postgres refuses a second
 * statement, and it runs as the reporting role (`SET LOCAL ROLE`), so what the role Metabase
 * connects as cannot read does not pass, and nothing runs with the provisioning role's rights.
 */
export async function validateQuestionSql(
  client: pg.ClientBase,
  questions: readonly DesiredQuestion[],
  options: { readonly role: string },
): Promise<void> {
  const problems: string[] = [];
  // One failure must not poison the checks that follow, so they run inside a savepoint that a
  // failure rolls back to. One savepoint for all of them, not one per question: EXPLAIN changes
  // nothing, so rolling back past the earlier checks loses nothing, and a savepoint per question
  // cost two more round trips each (21,500 at 10,000 reports: slow against a remote server).
  // ROLLBACK TO keeps the savepoint, so it serves every later failure too.
  await client.query('SAVEPOINT dtx_check_question');
  // ROLLBACK TO SAVEPOINT also undoes the SET LOCAL ROLE made after it, so it is set again.
  const asReportingRole = async (): Promise<void> => {
    try {
      await client.query(`SET LOCAL ROLE ${quoteIdent(options.role)}`);
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT dtx_check_question');
      throw new InputError(
        `Cannot check the questions as the reporting role ${options.role}: PostgreSQL says ${postgresMessage(error)}; nothing was changed.`,
        [
          `The role of DATABASE_URL must be allowed to SET ROLE ${options.role} (a superuser is; otherwise run GRANT ${quoteIdent(options.role)} TO <that role>).`,
        ],
      );
    }
  };
  await asReportingRole();
  for (const question of questions) {
    let sql: string;
    try {
      sql = renderNativeQuery(question.sql, question.templateTags, {});
    } catch (error) {
      problems.push(`${question.key} (${question.name}): ${postgresMessage(error)}`);
      continue;
    }
    try {
      await client.query(extendedProtocol(`EXPLAIN ${sql}`));
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT dtx_check_question');
      problems.push(
        `${question.key} (${question.name}): PostgreSQL says ${postgresMessage(error)}`,
      );
      await asReportingRole();
    }
  }
  // Back to the provisioning role (EXPLAIN changed nothing that rolling back could lose).
  await client.query('ROLLBACK TO SAVEPOINT dtx_check_question');
  await client.query('RELEASE SAVEPOINT dtx_check_question');
  problems.push(...(await missingFilterColumns(client, questions)));
  if (problems.length > 0) {
    throw new InputError(
      `${problems.length} question(s) do not run against the reporting views; nothing was changed.`,
      problems,
    );
  }
}

/**
 * pg sends a query without parameters as a simple-protocol Query message, which runs any number
 * of statements; `queryMode: 'extended'` makes it Parse/Bind/Execute, where Postgres refuses more
 * than one ("cannot insert multiple commands into a prepared statement"). @types/pg does not
 * declare the option, pg 8 reads it (lib/query.js).
 */
function extendedProtocol(text: string): pg.QueryConfig {
  const config: pg.QueryConfig & { readonly queryMode: 'extended' } = {
    text,
    values: [],
    queryMode: 'extended',
  };
  return config;
}

/**
 * Field filters render as `1 = 1` without a value, so EXPLAIN cannot see them: check that every
 * column a field filter points at exists, since Metabase needs it as a synced field.
 */
async function missingFilterColumns(
  client: pg.ClientBase,
  questions: readonly DesiredQuestion[],
): Promise<string[]> {
  const wanted = questions.flatMap((q) =>
    q.templateTags.flatMap((t) =>
      t.type === 'dimension'
        ? [
            {
              question: q,
              schema: t.dimension.schema,
              view: t.dimension.view,
              column: t.dimension.column,
            },
          ]
        : [],
    ),
  );
  if (wanted.length === 0) return [];
  const { rows } = await client.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname || '.' || a.attname AS name
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped`,
    [[...new Set(wanted.map((w) => w.schema))]],
  );
  const existing = new Set(rows.map((r) => r.name));
  return wanted
    .filter((w) => !existing.has(`${w.schema}.${w.view}.${w.column}`))
    .map(
      (w) =>
        `${w.question.key} (${w.question.name}): its filter column ${w.schema}.${w.view}."${w.column}" does not exist`,
    );
}
