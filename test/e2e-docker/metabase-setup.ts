import { z } from 'zod';
import { MetabaseApi } from './metabase-api.ts';

export interface MetabaseAdmin {
  readonly email: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
}

/** Throwaway credentials for a throwaway container; strong enough for Metabase's password rules. */
export const testAdmin: MetabaseAdmin = {
  email: 'admin@dtx.example.com',
  password: 'e2e-Docker-Pr0vision-7319',
  firstName: 'E2E',
  lastName: 'Admin',
};

/**
 * Metabase's documented first-run setup: the one-time `setup-token` from the public session
 * properties, then `POST /api/setup` creates the first admin. Returns a client logged in as them
 * (through `POST /api/session`, the same login the CLI uses with METABASE_USER/PASSWORD).
 */
export async function setUpFirstAdmin(
  metabaseUrl: string,
  admin: MetabaseAdmin,
  siteName = 'DTX Reports (e2e)',
): Promise<MetabaseApi> {
  const anonymous = new MetabaseApi(metabaseUrl);
  const properties = await anonymous.get(
    '/api/session/properties',
    z.object({ 'setup-token': z.string().nullish(), 'has-user-setup': z.boolean().nullish() }),
  );
  const token = properties['setup-token'];
  if (properties['has-user-setup'] === true || token === null || token === undefined) {
    throw new Error(`Metabase at ${metabaseUrl} is already set up: the test needs a fresh one.`);
  }
  await anonymous.post(
    '/api/setup',
    {
      token,
      user: {
        email: admin.email,
        password: admin.password,
        first_name: admin.firstName,
        last_name: admin.lastName,
      },
      prefs: { site_name: siteName, site_locale: 'en', allow_tracking: false },
    },
    z.unknown(),
  );
  const session = await anonymous.post(
    '/api/session',
    { username: admin.email, password: admin.password },
    z.object({ id: z.string().min(1) }),
  );
  return anonymous.withSession(session.id);
}

/**
 * Points Metabase's SMTP at Mailpit (reachable by its network alias). `PUT /api/email` checks the
 * connection before saving, so this also proves Metabase reaches Mailpit.
 */
export async function configureSmtp(
  api: MetabaseApi,
  smtp: { readonly host: string; readonly port: number; readonly fromAddress: string },
): Promise<void> {
  await api.put(
    '/api/email',
    {
      'email-smtp-host': smtp.host,
      'email-smtp-port': smtp.port,
      'email-smtp-security': 'none',
      'email-smtp-username': null,
      'email-smtp-password': null,
    },
    z.unknown(),
  );
  await api.put('/api/setting/email-from-address', { value: smtp.fromAddress }, z.unknown());
}
