import pg from 'pg';
import { z } from 'zod';
import type { ReportGrant } from '../../desired/metabase/access-model.ts';
import { InputError, RemoteError } from '../../errors.ts';
import { postgresMessage } from '../../sql/postgres-message.ts';

/** DTX 2.0's report grants and the emails of all its users (for `--deactivate-revoked`). */
export interface Dtx2ReportAccess {
  readonly grants: readonly ReportGrant[];
  readonly userEmails: readonly string[];
}

const grantRow = z.object({
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  is_active: z.boolean(),
  action: z.enum(['read', 'manage']),
  account_id: z.union([z.string(), z.number()]).nullable(),
  account_type: z.enum(['service_org', 'client']).nullable(),
  account_name: z.string().nullable(),
  legacy_customer_id: z.number().int().nullable(),
});

const grantsSql = `
SELECT u.email, u.first_name, u.last_name, u.is_active, p.action,
       a.id AS account_id, a.account_type, a.name AS account_name, a.legacy_customer_id
FROM docutrax_auth_userpermission up
JOIN docutrax_auth_permission p ON p.id = up.permission_id
JOIN auth_user u ON u.id = up.user_id
LEFT JOIN docutrax_hierarchy_account a ON a.id = up.account_id
WHERE p.resource = 'reports' AND p.action IN ('read', 'manage')
ORDER BY lower(u.email), p.action, a.id NULLS FIRST`;

/**
 * Reads the grants live, in a READ ONLY transaction (DTX 2.0 is never written to here). The
 * tables are DTX 2.0's own (db/dtx2-reference-schema.sql); when they are missing the operator is
 * told how to skip this part.
 */
export async function readReportGrants(databaseUrl: string): Promise<Dtx2ReportAccess> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect().catch((error: unknown) => {
    throw new RemoteError(`cannot connect to PostgreSQL (${postgresMessage(error)})`, {
      system: 'postgres',
    });
  });
  try {
    await client.query('BEGIN TRANSACTION READ ONLY');
    const grants = await client.query(grantsSql).catch((error: unknown) => {
      throw new InputError(
        `cannot read DTX 2.0's report grants (${postgresMessage(error)}); run with --no-permissions to leave Metabase users and permissions alone.`,
      );
    });
    const users = await client.query<{ email: string }>(
      'SELECT lower(email) AS email FROM auth_user ORDER BY 1',
    );
    await client.query('COMMIT');
    const problems: string[] = [];
    const parsed: ReportGrant[] = [];
    grants.rows.forEach((row: unknown, index) => {
      const r = grantRow.safeParse(row);
      if (!r.success) {
        problems.push(
          `grant row ${index + 1}: ${r.error.issues[0]?.message ?? 'unexpected shape'}`,
        );
        return;
      }
      const g = r.data;
      parsed.push({
        email: g.email,
        firstName: g.first_name,
        lastName: g.last_name,
        userActive: g.is_active,
        action: g.action,
        account:
          g.account_id === null || g.account_type === null
            ? null
            : {
                id: Number(g.account_id),
                type: g.account_type,
                name: g.account_name ?? '',
                legacyCustomerId: g.legacy_customer_id,
              },
      });
    });
    if (problems.length > 0)
      throw new InputError("DTX 2.0's report grants are not as expected.", problems);
    return { grants: parsed, userEmails: users.rows.map((r) => r.email) };
  } finally {
    await client.end().catch(() => undefined);
  }
}
