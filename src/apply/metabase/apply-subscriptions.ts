import type { DesiredSubscription } from '../../desired/metabase/model.ts';
import { keyFromName, nameWithKey } from '../../plan/metabase/metabase-key-marker.ts';
import type { PlanItem } from '../../plan/types.ts';
import { mapWithConcurrency } from '../../concurrency.ts';
import { archiveEach, count, requireId, type ApplyRun, type KindApplier } from './apply-run.ts';

/** Dashboard subscriptions (pulses), one email channel each; our key sits in the name. */
async function applySubscriptions(items: readonly PlanItem[], run: ApplyRun): Promise<void> {
  const { client, desired, options } = run;
  const byKey = new Map<string, DesiredSubscription>(
    desired.state.subscriptions.map((s) => [s.key, s]),
  );
  options.progress.phase('subscriptions', items.length);
  await mapWithConcurrency(items, options.concurrency, async (item) => {
    const want = byKey.get(item.key);
    if (!want) return;
    const body = pulseBody(want, run);
    if (item.action === 'create') {
      await client.createPulse(body, {
        findExisting: async () =>
          (await client.listPulses()).find((p) => keyFromName(p.name) === want.key),
      });
      count(run, 'subscription', 'created');
    } else {
      await client.updatePulse(Number(item.remoteId), { ...body, archived: false });
      count(run, 'subscription', 'updated');
    }
    options.progress.step(`${item.action} subscription ${want.name}`);
  });
}

async function archiveSubscriptions(items: readonly PlanItem[], run: ApplyRun): Promise<void> {
  await archiveEach('subscription', items, run, (_item, id) => run.client.archivePulse(id));
}

export const subscriptionApplier: KindApplier = {
  kinds: ['subscription'],
  apply: applySubscriptions,
  archive: archiveSubscriptions,
};

function pulseBody(want: DesiredSubscription, run: ApplyRun) {
  const dashboardId = requireId(run.ids.dashboards, want.dashboard);
  const onDashboard = run.ids.dashcards.get(want.dashboard);
  return {
    name: nameWithKey(want.name, want.key),
    dashboardId,
    skipIfEmpty: want.skipIfEmpty,
    cards: want.cards.map((c) => ({
      id: requireId(run.ids.cards, c.question),
      includeCsv: c.includeCsv,
      includeXls: c.includeXls,
      dashboardCardId: onDashboard?.get(c.question) ?? null,
      formatRows: c.formatRows,
    })),
    channels: [
      {
        channelType: 'email' as const,
        enabled: true,
        scheduleType: want.channel.schedule_type,
        scheduleHour: want.channel.schedule_hour,
        scheduleDay: want.channel.schedule_day,
        scheduleFrame: want.channel.schedule_frame,
        recipients: want.channel.recipients.map((r) => ({ email: r.email })),
        details: {},
      },
    ],
  };
}
