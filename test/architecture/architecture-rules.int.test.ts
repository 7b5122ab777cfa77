import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/shared.ts';

/**
 * `npm run check` must fail on each kind of violation the layout forbids. Each rule is run, with
 * the project's own configuration, on a small throw-away tree that breaks it (under .tmp/, inside
 * the project so node_modules resolves; git and eslint ignore it).
 */
const run = promisify(execFile);
const bin = (name: string) => path.join(projectRoot, 'node_modules', '.bin', name);

let root: string;
const write = (relative: string, text: string): void => {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};

beforeAll(() => {
  mkdirSync(path.join(projectRoot, '.tmp'), { recursive: true });
  root = mkdtempSync(path.join(projectRoot, '.tmp', 'architecture-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('dependency-cruiser (npm run lint:deps)', () => {
  let violations: { rule: string; from: string; to: string }[] = [];

  beforeAll(async () => {
    write('upward/src/plan/plan-thing.ts', "export { applied } from '../apply/apply-thing.ts';\n");
    write('upward/src/apply/apply-thing.ts', 'export const applied = 1;\n');
    write('cycle/src/translate/a.ts', "import { b } from './b.ts';\nexport const a = () => b;\n");
    write('cycle/src/translate/b.ts', "import { a } from './a.ts';\nexport const b = () => a;\n");
    write('io/src/plan/reads-pg.ts', "import pg from 'pg';\nexport const client = pg.Client;\n");
    write(
      'reachable/src/desired/model.ts',
      "import { client } from '../metabase/http.ts';\nexport const c = client;\n",
    );
    write(
      'reachable/src/metabase/http.ts',
      "import axios from 'axios';\nexport const client = axios;\n",
    );
    write('clean/src/plan/fine.ts', "import { m } from '../desired/m.ts';\nexport const f = m;\n");
    write('clean/src/desired/m.ts', 'export const m = 1;\n');
    const args = ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', root];
    const output = await run(bin('depcruise'), args, { cwd: projectRoot }).then(
      (r) => r.stdout,
      (error: { stdout: string }) => error.stdout,
    );
    const result = JSON.parse(output) as {
      summary: { violations: { rule: { name: string }; from: string; to: string }[] };
    };
    violations = result.summary.violations.map((v) => ({
      rule: v.rule.name,
      from: path.relative(root, path.resolve(projectRoot, v.from)),
      to: v.to,
    }));
  }, 120_000);

  it('fails on an import from a layer above', () => {
    expect(violations).toContainEqual(
      expect.objectContaining({
        rule: 'no-upward-import-from-plan',
        from: 'upward/src/plan/plan-thing.ts',
      }),
    );
  });

  it('fails on an import cycle', () => {
    expect(violations.filter((v) => v.rule === 'no-circular').map((v) => v.from)).toEqual(
      expect.arrayContaining(['cycle/src/translate/a.ts']),
    );
  });

  it('fails on an I/O library imported by a pure layer', () => {
    expect(violations).toContainEqual(
      expect.objectContaining({ rule: 'no-io-in-pure-layers', from: 'io/src/plan/reads-pg.ts' }),
    );
  });

  it('fails on an I/O library a pure layer reaches through another module', () => {
    expect(violations).toContainEqual(
      expect.objectContaining({
        rule: 'no-io-reachable-from-pure-layers',
        from: 'reachable/src/desired/model.ts',
      }),
    );
  });

  it('says nothing about a downward import', () => {
    expect(violations.filter((v) => v.from.startsWith('clean/'))).toEqual([]);
  });
});

describe('eslint (npm run lint)', () => {
  it('fails on an I/O import in a pure layer', async () => {
    const eslint = new ESLint({ cwd: projectRoot });
    const [result] = await eslint.lintText("import pg from 'pg';\nexport const c = pg.Client;\n", {
      filePath: path.join(projectRoot, 'src', 'translate', 'example.ts'),
    });
    expect(result?.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });
});

describe('knip (npm run lint:unused)', () => {
  it('fails on an unused export', async () => {
    write('knip/package.json', '{ "name": "knip-fixture", "type": "module", "private": true }\n');
    write('knip/knip.json', '{ "entry": ["main.ts"], "project": ["*.ts"] }\n');
    write('knip/main.ts', "import { used } from './lib.ts';\nexport const shown = used;\n");
    write('knip/lib.ts', 'export const used = 1;\nexport const unused = 2;\n');
    const failure = await run(bin('knip'), ['--no-progress', '--reporter', 'json'], {
      cwd: path.join(root, 'knip'),
    }).then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain('"name":"unused"');
  }, 120_000);
});
