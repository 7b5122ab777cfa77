import { HttpError, type EmulatorRequest, type Json, type Router } from '../http-kit.ts';
import type { DatabaseRec, EmulatorState, FieldRec } from '../state.ts';

export interface RouteContext {
  readonly state: EmulatorState;
  /** Starts the background sync of a database (returns at once, like Metabase). */
  readonly scheduleSync: (database: DatabaseRec) => void;
  /** Checks that Metabase could connect with these details; resolves to an error message or null. */
  readonly testConnection: (database: DatabaseRec) => Promise<string | null>;
  /** The field's distinct values from the real database (what Metabase stores as FieldValues). */
  readonly distinctValues: (field: FieldRec) => Promise<Json[]>;
}

export type RegisterRoutes = (router: Router, context: RouteContext) => void;

/**
 * `api/check-superuser` and the superuser write policy of databases, tables, fields and settings
 * (src/metabase/api/common.clj; `::mi/write-policy.superuser` in the warehouse models): an API key
 * outside the Administrators group gets a 403 for these writes.
 */
export function requireSuperuser(state: EmulatorState, request: EmulatorRequest): void {
  if (!state.isSuperuser(request.userId)) {
    throw new HttpError(403, "You don't have permissions to do that.");
  }
}
