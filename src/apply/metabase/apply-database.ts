import { InputError } from '../../errors.ts';
import type { PlanItem } from '../../plan/types.ts';
import { count, type ApplyRun } from './apply-run.ts';

/** The connection Metabase reads the views through: created or updated, never archived. */
export async function applyDatabase(items: readonly PlanItem[], run: ApplyRun): Promise<void> {
  const item = items[0];
  if (!item) return;
  const { client, desired, options } = run;
  if (options.databasePassword === null) {
    throw new InputError(
      'REPORTING_DB_PASSWORD is not set: provision needs it to point Metabase at the reporting role.',
    );
  }
  const input = {
    name: desired.database.name,
    engine: 'postgres',
    details: { ...desired.database.details, password: options.databasePassword },
  };
  options.progress.phase('database connection', 1);
  if (item.action === 'create') {
    run.database = await client.createDatabase(
      { ...input, isFullSync: true, isOnDemand: false },
      {
        findExisting: async () => (await client.listDatabases()).find((d) => d.name === input.name),
      },
    );
    count(run, 'database', 'created');
  } else if (run.database) {
    run.database = await client.updateDatabase(run.database.id, input);
    count(run, 'database', 'updated');
  }
  options.progress.step(`${item.action} ${desired.database.name}`);
}
