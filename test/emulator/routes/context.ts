import type { Router } from '../http-kit.ts';
import type { DatabaseRec, EmulatorState } from '../state.ts';

export interface RouteContext {
  readonly state: EmulatorState;
  /** Starts the background sync of a database (returns at once, like Metabase). */
  readonly scheduleSync: (database: DatabaseRec) => void;
  /** Checks that Metabase could connect with these details; resolves to an error message or null. */
  readonly testConnection: (database: DatabaseRec) => Promise<string | null>;
}

export type RegisterRoutes = (router: Router, context: RouteContext) => void;
