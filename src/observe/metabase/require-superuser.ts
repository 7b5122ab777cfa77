import { InputError } from '../../errors.ts';
import type { MetabaseClient } from '../../metabase/metabase-client.ts';

/**
 * provision writes what only a Metabase administrator may write: the database connection
 * (`POST /api/database`), `sync_schema`, table and field metadata, settings and SMTP (superuser
 * checks and write policies in the warehouses, settings and channel APIs), and it reads the
 * connection's `details`, which Metabase drops for anyone who may not write the database. So it
 * checks first who it is, and says what is missing instead of failing halfway with a 403.
 */
export async function requireSuperuser(client: MetabaseClient): Promise<void> {
  const user = await client.currentUser();
  if (user.isSuperuser) return;
  throw new InputError(
    `the Metabase credentials belong to ${user.email}, who is not a Metabase administrator: ` +
      'plan and provision need an admin (superuser) to manage the database connection, sync, ' +
      'table and field metadata, settings and SMTP. Use an API key in the Administrators group ' +
      '(Admin settings → Authentication → API keys) or an admin login.',
  );
}
