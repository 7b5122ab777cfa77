import {
  HttpError,
  boolQuery,
  idParam,
  isRecord,
  notFound,
  ok,
  validationError,
} from '../http-kit.ts';
import type { Json, JsonRecord } from '../http-kit.ts';
import { presentPulse } from '../present.ts';
import { entityId } from '../state.ts';
import type { ChannelRec, EmulatorState, PulseCardRec, PulseRec } from '../state.ts';
import { BodyCheck } from '../validate.ts';
import type { RegisterRoutes } from './context.ts';

const channelTypes = ['email', 'slack', 'http'];
const scheduleTypes = ['hourly', 'daily', 'weekly', 'monthly'];
const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const frames = ['first', 'mid', 'last'];

const isHour = (v: Json | undefined): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 23;

/** Metabase's valid-schedule? rule, combination by combination. */
function scheduleProblem(c: JsonRecord): string | null {
  const type = c['schedule_type'];
  if (typeof type !== 'string' || !scheduleTypes.includes(type)) {
    return 'schedule_type must be one of hourly, daily, weekly, monthly';
  }
  if (type === 'hourly') return null;
  if (!isHour(c['schedule_hour'])) return `a ${type} schedule needs schedule_hour between 0 and 23`;
  const day = c['schedule_day'];
  if (type === 'weekly' && (typeof day !== 'string' || !days.includes(day))) {
    return 'a weekly schedule needs schedule_day mon, tue, wed, thu, fri, sat or sun';
  }
  if (type === 'monthly') {
    const frame = c['schedule_frame'];
    if (typeof frame !== 'string' || !frames.includes(frame)) {
      return 'a monthly schedule needs schedule_frame first, mid or last';
    }
    if (frame === 'mid' && day !== null && day !== undefined) {
      return 'a monthly schedule on the 15th (mid) must have schedule_day null';
    }
    if (day !== null && day !== undefined && (typeof day !== 'string' || !days.includes(day))) {
      return 'schedule_day must be mon, tue, wed, thu, fri, sat or sun';
    }
  }
  return null;
}

/**
 * The channels as sent, matched to the stored ones by `id` (`update-notification-channels!`,
 * src/metabase/pulse/models/pulse.clj: `u/row-diff` on ids, a channel without one gets a negative
 * id): one with a known id is updated in place, one without is created, and every stored channel
 * the list does not name is deleted — so a client that leaves ids out recreates every channel on
 * every update.
 */
function parseChannels(
  state: EmulatorState,
  raw: Json | undefined,
  existing: readonly ChannelRec[],
): ChannelRec[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw validationError({ channels: 'value must be a non-empty sequence.' });
  const now = state.timestamp();
  return raw.map((item) => {
    if (!isRecord(item)) throw validationError({ channels: 'value must be a map.' });
    const channelType = item['channel_type'];
    if (typeof channelType !== 'string' || !channelTypes.includes(channelType)) {
      throw validationError({ channels: 'channel_type must be one of email, slack, http' });
    }
    if (typeof item['enabled'] !== 'boolean')
      throw validationError({ channels: 'enabled must be a boolean' });
    const problem = scheduleProblem(item);
    if (problem !== null) throw validationError({ channels: problem });
    const userIds: number[] = [];
    const emails: string[] = [];
    const recipients = item['recipients'] ?? [];
    if (!Array.isArray(recipients))
      throw validationError({ channels: 'recipients must be a sequence of maps' });
    for (const r of recipients) {
      if (!isRecord(r))
        throw validationError({ channels: 'recipients must be a sequence of maps' });
      if (typeof r['id'] === 'number') {
        const user = state.users.get(r['id']);
        if (user === undefined)
          throw new HttpError(404, { message: `User ${r['id']} does not exist.` });
        if (typeof r['email'] === 'string' && r['email'] !== user.email) {
          throw new HttpError(403, { message: `Wrong email address for User ${r['id']}.` });
        }
        if (!userIds.includes(r['id'])) userIds.push(r['id']);
      } else if (typeof r['email'] === 'string' && /^[^@\s]+@[^@\s]+$/.test(r['email'])) {
        if (!emails.includes(r['email'])) emails.push(r['email']);
      } else {
        throw validationError({ channels: 'each recipient needs a user id or an email address' });
      }
    }
    const type = String(item['schedule_type']);
    const details = isRecord(item['details']) ? { ...item['details'] } : {};
    delete details['emails'];
    const previous =
      typeof item['id'] === 'number' ? existing.find((c) => c.id === item['id']) : undefined;
    return {
      id: previous?.id ?? state.nextId('channel'),
      entity_id: previous?.entity_id ?? entityId(),
      channel_type: channelType,
      enabled: item['enabled'],
      schedule_type: type,
      // Metabase stores only what the schedule type uses.
      schedule_hour: type === 'hourly' ? null : (item['schedule_hour'] as number),
      schedule_day:
        type === 'weekly' || type === 'monthly'
          ? ((item['schedule_day'] as string | null | undefined) ?? null)
          : null,
      schedule_frame: type === 'monthly' ? (item['schedule_frame'] as string) : null,
      details,
      user_ids: userIds,
      emails,
      created_at: previous?.created_at ?? now,
      updated_at: now,
    };
  });
}

