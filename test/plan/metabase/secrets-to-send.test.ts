import { describe, expect, it } from 'vitest';
import {
  withSecretsToSend,
  type SecretsToSend,
} from '../../../src/plan/metabase/secrets-to-send.ts';
import type { PlanItem } from '../../../src/plan/types.ts';

const database = (action: PlanItem['action']): PlanItem => ({
  kind: 'database',
  key: 'database:reporting',
  title: 'DTX 2.0 reporting',
  action,
  remoteId: action === 'create' ? null : 7,
  changes: [],
});
const smtp: PlanItem = {
  kind: 'setting',
  key: 'setting:email-smtp',
  title: 'SMTP',
  action: 'noop',
  remoteId: 'email-smtp',
  changes: [],
};
const none: SecretsToSend = {
  roleChanged: false,
  rotate: false,
  rolePasswordGiven: true,
  smtpPasswordGiven: true,
};

describe('withSecretsToSend', () => {
  it('leaves the plan alone when no password changed and no rotation was asked', () => {
    expect(withSecretsToSend([database('noop'), smtp], none)).toEqual([database('noop'), smtp]);
  });

  it("turns an unchanged connection into an update when the role's password changed", () => {
    const [item] = withSecretsToSend([database('noop')], { ...none, roleChanged: true });
    expect(item).toMatchObject({
      action: 'update',
      note: 'password changed (not shown)',
      changes: [{ path: 'details.password', before: '(not shown)', after: '(not shown)' }],
    });
  });

  it('does not touch a connection being created (the create carries the password)', () => {
    expect(withSecretsToSend([database('create')], { ...none, roleChanged: true })).toEqual([
      database('create'),
    ]);
  });

  it('cannot send what it does not have', () => {
    const items = withSecretsToSend([database('noop'), smtp], {
      roleChanged: true,
      rotate: true,
      rolePasswordGiven: false,
      smtpPasswordGiven: false,
    });
    expect(items.map((i) => i.action)).toEqual(['noop', 'noop']);
  });

  it('--rotate-secrets sends both passwords', () => {
    const items = withSecretsToSend([database('noop'), smtp], { ...none, rotate: true });
    expect(items.map((i) => i.action)).toEqual(['update', 'update']);
    expect(items[1]?.note).toBe('SMTP password sent again: --rotate-secrets (not shown)');
  });
});
