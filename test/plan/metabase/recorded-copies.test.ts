import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cardSchema,
  collectionListSchema,
  dashboardSchema,
  databaseListSchema,
  databaseMetadataSchema,
} from '../../../src/metabase/responses.ts';
import { hasShared, sharedDir, sharedSkipMessage } from '../../support/shared.ts';
import { eras, recorded } from './recorded-metabase.ts';

if (!hasShared) console.warn(sharedSkipMessage);

/** Our copies of recorded responses (test/fixtures/metabase/recorded) say what the originals say. */
describe.skipIf(!hasShared)('own copies of the recorded responses', () => {
  const original = (era: string, file: string): unknown =>
    JSON.parse(readFileSync(path.join(sharedDir, 'metabase', 'recorded', era, file), 'utf8'));

  it.each(eras)('%s: parse exactly as the originals (trimmed ones: their kept parts)', (era) => {
    const same = (file: string, schema: { parse: (raw: unknown) => unknown }) =>
      expect(recorded(era, file, schema as never)).toEqual(schema.parse(original(era, file)));
    same('database.json', databaseListSchema);
    same('collection.json', collectionListSchema);
    for (const n of [27, 29, 32]) same(`card/${n}.json`, cardSchema);
    same('dashboard/2.json', dashboardSchema);
    const metadata = databaseMetadataSchema.parse(original(era, 'database/2/metadata.json'));
    expect(recorded(era, 'database/2/metadata.json', databaseMetadataSchema)).toEqual({
      ...metadata,
      tables: metadata.tables.filter((t) => t.id === 10 || t.id === 12),
    });
  });
});
