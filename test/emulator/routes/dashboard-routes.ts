import { HttpError, isRecord, notFound, ok, validationError } from '../http-kit.ts';
import type { EmulatorRequest, Json, JsonRecord } from '../http-kit.ts';
import { presentDashboard, presentDashboardSummary } from '../present.ts';
import { entityId } from '../state.ts';
import type { DashboardRec, DashcardRec, EmulatorState, TabRec } from '../state.ts';
import { BodyCheck } from '../validate.ts';
import type { RegisterRoutes } from './context.ts';

const gridColumns = 24;
const nanoId = /^[A-Za-z0-9_-]{21}$/;

function findDashboard(state: EmulatorState, request: EmulatorRequest): DashboardRec {
  const raw = request.params['id'] ?? '';
  const dashboard = nanoId.test(raw)
    ? [...state.dashboards.values()].find((d) => d.entity_id === raw)
    : /^[1-9]\d*$/.test(raw)
      ? state.dashboards.get(Number(raw))
      : undefined;
  if (dashboard === undefined) {
    if (!/^[1-9]\d*$/.test(raw) && !nanoId.test(raw)) {
      throw validationError({ id: 'value must be an integer greater than zero.' });
    }
    throw notFound();
  }
  return dashboard;
}

function checkParameters(value: Json | undefined): JsonRecord[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value))
    throw validationError({ parameters: 'value must be a sequence of maps.' });
  const ids = new Set<string>();
  for (const p of value) {
    if (
      !isRecord(p) ||
      typeof p['id'] !== 'string' ||
      p['id'] === '' ||
      typeof p['type'] !== 'string'
    ) {
      throw validationError({ parameters: 'value must be a parameter map with an id key' });
    }
    if (ids.has(p['id']))
      throw validationError({ parameters: 'value must be seq of maps in which ids are unique' });
    ids.add(p['id']);
  }
  return value as JsonRecord[];
}

function intField(item: JsonRecord, key: string, min: number): number | string {
  const value = item[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    return min === 0
      ? 'value must be an integer greater or equal to than zero.'
      : 'value must be an integer greater than zero.';
  }
  return value;
}

/**
 * Subscriptions whose parameters are no longer on the dashboard are archived (and, in Metabase,
 * their creators emailed). Only when the dashboard had parameters before the update.
 */
function archiveBrokenPulses(
  state: EmulatorState,
  dashboard: DashboardRec,
  before: readonly JsonRecord[],
): void {
  if (before.length === 0) return;
  const current = new Set(dashboard.parameters.map((p) => p['id']));
  for (const pulse of state.pulses.values()) {
    if (pulse.dashboard_id !== dashboard.id || pulse.archived) continue;
    const broken = pulse.parameters.some((p) => isRecord(p) && !current.has(p['id'] ?? null));
    if (broken) {
      pulse.archived = true;
      pulse.updated_at = state.timestamp();
    }
  }
}

/**
 * `:event/dashboard-update` (src/metabase/pulse/events/dashboard_subscription.clj), fired by every
 * PUT /api/dashboard/:id, from the API or the UI: every subscription of the dashboard, archived
 * or not, gets the dashboard's name and collection, and every card on the dashboard that the
 * subscriptions lack is added to each (after its existing cards, with the dashcard it sits in).
 * "Lack" is judged over all of them together: a card one subscription already has is not added
 * to the others (`stale-card-ids` is the union).
 */
function dashboardUpdateEvent(state: EmulatorState, dashboard: DashboardRec): void {
  const pulses = [...state.pulses.values()].filter((p) => p.dashboard_id === dashboard.id);
  const stale = new Set(pulses.flatMap((p) => p.cards.map((c) => c.id)));
  const toAdd = new Map<number, number>();
  for (const dc of dashboard.dashcards) {
    if (dc.card_id !== null && !stale.has(dc.card_id) && !toAdd.has(dc.card_id)) {
      toAdd.set(dc.card_id, dc.id);
    }
  }
  for (const pulse of pulses) {
    pulse.name = dashboard.name;
    pulse.collection_id = dashboard.collection_id;
    for (const [cardId, dashcardId] of toAdd) {
      pulse.cards.push({
        id: cardId,
        include_csv: false,
        include_xls: false,
        dashboard_card_id: dashcardId,
        format_rows: true,
        pivot_results: false,
      });
    }
  }
}

