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
      await client.updateEmailSettings({ host, port, security, username, password });
    } else if (item.key === 'setting:email-from-address' && desired.email?.fromAddress) {
      await client.updateSetting('email-from-address', desired.email.fromAddress);
    } else {
      continue;
    }
    count(run, 'setting', 'updated');
  }
}

export const settingApplier: KindApplier = { kinds: ['setting'], apply: applySettings };
