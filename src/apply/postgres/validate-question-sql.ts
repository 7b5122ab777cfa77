import type pg from 'pg';
import { InputError } from '../../errors.ts';
import type { DesiredQuestion } from '../../desired/metabase/model.ts';
import { renderNativeQuery } from '../../desired/metabase/native-query.ts';

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
  for (const question of questions) {
    let sql: string;
    try {
      sql = renderNativeQuery(question.sql, question.templateTags, {});
    } catch (error) {
      problems.push(`${question.key} (${question.name}): ${messageOf(error)}`);
      continue;
    }
    try {
      // A savepoint per statement: one failure must not poison the checks that follow.
      await client.query('SAVEPOINT dtx_check_question');
      await client.query(`EXPLAIN ${sql}`);
      await client.query('RELEASE SAVEPOINT dtx_check_question');
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT dtx_check_question');
      problems.push(`${question.key} (${question.name}): PostgreSQL says ${messageOf(error)}`);
    }
  }
  if (problems.length > 0) {
    throw new InputError(
      `${problems.length} question(s) do not run against the reporting views; nothing was changed.`,
      problems,
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
