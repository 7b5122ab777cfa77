import type { DesiredSubscription } from '../../desired/metabase/model.ts';
import type { Pulse } from '../../metabase/types.ts';
import { indexManaged } from '../../plan/metabase/managed-index.ts';
import type { ObservedMetabase } from '../../plan/metabase/metabase-state.ts';
import { channelDetailsWithKey, keyFromPulse } from '../../plan/metabase/metabase-key-marker.ts';
import { planSubscriptions } from '../../plan/metabase/subscription/plan-subscriptions.ts';
import type { PlanItem } from '../../plan/types.ts';
import { mapWithConcurrency } from '../../concurrency.ts';
import { uniqueById } from '../../observe/metabase/observe-metabase.ts';
import { archiveEach, count, requireId, type ApplyRun, type KindApplier } from './apply-run.ts';

/**
 * Dashboard subscriptions (pulses), one email channel each; our key sits in the channel's
 * details (metabase-key-marker.ts). Metabase listed none for a dashboard that was in the trash
 * (`retrieve-pulses`, src/metabase/pulse/models/pulse.clj): once the dashboards step has restored
 * such dashboards, their subscriptions are looked up again (active and archived) and planned
 * again, so a restored dashboard never gets a second set.
 */
async function applySubscriptions(planned: readonly PlanItem[], run: ApplyRun): Promise<void> {
  const { client, desired, options } = run;
  let items = planned;
  let pulses = run.index.pulses;
  if (run.restoredDashboards.length > 0) {
    const found = (
      await Promise.all(
        run.restoredDashboards.flatMap((dashboardId) => [
          client.listPulses({ dashboardId }),
          client.listPulses({ dashboardId, archived: true }),
        ]),
      )
    ).flat();
    const again: ObservedMetabase = {
      ...run.observed,
      pulses: uniqueById([...run.observed.pulses, ...found]),
    };
    const index = indexManaged(again);
    const replanned = planSubscriptions({ desired, observed: again, index, prune: options.prune });
    items = replanned.filter((i) => i.action === 'create' || i.action === 'update');
    pulses = index.pulses;
    const archivedBefore = new Set(run.observed.pulses.map((p) => p.id));
    await archiveSubscriptions(
      replanned.filter((i) => i.action === 'archive' && !archivedBefore.has(Number(i.remoteId))),
      run,
    );
  }
  const byKey = new Map<string, DesiredSubscription>(
    desired.state.subscriptions.map((s) => [s.key, s]),
  );
  options.progress.phase('subscriptions', items.length);
  await mapWithConcurrency(items, options.concurrency, async (item) => {
    const want = byKey.get(item.key);
    if (!want) return;
    const body = pulseBody(want, run, pulses.get(want.key));
    if (item.action === 'create') {
      await client.createPulse(body, {
        findExisting: async () =>
          (await client.listPulses({ dashboardId: body.dashboardId })).find(
            (p) => keyFromPulse(p) === want.key,
          ),
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

/**
 * The key travels in the channel's details; the channel keeps its id, so Metabase updates it
 * instead of deleting and recreating it (`update-notification-channels!`, pulse.clj).
 */
function pulseBody(want: DesiredSubscription, run: ApplyRun, existing: Pulse | undefined) {
  const dashboardId = requireId(run.ids.dashboards, want.dashboard);
  const onDashboard = run.ids.dashcards.get(want.dashboard);
  const channelId = existing?.channels.find((c) => c.channelType === 'email')?.id ?? null;
  return {
    name: want.name,
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
        id: channelId,
        channelType: 'email' as const,
        enabled: true,
        scheduleType: want.channel.schedule_type,
        scheduleHour: want.channel.schedule_hour,
        scheduleDay: want.channel.schedule_day,
        scheduleFrame: want.channel.schedule_frame,
        recipients: want.channel.recipients.map((r) => ({ email: r.email })),
        details: channelDetailsWithKey(want.key),
      },
    ],
  };
}
