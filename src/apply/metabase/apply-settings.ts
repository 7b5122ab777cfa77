import type { PlanItem } from '../../plan/types.ts';
import { count, type ApplyRun, type KindApplier } from './apply-run.ts';

/** Instance settings: the report time zone and, when given, SMTP (its password is write-only). */
async function applySettings(items: readonly PlanItem[], run: ApplyRun): Promise<void> {
  const { client, desired } = run;
  for (const item of items) {
    if (item.key === 'setting:report-timezone') {
      await client.updateSetting('report-timezone', desired.state.settings.reportTimezone);
    } else if (item.key === 'setting:email-smtp' && desired.email) {
      const { host, port, security, username, password } = desired.email;
      const answer = await client.updateEmailSettings({ host, port, security, username, password });
      // Metabase stores what its connection test settled on, not always what was sent
      // (`with-corrections`, src/metabase/channel/api/email.clj): say so, or every run would
      // send the same settings again without anyone knowing why.
      for (const [key, message] of Object.entries(answer.corrections)) {
        run.options.warn(
          `Metabase corrected ${key} (${message}): set ${key === 'email-smtp-security' ? `MB_EMAIL_SMTP_SECURITY=${answer.security ?? ''}` : key} in this tool's environment so the next provision does not send it again.`,
        );
      }
    } else if (item.key === 'setting:email-from-address' && desired.email?.fromAddress) {
      await client.updateSetting('email-from-address', desired.email.fromAddress);
    } else {
      continue;
    }
    count(run, 'setting', 'updated');
  }
}

export const settingApplier: KindApplier = { kinds: ['setting'], apply: applySettings };
