/**
 * The DTX 1.0 identities the demo data must carry so that the bundled legacy export (reports,
 * schedules, run logs, the report_data snapshot) maps onto demo rows: every legacy customer is a
 * service org, every sample CH_ID a client under it, every sample PH_ID a record under that client,
 * every legacy user id a user. Sorted, duplicate-free lists: the generator's input must not depend
 * on file order.
 */
import type { SnapshotFacts } from './snapshot-facts.ts';

export type AccountStatus = 'active' | 'inactive' | 'suspended';

export interface LegacyServiceOrg {
  readonly customerId: number;
  /** From report_data when the customer appears there. */
  readonly name: string | null;
  readonly industry: string | null;
  readonly status: AccountStatus | null;
  /** As report_data writes it, e.g. `K. Patel`. */
  readonly accountManager: string | null;
}

export interface LegacyClient {
  readonly chId: number;
  readonly customerId: number;
}

export interface LegacyRecord {
  readonly phId: number;
  readonly chId: number;
}

export interface LegacyUser {
  readonly userId: number;
  /** Customers whose reports the user ran or scheduled (sorted), possibly none. */
  readonly customerIds: readonly number[];
}

export interface LegacyIdentities {
  readonly serviceOrgs: readonly LegacyServiceOrg[];
  readonly clients: readonly LegacyClient[];
  readonly records: readonly LegacyRecord[];
  readonly users: readonly LegacyUser[];
  /** report_data's values for those records and clients (snapshot-alignment.ts applies them). */
  readonly snapshot?: SnapshotFacts;
}
