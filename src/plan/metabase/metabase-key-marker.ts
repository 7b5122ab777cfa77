/**
 * Metabase cannot store an id of ours (entity_id is not settable), so the managed key lives on the
 * object itself: in the description of collections, cards, dashboards and the database, and in
 * the email channel's `details` of pulses (which have no description; see `keyFromPulse`). The marker is how a run that was killed
 * midway, an ambiguous POST, or an object restored from the trash is recognised as ours. Objects
 * without a marker are not ours and are never touched.
 */

const markerPattern = /\n*\s*Managed by dtx-reports \(key: ([^\s)]+)\)\.[^\n]*$/;
const namePattern = /\s*\[dtx-reports ([^\s\]]+)\]$/;

export function describeWithKey(description: string, key: string): string {
  const note = `Managed by dtx-reports (key: ${key}). Edits made here are reverted by the next provision.`;
  return description.trim() === '' ? note : `${description.trimEnd()}\n\n${note}`;
}

export function keyFromDescription(description: string | null | undefined): string | null {
  const match = description ? markerPattern.exec(description) : null;
  return match?.[1] ?? null;
}

/** The description as a person wrote it, without our marker (what plans compare). */
export function descriptionWithoutKey(description: string | null | undefined): string {
  return (description ?? '').replace(markerPattern, '');
}

/** The legacy place of a subscription's key (before issue 12): a suffix of its name. */
export function nameWithKey(name: string, key: string): string {
  return `${name} [dtx-reports ${key}]`;
}

export function keyFromName(name: string): string | null {
  return namePattern.exec(name)?.[1] ?? null;
}

/**
 * Where a subscription keeps its key: a field of its channel's `details`. A pulse's name and card
 * list are not ours to keep: every `PUT /api/dashboard/:id`, from the UI or from us, renames all
 * subscriptions of the dashboard to the dashboard's name and adds the dashboard's cards they lack
 * (`:event/dashboard-update`, src/metabase/pulse/events/dashboard_subscription.clj), and its
 * position is no identity. Channel details are stored as sent (`update-pulse-channel!` /
 * `create-pulse-channel!`, src/metabase/pulse/models/pulse_channel.clj, only adds `:emails`,
 * which `to-json` strips again) and neither that event nor a restore touches them; they come in
 * the same POST that creates the pulse, so a run killed right after it still finds the pulse.
 */
const channelKeyField = 'dtx-reports-key';

export function channelDetailsWithKey(key: string): { readonly [channelKeyField]: string } {
  return { [channelKeyField]: key };
}

/** Where a found subscription keeps its key: its channel details, or (legacy) its name. */
export function keyPlaceOfPulse(pulse: {
  readonly name: string;
  readonly channels: readonly { readonly details: Readonly<Record<string, unknown>> }[];
}): { readonly key: string; readonly place: 'channel' | 'name' } | null {
  for (const channel of pulse.channels) {
    const key = channel.details[channelKeyField];
    if (typeof key === 'string' && key !== '') return { key, place: 'channel' };
  }
  const legacy = keyFromName(pulse.name);
  return legacy === null ? null : { key: legacy, place: 'name' };
}

export function keyFromPulse(pulse: {
  readonly name: string;
  readonly channels: readonly { readonly details: Readonly<Record<string, unknown>> }[];
}): string | null {
  return keyPlaceOfPulse(pulse)?.key ?? null;
}

export function nameWithoutKey(name: string): string {
  return name.replace(namePattern, '');
}
