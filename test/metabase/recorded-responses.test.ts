import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  collectionListSchema,
  dashboardSchema,
  databaseListSchema,
  databaseMetadataSchema,
  userSchema,
} from '../../src/metabase/responses.ts';
import { hasShared, sharedDir, sharedSkipMessage } from '../support/shared.ts';

if (!hasShared) console.warn(sharedSkipMessage);

/** Real responses from Metabase 0.50 (MBQL 4) and 0.57 (MBQL 5) parse into the same own types. */
describe.skipIf(!hasShared)('recorded responses parse into our types in both eras', () => {
  const read = (era: string, file: string): unknown =>
    JSON.parse(readFileSync(path.join(sharedDir, 'metabase', 'recorded', era, file), 'utf8'));
  const both = <T>(file: string, parse: (raw: unknown) => T): [T, T] => [
    parse(read('mbql4', file)),
    parse(read('mbql5', file)),
  ];

  it('dashboard: same dashcards, parameters and tabs', () => {
    const [old, now] = both('dashboard/2.json', (r) => dashboardSchema.parse(r));
    expect(now.dashcards.length).toBeGreaterThan(0);
    expect(now.dashcards).toEqual(old.dashcards);
    expect(now.parameters).toEqual(old.parameters);
    expect(now.tabs).toEqual(old.tabs);
  });

  it('database metadata: same tables and field ids and base types', () => {
    const [old, now] = both('database/2/metadata.json', (r) => databaseMetadataSchema.parse(r));
    const summary = (m: typeof old) =>
      m.tables.map((t) => [t.id, t.name, t.fields.map((f) => [f.id, f.name, f.baseType])]);
    expect(summary(now)).toEqual(summary(old));
  });

  it('database list (stored as the bare data array), collections without root, user', () => {
    const [oldDbs, nowDbs] = both('database.json', (r) => databaseListSchema.parse(r));
    expect(nowDbs.map((d) => d.id)).toEqual(oldDbs.map((d) => d.id));
    const [, collections] = both('collection.json', (r) => collectionListSchema.parse(r));
    expect(collections.every((c) => typeof c.id === 'number')).toBe(true);
    const [oldUser, nowUser] = both('user/1.json', (r) => userSchema.parse(r));
    expect(nowUser).toEqual(oldUser);
  });
});
