import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { z } from 'zod';
import type {
  DesiredMetabase,
  ObservedMetabase,
} from '../../../src/plan/metabase/metabase-state.ts';
import { projectRoot } from '../../support/shared.ts';

/** Metabase 0.50 answers in MBQL 4, 0.57 in MBQL 5: every kind must normalise both the same way. */
export const eras = ['mbql4', 'mbql5'] as const;
export type Era = (typeof eras)[number];

const fixtures = path.join(projectRoot, 'test', 'fixtures', 'metabase');

/** A recorded response (own copy, see test/fixtures/metabase/recorded/README.md), parsed. */
export function recorded<S extends z.ZodType>(era: Era, file: string, schema: S): z.output<S> {
  return schema.parse(JSON.parse(readFileSync(path.join(fixtures, 'recorded', era, file), 'utf8')));
}

export function handWritten<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  return schema.parse(JSON.parse(readFileSync(path.join(fixtures, 'hand-written', file), 'utf8')));
}

const goldenDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');

/** Compares with golden/<name>.json; UPDATE_GOLDEN=1 rewrites it after a reviewed change. */
export function expectGolden(name: string, value: unknown): void {
  const file = path.join(goldenDir, `${name}.json`);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env['UPDATE_GOLDEN'] === '1') {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, text);
  }
  expect(existsSync(file), `${file} missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

export function observedMetabase(parts: Partial<ObservedMetabase>): ObservedMetabase {
  return {
    database: null,
    metadata: null,
    collections: [],
    cards: [],
    dashboards: [],
    pulses: [],
    settings: {},
    envSettings: [],
    ...parts,
  };
}

export function desiredMetabase(
  parts: Partial<Omit<DesiredMetabase, 'state'>> & {
    readonly state?: Partial<DesiredMetabase['state']>;
  },
): DesiredMetabase {
  return {
    database: parts.database ?? {
      key: 'database:reporting',
      name: 'dbtmetabase',
      details: {
        host: 'postgres',
        port: 5432,
        dbname: 'dbtmetabase',
        user: 'dbtmetabase',
        ssl: false,
        'schema-filters-type': 'inclusion',
        'schema-filters-patterns': 'reporting',
      },
    },
    tables: parts.tables ?? [],
    email: parts.email ?? null,
    state: {
      settings: { reportTimezone: 'America/New_York' },
      collections: [],
      questions: [],
      dashboards: [],
      subscriptions: [],
      ...parts.state,
    },
  };
}
