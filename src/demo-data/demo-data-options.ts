import type { LegacyIdentities } from './legacy-identities.ts';

/**
 * Everything the generated rows depend on. The same options always give byte-identical rows:
 * determinism is per (seed, records, referenceDate, legacy identities). Dates are relative to
 * `referenceDate` ("today" for the data), so a run for a later day shifts every date with it.
 */
export interface DemoDataOptions {
  /** Number of records (DTX 1.0 "PH", vendors); every other table is sized from it. */
  readonly records: number;
  /** 32-bit unsigned seed. */
  readonly seed: number;
  /** `YYYY-MM-DD`: day 0 for every relative date. */
  readonly referenceDate: string;
  readonly legacy: LegacyIdentities;
}

export const maxDemoRecords = 50_000_000;