function parseCards(
  state: EmulatorState,
  raw: Json | undefined,
  dashboardId: number | null,
): PulseCardRec[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw validationError({ cards: 'value must be a non-empty sequence.' });
  return raw.map((item) => {
    if (!isRecord(item) || typeof item['id'] !== 'number') {
      throw validationError({
        cards:
          'value must be a map with the keys `id`, `include_csv`, `include_xls`, and `dashboard_card_id`.',
      });
    }
    if (!state.cards.has(item['id'])) throw notFound();
    const dashcardId = item['dashboard_card_id'];
    if (typeof dashcardId === 'number') {
      const dashboard = dashboardId === null ? undefined : state.dashboards.get(dashboardId);
      if (dashboard === undefined || !dashboard.dashcards.some((d) => d.id === dashcardId)) {
        throw new HttpError(400, {
          message: `Dashboard card ${dashcardId} is not on dashboard ${dashboardId}.`,
        });
      }
    }
    return {
      id: item['id'],
      include_csv: item['include_csv'] === true,
      include_xls: item['include_xls'] === true,
      dashboard_card_id: typeof dashcardId === 'number' ? dashcardId : null,
      format_rows: item['format_rows'] !== false,
      pivot_results: item['pivot_results'] === true,
    };
  });
}

function checkBase(body: Json | undefined, forTest: boolean): JsonRecord {
  const check = new BodyCheck(body)
    .nonBlank('name')
    .array('cards', { required: true, nullable: false, nonEmpty: true })
    .array('channels', { required: true, nullable: false, nonEmpty: true })
    .boolean('skip_if_empty')
    .positiveInt('collection_id')
    .positiveInt('collection_position')
    .positiveInt('dashboard_id')
    .array('parameters');
  if (forTest) check.boolean('disable_links');
  return check.done();
}

