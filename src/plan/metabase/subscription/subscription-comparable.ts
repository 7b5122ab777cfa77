import type { DesiredSubscription } from '../../../desired/metabase/model.ts';
import type { Pulse } from '../../../metabase/types.ts';
import { idOrNull } from '../kind-planner.ts';
import type { IdNames } from '../managed-index.ts';
import { keyPlaceOfPulse } from '../metabase-key-marker.ts';

/**
 * A dashboard subscription (a pulse) with its one email channel. The name is not compared:
 * Metabase renames every subscription to its dashboard's name on each dashboard update
 * (src/metabase/pulse/events/dashboard_subscription.clj) and uses it for nothing else.
 */
export function desiredSubscriptionForm(s: DesiredSubscription) {
  return {
    // Where the key is kept: a subscription still keyed by its old name suffix is moved over.
    keyIn: 'channel details' as string,
    dashboard: s.dashboard,
    skipIfEmpty: s.skipIfEmpty,
    schedule: {
      type: s.channel.schedule_type,
      day: s.channel.schedule_day,
      hour: s.channel.schedule_hour,
      frame: s.channel.schedule_frame,
    },
    // Recipients are a set: Metabase does not keep their order.
    recipients: s.channel.recipients.map((r) => r.email).sort(),
    // Attached cards compare by question key; dashcard ids are Metabase's.
    cards: [...s.cards]
      .map((c) => ({
        question: c.question,
        includeCsv: c.includeCsv,
        includeXls: c.includeXls,
        formatRows: c.formatRows,
      }))
      .sort((a, b) => a.question.localeCompare(b.question)),
  };
}

export function observedSubscriptionForm(p: Pulse, names: IdNames) {
  // We create exactly one email channel per pulse; anything else is drift to show.
  const email = p.channels.find((c) => c.channelType === 'email' && c.enabled);
  return {
    keyIn: keyPlaceOfPulse(p)?.place === 'name' ? 'name' : 'channel details',
    dashboard: names.dashboardKey(p.dashboardId) ?? idOrNull(p.dashboardId),
    skipIfEmpty: p.skipIfEmpty,
    schedule: email
      ? {
          type: email.scheduleType,
          day: email.scheduleDay,
          hour: email.scheduleHour,
          frame: email.scheduleFrame,
        }
      : null,
    // A Metabase user as recipient is not one of ours: shown by id, so it is drift.
    recipients: (email?.recipients ?? [])
      .map((r) => ('email' in r ? r.email : `user #${r.id}`))
      .sort(),
    cards: p.cards
      .map((c) => ({
        question: names.questionKey(c.id) ?? `#${c.id}`,
        includeCsv: c.includeCsv,
        includeXls: c.includeXls,
        formatRows: c.formatRows,
      }))
      .sort((a, b) => a.question.localeCompare(b.question)),
  };
}