/** Full replacement of tabs and dashcards: negative ids create, positive ids update, the rest is deleted. */
function replaceLayout(
  state: EmulatorState,
  dashboard: DashboardRec,
  tabsBody: Json | undefined,
  dashcardsBody: Json | undefined,
): void {
  const now = state.timestamp();
  const tabIdMap = new Map<number, number>();
  let tabs = dashboard.tabs;
  if (Array.isArray(tabsBody)) {
    const seen = new Set<number>();
    const next: TabRec[] = [];
    tabsBody.forEach((raw, position) => {
      if (
        !isRecord(raw) ||
        typeof raw['id'] !== 'number' ||
        typeof raw['name'] !== 'string' ||
        raw['name'] === ''
      ) {
        throw validationError({ tabs: 'value must be seq of maps in which ids are unique' });
      }
      const id = raw['id'];
      if (seen.has(id))
        throw validationError({ tabs: 'value must be seq of maps in which ids are unique' });
      seen.add(id);
      if (id < 0) {
        const newId = state.nextId('tab');
        tabIdMap.set(id, newId);
        next.push({
          id: newId,
          entity_id: entityId(),
          name: raw['name'],
          position,
          created_at: now,
          updated_at: now,
        });
      } else {
        const existing = dashboard.tabs.find((t) => t.id === id);
        if (existing === undefined)
          throw new HttpError(400, { message: `Tab ${id} does not belong to this dashboard.` });
        next.push({ ...existing, name: raw['name'], position, updated_at: now });
      }
    });
    tabs = next;
  }
  const tabIds = new Set(tabs.map((t) => t.id));
  let dashcards = dashboard.dashcards;
  if (Array.isArray(dashcardsBody)) {
    const errors: Record<string, string> = {};
    const seen = new Set<number>();
    const next: DashcardRec[] = [];
    for (const raw of dashcardsBody) {
      if (!isRecord(raw) || typeof raw['id'] !== 'number' || !Number.isInteger(raw['id'])) {
        throw validationError({ dashcards: 'value must be seq of maps in which ids are unique' });
      }
      const id = raw['id'];
      if (seen.has(id))
        throw validationError({ dashcards: 'value must be seq of maps in which ids are unique' });
      seen.add(id);
      const row = intField(raw, 'row', 0);
      const col = intField(raw, 'col', 0);
      const sizeX = intField(raw, 'size_x', 1);
      const sizeY = intField(raw, 'size_y', 1);
      for (const [key, value] of [
        ['row', row],
        ['col', col],
        ['size_x', sizeX],
        ['size_y', sizeY],
      ] as const) {
        if (typeof value === 'string') errors[key] ??= value;
      }
      if (
        typeof row === 'string' ||
        typeof col === 'string' ||
        typeof sizeX === 'string' ||
        typeof sizeY === 'string'
      ) {
        continue;
      }
      // The grid is 24 columns wide; Metabase does not reject overlapping cards, so neither do we.
      if (col + sizeX > gridColumns) {
        errors['dashcards'] ??=
          `dashcard ${id} does not fit the ${gridColumns}-column grid (col ${col} + size_x ${sizeX})`;
        continue;
      }
      const cardId = raw['card_id'];
      if (
        cardId !== undefined &&
        cardId !== null &&
        (typeof cardId !== 'number' || !state.cards.has(cardId))
      ) {
        throw notFound();
      }
      let tabId: number | null = null;
      const rawTab = raw['dashboard_tab_id'];
      if (typeof rawTab === 'number') {
        tabId = rawTab < 0 ? (tabIdMap.get(rawTab) ?? null) : rawTab;
        if (tabId === null || !tabIds.has(tabId)) {
          throw new HttpError(400, { message: `Tab ${rawTab} does not belong to this dashboard.` });
        }
      } else if (tabs.length > 0) {
        tabId = tabs[0]?.id ?? null;
      }
      const mappings = raw['parameter_mappings'];
      if (mappings !== undefined && mappings !== null && !Array.isArray(mappings)) {
        throw validationError({
          parameter_mappings: 'value must be an array of parameter mappings',
        });
      }
      const common = {
        card_id: typeof cardId === 'number' ? cardId : null,
        dashboard_tab_id: tabId,
        row,
        col,
        size_x: sizeX,
        size_y: sizeY,
        visualization_settings: isRecord(raw['visualization_settings'])
          ? raw['visualization_settings']
          : {},
        parameter_mappings: Array.isArray(mappings) ? mappings : [],
        series: Array.isArray(raw['series']) ? raw['series'] : [],
        inline_parameters: raw['inline_parameters'] ?? null,
        updated_at: now,
      };
      if (id < 0) {
        next.push({
          id: state.nextId('dashcard'),
          entity_id: entityId(),
          action_id: null,
          created_at: now,
          ...common,
        });
      } else {
        const existing = dashboard.dashcards.find((d) => d.id === id);
        if (existing === undefined) {
          throw new HttpError(400, {
            message: `Dashboard card ${id} does not belong to dashboard ${dashboard.id}.`,
          });
        }
        next.push({ ...existing, ...common });
      }
    }
    if (Object.keys(errors).length > 0) throw validationError(errors);
    dashcards = next;
  }
  // Dashcards on a deleted tab go with it.
  dashcards = dashcards.filter(
    (d) => d.dashboard_tab_id === null || tabIds.has(d.dashboard_tab_id),
  );
  const kept = new Set(dashcards.map((d) => d.id));
  const removed = dashboard.dashcards.filter((d) => !kept.has(d.id)).map((d) => d.id);
  dashboard.tabs = tabs;
  dashboard.dashcards = dashcards;
  // pulse_card rows reference dashcards with ON DELETE CASCADE.
  if (removed.length > 0) {
    for (const pulse of state.pulses.values()) {
      pulse.cards = pulse.cards.filter(
        (c) => c.dashboard_card_id === null || !removed.includes(c.dashboard_card_id),
      );
    }
  }
}