export const registerPulseRoutes: RegisterRoutes = (router, { state }) => {
  const find = (id: number): PulseRec => {
    const pulse = state.pulses.get(id);
    if (pulse === undefined) throw notFound();
    return pulse;
  };
  const dashboardOf = (body: JsonRecord): number | null => {
    const id = typeof body['dashboard_id'] === 'number' ? body['dashboard_id'] : null;
    if (id !== null && !state.dashboards.has(id)) throw notFound();
    return id;
  };

  router.on('GET', '/api/pulse', (request) => {
    const archived = boolQuery(request, 'archived');
    const rawDashboard = request.query.get('dashboard_id');
    const dashboardId = rawDashboard === null ? null : Number(rawDashboard);
    // retrieve-pulses (src/metabase/pulse/models/pulse.clj): `[:or [:= :p.dashboard_id nil]
    // [:= :d.archived false]]` — a subscription of a trashed dashboard is listed neither as active
    // nor as archived, until the dashboard is restored.
    const dashboardActive = (p: PulseRec): boolean =>
      p.dashboard_id === null || state.dashboards.get(p.dashboard_id)?.archived === false;
    const list = [...state.pulses.values()]
      .filter((p) => p.archived === archived && dashboardActive(p))
      .filter((p) => dashboardId === null || p.dashboard_id === dashboardId)
      .sort((a, b) => a.id - b.id);
    return ok(list.map((p) => presentPulse(state, p)));
  });

  router.on('POST', '/api/pulse', (request) => {
    const body = checkBase(request.body, false);
    const dashboardId = dashboardOf(body);
    const cards = parseCards(state, body['cards'], dashboardId);
    const channels = parseChannels(state, body['channels'], []);
    const now = state.timestamp();
    const id = state.nextId('pulse');
    const pulse: PulseRec = {
      id,
      entity_id: entityId(),
      name: String(body['name']),
      dashboard_id: dashboardId,
      collection_id: typeof body['collection_id'] === 'number' ? body['collection_id'] : null,
      collection_position:
        typeof body['collection_position'] === 'number' ? body['collection_position'] : null,
      archived: false,
      skip_if_empty: body['skip_if_empty'] === true,
      parameters: Array.isArray(body['parameters']) ? body['parameters'] : [],
      creator_id: request.userId,
      cards,
      channels,
      created_at: now,
      updated_at: now,
    };
    state.pulses.set(id, pulse);
    return ok(presentPulse(state, pulse));
  });

  router.on('POST', '/api/pulse/test', (request) => {
    const body = checkBase(request.body, true);
    const dashboardId = dashboardOf(body);
    parseCards(state, body['cards'], dashboardId);
    const channels = parseChannels(state, body['channels'], []);
    // Nothing is delivered; the outbox lets tests see who would have been emailed.
    const recipients = channels
      .filter((c) => c.channel_type === 'email')
      .flatMap((c) => [
        ...c.user_ids.map((id) => state.users.get(id)?.email ?? `user:${id}`),
        ...c.emails,
      ]);
    state.outbox.push({ pulseName: String(body['name']), dashboardId, recipients });
    return ok({ ok: true });
  });

  router.on('GET', '/api/pulse/:id', (request) => ok(presentPulse(state, find(idParam(request)))));

  router.on('PUT', '/api/pulse/:id', (request) => {
    const pulse = find(idParam(request));
    const body = new BodyCheck(request.body)
      .nonBlank('name', { required: false, nullable: true })
      .array('cards', { nonEmpty: true })
      .array('channels', { nonEmpty: true })
      .boolean('skip_if_empty')
      .boolean('archived')
      .positiveInt('collection_id')
      .array('parameters')
      .done();
    const cards = Array.isArray(body['cards'])
      ? parseCards(state, body['cards'], pulse.dashboard_id)
      : pulse.cards;
    // Both default to false when omitted: a partial PUT un-archives and stops skipping empty results.
    const archived = body['archived'] === true;
    // The Pulse before-update hook (pulse.clj) runs first: a change of `archived` disables (or
    // re-enables) every channel; the channels in the body are applied after it, so sending them
    // back with enabled:true while archiving enables them again.
    if (archived !== pulse.archived) {
      for (const channel of pulse.channels) channel.enabled = !archived;
    }
    const channels = Array.isArray(body['channels'])
      ? parseChannels(state, body['channels'], pulse.channels)
      : pulse.channels;
    if (typeof body['name'] === 'string') pulse.name = body['name'];
    if ('collection_id' in body)
      pulse.collection_id =
        typeof body['collection_id'] === 'number' ? body['collection_id'] : null;
    if (Array.isArray(body['parameters'])) pulse.parameters = body['parameters'];
    pulse.cards = cards;
    pulse.channels = channels;
    pulse.skip_if_empty = body['skip_if_empty'] === true;
    pulse.archived = archived;
    pulse.updated_at = state.timestamp();
    return ok(presentPulse(state, pulse));
  });
};
