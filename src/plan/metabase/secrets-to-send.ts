import type { PlanItem } from '../types.ts';

/**
 * Passwords are write-only in Metabase (it answers with a mask), so the plan cannot see that one
 * is out of date by comparing: these rules add the updates that send them.
 * - The reporting role's password changed in this run, or Metabase's connection was never given
 *   the role's current one (see role-password.ts): the connection is updated in the same run.
 * - `--rotate-secrets`: the connection's password and the SMTP password are sent again, for when
 *   a secret changed where nothing can compare it (the SMTP password, or a role whose pg_authid
 *   row is not readable by the provisioning user).
 */
export interface SecretsToSend {
  /** The role's password is not the one Metabase's connection was last given. */
  readonly roleChanged: boolean;
  readonly rotate: boolean;
  /** REPORTING_DB_PASSWORD is set (nothing can be sent without it). */
  readonly rolePasswordGiven: boolean;
  /** MB_EMAIL_SMTP_PASSWORD is set. */
  readonly smtpPasswordGiven: boolean;
}

const hidden = '(not shown)';

export function withSecretsToSend(
  items: readonly PlanItem[],
  secrets: SecretsToSend,
): readonly PlanItem[] {
  return items.map((item) => {
    if (item.kind === 'database' && item.action !== 'create' && secrets.rolePasswordGiven) {
      const why = secrets.roleChanged
        ? 'password changed (not shown)'
        : secrets.rotate
          ? 'password sent again: --rotate-secrets (not shown)'
          : null;
      return why === null ? item : sendPassword(item, 'details.password', why);
    }
    if (
      item.kind === 'setting' &&
      item.key === 'setting:email-smtp' &&
      secrets.rotate &&
      secrets.smtpPasswordGiven
    ) {
      return sendPassword(
        item,
        'password',
        'SMTP password sent again: --rotate-secrets (not shown)',
      );
    }
    return item;
  });
}

function sendPassword(item: PlanItem, path: string, why: string): PlanItem {
  return {
    ...item,
    action: 'update',
    changes: [...item.changes, { path, before: hidden, after: hidden }],
    note: item.note === undefined || item.action === 'noop' ? why : `${item.note}; ${why}`,
  };
}
