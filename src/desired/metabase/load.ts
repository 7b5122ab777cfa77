import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../../errors.ts';
import { aliasProblem, firstAlias } from '../../yaml-aliases.ts';
import type { OutputFile } from '../output-file.ts';
import { sortByKey } from './keys.ts';
import type {
  DesiredCollection,
  DesiredDashboard,
  DesiredMetabaseState,
  DesiredQuestion,
  DesiredSettings,
  DesiredSubscription,
} from './model.ts';
import { metabaseFileSchema } from './schema.ts';
import { validateDesiredMetabaseState } from './validate.ts';

/**
 * Reads the questions/ and dashboards/ YAML back into the desired state. Every problem in every
 * file is collected (file, line, YAML path, what is wrong) before anything is returned, so
 * `plan`/`provision` stop before their first request.
 */

const isMetabaseFile = (path: string): boolean => /^(questions|dashboards)\/.+\.ya?ml$/.test(path);

function pathText(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(document)' : path.map(String).join('.');
}

export function loadDesiredMetabaseState(files: readonly OutputFile[]): DesiredMetabaseState {
  const problems: string[] = [];
  const collections: DesiredCollection[] = [];
  const questions: DesiredQuestion[] = [];
  const dashboards: DesiredDashboard[] = [];
  const subscriptions: DesiredSubscription[] = [];
  const settings: { file: string; value: DesiredSettings }[] = [];
  const origin = new Map<string, string>();
  const claim = (key: string, file: string): void => {
    const earlier = origin.get(key);
    if (earlier !== undefined && earlier !== file)
      problems.push(`${file}: ${key} is also defined in ${earlier}`);
    else origin.set(key, file);
  };

  const relevant = [...files]
    .filter((f) => isMetabaseFile(f.path))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const file of relevant) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(file.content, { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const pos = lineCounter.linePos(e.pos[0]);
        problems.push(
          `${file.path}:${pos.line}:${pos.col}: ${e.message.split('\n')[0] ?? e.message}`,
        );
      }
      continue;
    }
    const alias = firstAlias(doc, lineCounter);
    if (alias !== null) {
      problems.push(aliasProblem(file.path, alias));
      continue;
    }
    const parsed = metabaseFileSchema.safeParse(doc.toJS({ maxAliasCount: 0 }));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(
          `${file.path}${lineOf(doc, lineCounter, issue)}: at ${pathText(issue.path)}: ${issue.message}`,
        );
      }
      continue;
    }
    const data = parsed.data;
    switch (data.kind) {
      case 'settings':
        settings.push({ file: file.path, value: { reportTimezone: data.reportTimezone } });
        break;
      case 'collections':
        for (const c of data.collections) {
          claim(c.key, file.path);
          collections.push(c);
        }
        break;
      case 'question': {
        const { kind, ...question } = data;
        void kind; // the file's discriminator, not part of the model
        claim(question.key, file.path);
        questions.push(question);
        break;
      }
      case 'dashboard': {
        const { kind, subscriptions: nested, ...dashboard } = data;
        void kind;
        claim(dashboard.key, file.path);
        dashboards.push(dashboard);
        for (const s of nested ?? []) {
          claim(s.key, file.path);
          subscriptions.push({ ...s, dashboard: dashboard.key });
        }
        break;
      }
    }
  }
  // A broken file may be the settings file: only call it missing when every file was read.
  if (settings.length !== 1 && (problems.length === 0 || settings.length > 1)) {
    problems.push(
      settings.length === 0
        ? 'dashboards/: no settings file (kind: settings) found; run `dtx-reports generate`'
        : `settings are defined more than once: ${settings.map((s) => s.file).join(', ')}`,
    );
  }
  const first = settings[0];
  if (problems.length > 0 || first === undefined) {
    throw new InputError(
      'The Metabase definitions (questions/, dashboards/) are invalid.',
      problems,
    );
  }
  const state: DesiredMetabaseState = {
    settings: first.value,
    collections: sortByKey(collections),
    questions: sortByKey(questions),
    dashboards: sortByKey(dashboards),
    subscriptions: sortByKey(subscriptions),
  };
  const invalid = validateDesiredMetabaseState(state).map((p) => {
    const key = p.slice(0, p.indexOf(': '));
    return `${origin.get(key) ?? '(state)'}: ${p}`;
  });
  if (invalid.length > 0) {
    throw new InputError(
      'The Metabase definitions (questions/, dashboards/) are inconsistent.',
      invalid,
    );
  }
  return state;
}

/** `:line` of the node an issue points at (or its nearest existing parent). */
function lineOf(
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
  issue: z.core.$ZodIssue,
): string {
  for (let n = issue.path.length; n >= 0; n--) {
    const node: unknown = doc.getIn(issue.path.slice(0, n), true);
    if (node !== null && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
      const start: unknown = node.range[0];
      if (typeof start === 'number') return `:${lineCounter.linePos(start).line}`;
    }
  }
  return '';
}
