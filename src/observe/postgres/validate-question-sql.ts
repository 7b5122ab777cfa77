import type pg from 'pg';
import { InputError } from '../../errors.ts';
import type { DesiredQuestion } from '../../desired/metabase/model.ts';
import { renderNativeQuery } from '../../desired/metabase/native-query-template.ts';
import { postgresMessage } from '../../sql/postgres-message.ts';

/**
 * Proves every question's SQL against the database before Metabase sees it: rendered the way
 * Metabase renders it with the question's defaults (optional filters left out), then EXPLAINed
 * — planned, not run. Every failing question is reported at once, with its file's key.
 */
export async function validateQuestionSql(
  client: pg.ClientBase,
  questions: readonly DesiredQuestion[],
): Promise<void> {
  const problems: string[] = [];
  // One failure must not poison the checks that follow, so they run inside a savepoint that a
  // failure rolls back to. One savepoint for all of them, not one per question: EXPLAIN changes
  // nothing, so rolling back past the earlier checks loses nothing, and a savepoint per question
  // cost two more round trips each (21,500 at 10,000 reports: slow against a remote server).
  // ROLLBACK TO keeps the savepoint, so it serves every later failure too.
  await client.query('SAVEPOINT dtx_check_question');
  for (const question of questions) {
    let sql: string;
    try {
      sql = renderNativeQuery(question.sql, question.templateTags, {});
    } catch (error) {
      problems.push(`${question.key} (${question.name}): ${postgresMessage(error)}`);
      continue;
    }
    try {
      await client.query(`EXPLAIN ${sql}`);
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT dtx_check_question');
      problems.push(
        `${question.key} (${question.name}): PostgreSQL says ${postgresMessage(error)}`,
      );
    }
  }
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
