import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { buildMetabaseMigration } from '../../../src/translate/metabase/desired-state.ts';
import { metabaseStateFiles } from '../../../src/desired/metabase/files.ts';
import { loadDesiredMetabaseState } from '../../../src/desired/metabase/load.ts';
import { fixtureInput } from '../../translate/metabase/fixture.ts';

/** Hand-edited or hostile question and dashboard files read back by plan/provision (issue 11). */

const files = metabaseStateFiles(buildMetabaseMigration(fixtureInput).state, 'test fixture');
const question = 'questions/coi/135-coi-not-in-compliance.yaml';
const delivery = 'dashboards/scheduled-deliveries/20-1004-doc-expired-customer-1004.yaml';

const edit = (file: string, change: (content: string) => string) =>
  files.map((f) => (f.path === file ? { ...f, content: change(f.content) } : f));

function loadError(changed: readonly { path: string; content: string }[]): InputError {
  try {
    loadDesiredMetabaseState(changed);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected the files to be rejected');
}

/** Nine levels of nine aliases each: 9^9 (387 million) strings once expanded. */
function aliasBomb(): string {
  const levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let level = 1; level < 9; level += 1) {
    levels.push(
      `a${level}: &a${level} [${Array(9)
        .fill(`*a${level - 1}`)
        .join(', ')}]`,
    );
  }
  return levels.join('\n');
}

describe('hostile question and dashboard files', () => {
  it('refuses a YAML alias bomb in a question file, naming the file, line and column', () => {
    const error = loadError(
      edit(question, (c) => c.replace('kind: question\n', `kind: question\n${aliasBomb()}\n`)),
    );
    expect(error.details).toEqual([
      `${question}:4:10: YAML alias *a0 refused (files read by dtx-reports never use aliases; many chained aliases can exhaust memory)`,
    ]);
  });

  it('refuses even a single alias (generate never writes one)', () => {
    const error = loadError(
      edit(question, (c) =>
        c.replace('kind: question', 'kind: &k question').replace('display: table', 'display: *k'),
      ),
    );
    expect(error.details).toEqual([
      expect.stringMatching(/^questions\/coi\/.*: YAML alias \*k refused/),
    ]);
  });

  it('refuses a subscription name carrying a header injection', () => {
    const error = loadError(
      edit(delivery, (c) =>
        c.replace(
          'name: DOC-Expired for Customer 1004',
          'name: "DOC-Expired\\r\\nBcc: thief@evil.example.com"',
        ),
      ),
    );
    expect(error.details).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${delivery}:\\d+: at subscriptions\\.0\\.name: must be one line without control or invisible characters`,
        ),
      ),
    ]);
  });
});
