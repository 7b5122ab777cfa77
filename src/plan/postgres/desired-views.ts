import { createHash } from 'node:crypto';
import { targetSchemaProblem } from '../../desired/views/target-schema.ts';
import { InputError } from '../../errors.ts';
import { parseViewFileHeader, type RequiredTable } from '../../desired/views/view-file-format.ts';
import type { SqlParser } from '../../desired/sql-safety/sql-parser.ts';
import { viewFileProblems } from '../../desired/sql-safety/view-file-safety.ts';

/** One generated view file, as provision sees it. */
export interface DesiredView {
  readonly schema: string;
  readonly name: string;
  /** Path relative to the --from folder, for messages. */
  readonly file: string;
  /** The whole file: CREATE OR REPLACE VIEW and its comments. */
  readonly sql: string;
  /** sha256 of `sql`: what "unchanged" is decided on (stored in the view's comment). */
  readonly hash: string;
  readonly dependsOn: readonly string[];
  readonly requires: readonly RequiredTable[];
  /** From the file header: set for views that can be materialized (see materializeViews). */
  readonly uniqueKey: readonly string[] | null;
  /** A materialized view instead of a view (provision --materialize). */
  readonly materialized: boolean;
}

export interface DesiredViews {
  readonly schema: string;
  /** In dependency order (a view after everything it depends on), ties by name. */
  readonly views: readonly DesiredView[];
}

/**
 * Validates the generated files as a set: each file is one CREATE VIEW of the view its header
 * names and comments on it (view-file-safety.ts: provision runs the file as it is), one target
 * schema, unique names, dependencies that exist and do not cycle. Every problem is reported at
 * once.
 */
export function desiredViewsFromFiles(
  files: readonly { path: string; text: string }[],
  parser: SqlParser,
): DesiredViews {
  const problems: string[] = [];
  const views: DesiredView[] = [];
  for (const file of files) {
    try {
      const header = parseViewFileHeader(file.text, file.path);
      const [schema = '', name = ''] = header.view.split('.');
      for (const problem of viewFileProblems(
        file.text,
        { schema, name, requires: header.requires },
        parser,
      )) {
        const line =
          problem.location === null
            ? ''
            : `:${(file.text.slice(0, problem.location).match(/\n/g) ?? []).length + 1}`;
        problems.push(`${file.path}${line}: ${problem.message}`);
      }
      views.push({
        schema,
        name,
        file: file.path,
        sql: file.text,
        hash: createHash('sha256').update(file.text).digest('hex'),
        dependsOn: header.dependsOn,
        requires: header.requires,
        uniqueKey: header.uniqueKey,
        materialized: false,
      });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(error.message, ...error.details);
    }
  }
  if (views.length === 0 && problems.length === 0) {
    problems.push('no generated view files found: run `dtx-reports generate` first');
  }
  const schemas = [...new Set(views.map((v) => v.schema))].sort();
  if (schemas.length > 1)
    problems.push(`the files target several schemas (${schemas.join(', ')}); generate again`);
  for (const schema of schemas) {
    const problem = targetSchemaProblem(schema);
    if (problem !== null) problems.push(`the view files target schema ${problem}`);
    const sources = views.filter((v) => v.requires.some((t) => t.schema === schema));
    if (sources.length > 0) {
      problems.push(
        `the view files target schema "${schema}", which also holds the DTX 2.0 tables they read (${sources[0]?.file}); the views need a schema of their own`,
      );
    }
  }
  const byName = new Map<string, DesiredView>();
  for (const view of views) {
    const key = `${view.schema}.${view.name}`;
    const other = byName.get(key);
    if (other) problems.push(`${view.file} and ${other.file} both define ${key}`);
    byName.set(key, view);
  }
  for (const view of views) {
    for (const dependency of view.dependsOn) {
      if (!byName.has(dependency))
        problems.push(`${view.file} depends on ${dependency}, which no file defines`);
    }
  }
  if (problems.length > 0) {
    throw new InputError(
      'The generated view files cannot be provisioned; nothing was changed.',
      problems,
    );
  }
  return { schema: schemas[0] ?? '', views: dependencyOrder(views, byName) };
}

function dependencyOrder(
  views: readonly DesiredView[],
  byName: ReadonlyMap<string, DesiredView>,
): DesiredView[] {
  const ordered: DesiredView[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (view: DesiredView, trail: readonly string[]) => {
    const key = `${view.schema}.${view.name}`;
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') {
      throw new InputError(
        `The view files depend on each other in a cycle: ${[...trail, key].join(' → ')}`,
      );
    }
    state.set(key, 'visiting');
    for (const dependency of [...view.dependsOn].sort()) {
      const target = byName.get(dependency);
      if (target) visit(target, [...trail, key]);
    }
    state.set(key, 'done');
    ordered.push(view);
  };
  for (const view of [...views].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
    visit(view, []);
  return ordered;
}
