import type { DesiredEmail } from '../../../desired/metabase/desired-metadata.ts';
import type { JsonValue } from '../../../metabase/json.ts';

/** One setting (or group of settings) we manage, both sides already in comparable form. */
export interface SettingForms {
  readonly key: string;
  readonly title: string;
  readonly want: unknown;
  readonly have: unknown;
}

/** Warnings for settings Metabase takes from its environment, among those we would manage. */
export function envLockedSettingWarnings(
  desired: { readonly email: DesiredEmail | null },
  envSettings: readonly { readonly key: string; readonly envName: string | null }[],
): string[] {
  const wanted = new Set(observedSettingKeys(desired));
  return envSettings
    .filter((s) => wanted.has(s.key))
    .map(
      (s) =>
        `Metabase's ${s.key} is set by its environment (${s.envName ?? 'an MB_* variable'}) and cannot be changed through the API: provision leaves it alone; change it where Metabase runs.`,
    );
}

/** The settings a plan reads, given what is desired. */
export function observedSettingKeys(desired: { readonly email: DesiredEmail | null }): string[] {
  return [
    'report-timezone',
    ...(desired.email
      ? [
          'email-smtp-host',
          'email-smtp-port',
          'email-smtp-security',
          'email-smtp-username',
          ...(desired.email.fromAddress ? ['email-from-address'] : []),
        ]
      : []),
  ];
}

/**
 * Settings Metabase got from `MB_*` environment variables (`locked`) are read-only and read back
 * as null (`user-facing-value`, src/metabase/settings/models/setting.clj): they are left out of
 * both sides, or every run would plan an update (the observer warns about them).
 */
export function settingForms(
  reportTimezone: string,
  email: DesiredEmail | null,
  settings: Readonly<Record<string, JsonValue>>,
  locked: ReadonlySet<string> = new Set(),
): SettingForms[] {
  const unlocked = (form: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(form).filter(([k]) => !locked.has(`email-smtp-${k}`)));
  const forms: SettingForms[] = [
    {
      key: 'setting:report-timezone',
      title: 'report-timezone',
      want: reportTimezone,
      have: settings['report-timezone'] ?? null,
    },
  ];
  const smtpLocked = ['host', 'port', 'security', 'username'].every((k) =>
    locked.has(`email-smtp-${k}`),
  );
  if (email && !smtpLocked) {
    forms.push({
      key: 'setting:email-smtp',
      // The password is write-only in Metabase: it is sent, never read back or compared.
      title: 'SMTP (the password is write-only and not compared)',
      want: unlocked({
        host: email.host,
        port: email.port,
        security: email.security,
        username: email.username,
      }),
      have: unlocked({
        host: settings['email-smtp-host'] ?? null,
        // Metabase returns the port as a number or as text depending on how it was set.
        port: settings['email-smtp-port'] == null ? null : Number(settings['email-smtp-port']),
        security: settings['email-smtp-security'] ?? null,
        username: settings['email-smtp-username'] ?? null,
      }),
    });
  }
  if (email) {
    if (email.fromAddress && !locked.has('email-from-address')) {
      forms.push({
        key: 'setting:email-from-address',
        title: 'email-from-address',
        want: email.fromAddress,
        have: settings['email-from-address'] ?? null,
      });
    }
  }
  return forms;
}
