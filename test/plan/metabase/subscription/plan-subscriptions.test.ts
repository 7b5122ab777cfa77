import { describe, expect, it } from 'vitest';
import type { DesiredSubscription } from '../../../../src/desired/metabase/model.ts';
import { pulseSchema } from '../../../../src/metabase/responses.ts';
import type { Card, Dashboard } from '../../../../src/metabase/types.ts';
import { indexManaged } from '../../../../src/plan/metabase/managed-index.ts';
import { describeWithKey } from '../../../../src/plan/metabase/metabase-key-marker.ts';
import { planSubscriptions } from '../../../../src/plan/metabase/subscription/plan-subscriptions.ts';
import { observedSubscriptionForm } from '../../../../src/plan/metabase/subscription/subscription-comparable.ts';
import {
  desiredMetabase,
  expectGolden,
  handWritten,
  observedMetabase,
} from '../recorded-metabase.ts';

/**
 * No pulse was recorded: test/fixtures/metabase/hand-written/pulse.json follows the wire shape of
 * GET /api/pulse/:id (src/metabase/models/pulse.clj in Metabase), with one email channel holding
 * an external address and a Metabase user.
 */
const pulse = handWritten('pulse.json', pulseSchema);
const ours = { description: describeWithKey('', 'question:report:29'), archived: false };
const observed = observedMetabase({
  cards: [{ id: 29, ...ours } as unknown as Card],
  dashboards: [
    {
      id: 2,
      archived: false,
      description: describeWithKey('', 'dashboard:overview'),
    } as unknown as Dashboard,
  ],
  pulses: [pulse],
});

const subscription = (recipients: readonly string[]): DesiredSubscription => ({
  key: 'subscription:schedule:41',
  name: 'Weekly compliance',
  dashboard: 'dashboard:overview',
  skipIfEmpty: true,
  channel: {
    schedule_type: 'weekly',
    schedule_day: 'mon',
    schedule_hour: 6,
    schedule_frame: null,
    recipients: recipients.map((email) => ({ email })),
  },
  cards: [
    { question: 'question:report:29', includeCsv: true, includeXls: false, formatRows: true },
  ],
});

describe('subscription kind: a GET /api/pulse/:id answer', () => {
  const planFor = (s: DesiredSubscription) => {
    const index = indexManaged(observed);
    const desired = desiredMetabase({ state: { subscriptions: [s] } });
    return {
      observed: [...index.pulses].map(([key, p]) => [
        key,
        observedSubscriptionForm(p, index.names),
      ]),
      plan: planSubscriptions({ desired, observed, index, prune: false }),
    };
  };

  it('a key in the name (legacy) is found and moved to the channel details; a missing format_rows means true; a Metabase user is drift', () => {
    const { observed: forms, plan } = planFor(subscription(['ops@example.com']));
    expect(plan.map((i) => [i.key, i.action, i.changes])).toEqual([
      [
        'subscription:schedule:41',
        'update',
        [
          { path: 'keyIn', before: 'name', after: 'channel details' },
          {
            path: 'recipients',
            before: ['ops@example.com', 'user #1'],
            after: ['ops@example.com'],
          },
        ],
      ],
    ]);
    expectGolden('subscription', { observed: forms, plan });
  });

  it('recipients compare as a set', () => {
    const { plan } = planFor(subscription(['admin@example.com', 'ops@example.com']));
    expect(plan.map((i) => i.action)).toEqual(['update']);
    const { plan: again } = planFor(subscription(['ops@example.com', 'admin@example.com']));
    expect(again).toEqual(plan);
  });
});
