import type { DesiredEmail } from '../../../desired/metabase/desired-metadata.ts';
import type { JsonValue } from '../../../metabase/json.ts';

/** One setting (or group of settings) we manage, both sides already in comparable form. */
export interface SettingForms {
  readonly key: string;
  readonly title: string;
  readonly want: unknown;
  readonly have: unknown;
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

export function settingForms(
  reportTimezone: string,
  email: DesiredEmail | null,
  settings: Readonly<Record<string, JsonValue>>,
): SettingForms[] {
  const forms: SettingForms[] = [
    {
      key: 'setting:report-timezone',
      title: 'report-timezone',
      want: reportTimezone,
      have: settings['report-timezone'] ?? null,
    },
  ];
  if (email) {
    forms.push({
      key: 'setting:email-smtp',
      // The password is write-only in Metabase: it is sent, never read back or compared.
      title: 'SMTP (the password is write-only and not compared)',
      want: {
        host: email.host,
        port: email.port,
        security: email.security,
        username: email.username,
      },
      have: {
        host: settings['email-smtp-host'] ?? null,
        // Metabase returns the port as a number or as text depending on how it was set.
        port: settings['email-smtp-port'] == null ? null : Number(settings['email-smtp-port']),
        security: settings['email-smtp-security'] ?? null,
        username: settings['email-smtp-username'] ?? null,
      },
    });
    if (email.fromAddress) {
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