export const registerDashboardRoutes: RegisterRoutes = (router, { state }) => {
  router.on('GET', '/api/dashboard', (request) => {
    const filter = request.query.get('f') ?? 'all';
    if (!['all', 'mine', 'archived'].includes(filter)) {
      throw validationError({ f: 'nullable enum of all, mine, archived' });
    }
    const list = [...state.dashboards.values()]
      .filter((d) => (filter === 'archived' ? d.archived : !d.archived))
      .filter((d) => filter !== 'mine' || d.creator_id === request.userId)
      .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
    return ok(list.map((d) => presentDashboardSummary(state, d)));
  });

  router.on('POST', '/api/dashboard', (request) => {
    const body = new BodyCheck(request.body)
      .nonBlank('name')
      .string('description')
      .positiveInt('collection_id')
      .positiveInt('collection_position')
      .done();
    const collectionId = typeof body['collection_id'] === 'number' ? body['collection_id'] : null;
    if (collectionId !== null && !state.collections.has(collectionId)) throw notFound();
    const now = state.timestamp();
    const id = state.nextId('dashboard');
    const dashboard: DashboardRec = {
      id,
      entity_id: entityId(),
      name: String(body['name']),
      description: typeof body['description'] === 'string' ? body['description'] : null,
      collection_id: collectionId,
      collection_position:
        typeof body['collection_position'] === 'number' ? body['collection_position'] : null,
      archived: false,
      archived_directly: false,
      parameters: checkParameters(body['parameters']) ?? [],
      tabs: [],
      dashcards: [],
      width: 'fixed',
      creator_id: request.userId,
      created_at: now,
      updated_at: now,
    };
    state.dashboards.set(id, dashboard);
    return ok(presentDashboard(state, dashboard));
  });

  router.on('GET', '/api/dashboard/:id', (request) =>
    ok(presentDashboard(state, findDashboard(state, request))),
  );

  router.on('PUT', '/api/dashboard/:id', (request) => {
    const dashboard = findDashboard(state, request);
    // update-dashboard! (src/metabase/dashboards/api.clj): a save carrying dashcards runs
    // `(when (not (false? (:archived false))) (api/check-not-archived current-dash))` — always
    // true, and against the row as it was before this save — so restoring a trashed dashboard and
    // sending its layout in one PUT fails, archived:false or not. Unarchive first, then the layout.
    if (dashboard.archived && isRecord(request.body) && 'dashcards' in request.body) {
      throw new HttpError(404, {
        message: 'The object has been archived.',
        error_code: 'archived',
      });
    }
    const body = new BodyCheck(request.body)
      .nonBlank('name', { required: false, nullable: true })
      .string('description')
      .positiveInt('collection_id')
      .positiveInt('collection_position')
      .boolean('archived')
      .oneOf('width', ['fixed', 'full'], { nullable: false })
      .array('tabs')
      .array('dashcards')
      .done();
    const parameters = checkParameters(body['parameters']);
    if (typeof body['collection_id'] === 'number' && !state.collections.has(body['collection_id']))
      throw notFound();
    replaceLayout(state, dashboard, body['tabs'], body['dashcards']);
    const before = dashboard.parameters;
    if (typeof body['name'] === 'string') dashboard.name = body['name'];
    if ('description' in body)
      dashboard.description = typeof body['description'] === 'string' ? body['description'] : null;
    if ('collection_id' in body) {
      dashboard.collection_id =
        typeof body['collection_id'] === 'number' ? body['collection_id'] : null;
    }
    if (typeof body['width'] === 'string') dashboard.width = body['width'];
    if (typeof body['archived'] === 'boolean' && body['archived'] !== dashboard.archived) {
      dashboard.archived = body['archived'];
      dashboard.archived_directly = body['archived'];
    }
    if (parameters !== undefined) dashboard.parameters = parameters;
    dashboard.updated_at = state.timestamp();
    if (parameters !== undefined) archiveBrokenPulses(state, dashboard, before);
    // Skipped only when the body changes nothing but collection_position (update-dashboard!).
    if (Object.keys(body).some((key) => key !== 'collection_position')) {
      dashboardUpdateEvent(state, dashboard);
    }
    return ok(presentDashboard(state, dashboard));
  });

  router.on('DELETE', '/api/dashboard/:id', (request) => {
    const dashboard = findDashboard(state, request);
    state.dashboards.delete(dashboard.id);
    for (const pulse of state.pulses.values()) {
      if (pulse.dashboard_id === dashboard.id) state.pulses.delete(pulse.id);
    }
    return { status: 204 };
  });
};
