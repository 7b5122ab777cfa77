import { readLegacyExport } from '../legacy/read-export.ts';
import { legacyIdentitiesFromExport } from './legacy-identities-from-export.ts';
import type { LegacyIdentities } from './legacy-identities.ts';

/** Reads a DTX 1.0 reporting export (src/legacy) and keeps the identities the demo data carries. */
export async function readLegacyIdentities(dir: string): Promise<LegacyIdentities> {
  return legacyIdentitiesFromExport(await readLegacyExport(dir));
}
