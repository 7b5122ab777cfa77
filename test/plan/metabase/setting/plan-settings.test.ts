import { describe, expect, it } from 'vitest';
import { indexManaged } from '../../../../src/plan/metabase/managed-index.ts';
import { planSettings } from '../../../../src/plan/metabase/setting/plan-settings.ts';
import {
  observedSettingKeys,
  settingForms,
} from '../../../../src/plan/metabase/setting/setting-comparable.ts';
import { desiredMetabase, expectGolden, observedMetabase } from '../recorded-metabase.ts';

/**
 * GET /api/setting/:key answers with the bare value (src/metabase/api/setting.clj); the SMTP port
 * comes back as text when it was set through the admin form.
 */
const settings = {
  'report-timezone': 'America/New_York',
  'email-smtp-host': 'smtp.example.com',
  'email-smtp-port': '587',
  'email-smtp-security': 'starttls',
  'email-smtp-username': 'mailer',
  'email-from-address': 'old@example.com',
};

const email = {
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls' as const,
  username: 'mailer',
  password: 'smtp-secret-value',
  fromAddress: 'reports@example.com',
};

describe('setting kind', () => {
  it('reads only the keys it compares, SMTP only when it is ours to manage', () => {
    expect(observedSettingKeys({ email: null })).toEqual(['report-timezone']);
    expect(observedSettingKeys({ email })).toHaveLength(6);
  });

  it('a port given as text equals the number; the password is never compared', () => {
    const desired = desiredMetabase({ email });
    const observed = observedMetabase({ settings });
    const plan = planSettings({ desired, observed, index: indexManaged(observed), prune: true });
    expect(plan.map((i) => [i.key, i.action])).toEqual([
      ['setting:email-from-address', 'update'],
      ['setting:email-smtp', 'noop'],
      ['setting:report-timezone', 'noop'],
    ]);
    expect(JSON.stringify(settingForms('UTC', email, settings))).not.toContain('smtp-secret-value');
    expectGolden('setting', plan);
  });
});
