import type { DesiredDatabase } from '../../../desired/metabase/desired-metadata.ts';
import type { Database } from '../../../metabase/types.ts';

/**
 * The connection as we compare it: name, engine and only the detail keys we set. Metabase
 * stores more details (defaults, its own flags) and never returns the password: comparing
 * those would show drift on every run.
 */
export function desiredDatabaseForm(desired: DesiredDatabase) {
  return {
    name: desired.name,
    engine: 'postgres',
    details: detailsWeSet(desired, desired.details),
  };
}

export function observedDatabaseForm(desired: DesiredDatabase, observed: Database) {
  return {
    name: observed.name,
    engine: observed.engine,
    details: detailsWeSet(desired, observed.details),
  };
}

/** Only our keys, absent ones as null: Metabase drops details it was never given. */
function detailsWeSet(desired: DesiredDatabase, details: Readonly<Record<string, unknown>>) {
  return Object.fromEntries(Object.keys(desired.details).map((k) => [k, details[k] ?? null]));
}
