import type { Json, JsonRecord } from './http-kit.ts';
import { isNative, presentQuery, toLegacy } from './mbql.ts';
import type {
  CardRec,
  ChannelRec,
  CollectionRec,
  DashboardRec,
  DatabaseRec,
  EmulatorState,
  FieldRec,
  PulseRec,
  TableRec,
  UserRec,
} from './state.ts';

/**
 * Records → response bodies with the keys real v0.57/0.58 responses carry (recorded/mbql5): tests
 * compare these shapes key by key with the recordings.
 */

export function presentUser(state: EmulatorState, user: UserRec): JsonRecord {
  return {
    id: user.id,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
    common_name: [user.first_name, user.last_name].filter((p) => p !== null).join(' ') || null,
    locale: null,
    structured_attributes: {},
    last_login: user.last_login,
    is_active: user.is_active,
    user_group_memberships: state.groupIdsOf(user.id).map((id) => ({ id })),
    is_qbnewb: false,
    jwt_attributes: null,
    updated_at: user.updated_at,
    is_superuser: user.is_superuser,
    login_attributes: null,
    tenant_id: null,
    date_joined: user.date_joined,
    sso_source: null,
  };
}

function creator(state: EmulatorState, userId: number): Json {
  const user = state.users.get(userId);
  if (user === undefined) return null;
  return {
    email: user.email,
    first_name: user.first_name,
    last_login: user.last_login,
    is_qbnewb: false,
    is_superuser: user.is_superuser,
    id: user.id,
    last_name: user.last_name,
    tenant_id: null,
    date_joined: user.date_joined,
    common_name: [user.first_name, user.last_name].filter((p) => p !== null).join(' '),
  };
}

function lastEditInfo(state: EmulatorState, userId: number, at: string): JsonRecord {
  const user = state.users.get(userId);
  return {
    id: userId,
    email: user?.email ?? null,
    first_name: user?.first_name ?? null,
    last_name: user?.last_name ?? null,
    timestamp: at,
  };
}

export const rootCollection: JsonRecord = {
  'metabase.collections.models.collection.root/is-root?': true,
  authority_level: null,
  name: 'Our analytics',
  is_personal: false,
  id: 'root',
  can_write: true,
};

export function presentDatabase(db: DatabaseRec): JsonRecord {
  // Metabase never returns a stored password: it masks it with this marker.
  const details: JsonRecord = { ...db.details };
  if ('password' in details && details['password'] !== null)
    details['password'] = '**MetabasePass**';
  return {
    uploads_schema_name: null,
    description: null,
    features: ['native-parameters', 'schemas', 'nested-queries', 'basic-aggregations'],
    uploads_table_prefix: null,
    cache_field_values_schedule: '0 0 5 * * ? *',
    router_database_id: null,
    router_user_attribute: null,
    timezone: 'UTC',
    is_attached_dwh: false,
    auto_run_queries: true,
    metadata_sync_schedule: '0 11 * * * ? *',
    name: db.name,
    settings: null,
    caveats: null,
    creator_id: 1,
    is_full_sync: db.is_full_sync,
    updated_at: db.updated_at,
    provider_name: null,
    native_permissions: 'write',
    cache_ttl: null,
    details,
    is_sample: false,
    id: db.id,
    is_on_demand: db.is_on_demand,
    engine: db.engine,
    initial_sync_status: db.initial_sync_status,
    is_audit: false,
    dbms_version: null,
    uploads_enabled: false,
    refingerprint: null,
    created_at: db.created_at,
    points_of_interest: null,
    can_upload: false,
  };
}

export function presentField(field: FieldRec): JsonRecord {
  return {
    description: field.description,
    database_type: field.database_type,
    semantic_type: field.semantic_type,
    table_id: field.table_id,
    coercion_strategy: null,
    database_indexed: null,
    name: field.name,
    fingerprint_version: 0,
    has_field_values: field.has_field_values,
    database_is_pk: field.database_is_pk,
    settings: field.settings,
    caveats: null,
    fk_target_field_id: null,
    updated_at: field.updated_at,
    custom_position: 0,
    database_default: null,
    effective_type: field.effective_type,
    active: field.active,
    nfc_path: null,
    parent_id: null,
    id: field.id,
    last_analyzed: null,
    database_partitioned: null,
    database_is_auto_increment: false,
    json_unfolding: false,
    position: field.position,
    visibility_type: field.visibility_type,
    target: null,
    preview_display: true,
    database_is_generated: false,
    display_name: field.display_name,
    database_position: field.database_position,
    database_required: field.database_required,
    database_is_nullable: field.database_is_nullable,
    fingerprint: null,
    created_at: field.created_at,
    base_type: field.base_type,
    points_of_interest: null,
  };
}

export function presentTable(table: TableRec, fields?: readonly FieldRec[]): JsonRecord {
  const body: JsonRecord = {
    description: table.description,
    entity_type: 'entity/GenericTable',
    view_count: 0,
    schema: table.schema,
    is_writable: false,
    database_require_filter: null,
    show_in_getting_started: false,
    name: table.name,
    caveats: null,
    segments: [],
    updated_at: table.updated_at,
    active: table.active,
    id: table.id,
    db_id: table.db_id,
    archived_at: null,
    visibility_type: table.visibility_type,
    field_order: 'database',
    deactivated_at: null,
    data_authority: 'unconfigured',
    is_upload: false,
    initial_sync_status: 'complete',
    display_name: table.display_name,
    metrics: [],
    created_at: table.created_at,
    estimated_row_count: table.estimated_row_count,
    points_of_interest: null,
  };
  if (fields !== undefined) body['fields'] = fields.map(presentField);
  return body;
}

export function presentCollection(collection: CollectionRec): JsonRecord {
  return {
    authority_level: collection.authority_level,
    description: collection.description,
    archived: collection.archived,
    slug: collection.slug,
    archive_operation_id: null,
    can_write: true,
    name: collection.name,
    is_remote_synced: false,
    personal_owner_id: collection.personal_owner_id,
    type: null,
    is_sample: false,
    id: collection.id,
    archived_directly: collection.archived_directly,
    entity_id: collection.entity_id,
    location: collection.location,
    namespace: collection.namespace,
    is_personal: collection.personal_owner_id !== null,
    created_at: collection.created_at,
    can_delete: false,
  };
}

function collectionRef(state: EmulatorState, id: number | null): JsonRecord {
  const collection = id === null ? undefined : state.collections.get(id);
  return collection === undefined ? rootCollection : presentCollection(collection);
}

/**
 * How many dashboards show each card. Lists and dashboards present many cards at once: they
 * compute this once and pass it in (per card, it scanned every dashboard for every card).
 */
export function dashboardCounts(state: EmulatorState): ReadonlyMap<number, number> {
  const counts = new Map<number, number>();
  for (const dashboard of state.dashboards.values()) {
    for (const cardId of new Set(dashboard.dashcards.map((dc) => dc.card_id))) {
      if (cardId !== null) counts.set(cardId, (counts.get(cardId) ?? 0) + 1);
    }
  }
  return counts;
}

export function presentCard(
  state: EmulatorState,
  card: CardRec,
  legacy = false,
  counts: ReadonlyMap<number, number> = dashboardCounts(state),
): JsonRecord {
  const legacyQuery = toLegacy(card.dataset_query);
  return {
    cache_invalidated_at: null,
    description: card.description,
    archived: card.archived,
    view_count: 0,
    collection_position: card.collection_position,
    source_card_id: null,
    table_id: null,
    can_run_adhoc_query: true,
    result_metadata: null,
    dependency_analysis_version: 0,
    creator: creator(state, card.creator_id),
    initially_published_at: null,
    can_write: true,
    card_schema: 22,
    database_id: card.database_id,
    enable_embedding: false,
    collection_id: card.collection_id,
    query_type: isNative(card.dataset_query) ? 'native' : 'query',
    name: card.name,
    last_query_start: null,
    is_remote_synced: false,
    dashboard_count: counts.get(card.id) ?? 0,
    document_id: null,
    last_used_at: null,
    dashboard: null,
    type: card.type,
    average_query_time: null,
    creator_id: card.creator_id,
    can_restore: card.archived,
    moderation_reviews: [],
    updated_at: card.updated_at,
    made_public_by_id: null,
    embedding_params: null,
    cache_ttl: null,
    dataset_query: legacy ? legacyQuery : presentQuery(card.dataset_query, state.profile),
    id: card.id,
    legacy_query: JSON.stringify(legacyQuery),
    parameter_mappings: card.parameter_mappings,
    can_manage_db: true,
    display: card.display,
    archived_directly: card.archived_directly,
    entity_id: card.entity_id,
    collection_preview: true,
    'last-edit-info': lastEditInfo(state, card.creator_id, card.updated_at),
    visualization_settings: card.visualization_settings,
    collection: collectionRef(state, card.collection_id),
    metabase_version: `${state.profile.tag} (emulator)`,
    parameters: card.parameters,
    dashboard_id: null,
    created_at: card.created_at,
    parameter_usage_count: 0,
    public_uuid: null,
    can_delete: card.archived,
  };
}

export function presentDashboard(state: EmulatorState, dashboard: DashboardRec): JsonRecord {
  let counts: ReadonlyMap<number, number> | undefined;
  return {
    description: dashboard.description,
    archived: dashboard.archived,
    view_count: 0,
    collection_position: dashboard.collection_position,
    dependency_analysis_version: 0,
    initially_published_at: null,
    can_write: true,
    tabs: dashboard.tabs.map((tab) => ({
      id: tab.id,
      dashboard_id: dashboard.id,
      name: tab.name,
      position: tab.position,
      entity_id: tab.entity_id,
      created_at: tab.created_at,
      updated_at: tab.updated_at,
    })),
    enable_embedding: false,
    collection_id: dashboard.collection_id,
    show_in_getting_started: false,
    name: dashboard.name,
    is_remote_synced: false,
    width: dashboard.width,
    caveats: null,
    collection_authority_level: null,
    creator_id: dashboard.creator_id,
    can_restore: dashboard.archived,
    moderation_reviews: [],
    updated_at: dashboard.updated_at,
    made_public_by_id: null,
    embedding_params: null,
    cache_ttl: null,
    last_used_param_values: {},
    dashcards: dashboard.dashcards.map((dc) => {
      const card = dc.card_id === null ? undefined : state.cards.get(dc.card_id);
      return {
        size_x: dc.size_x,
        dashboard_tab_id: dc.dashboard_tab_id,
        series: dc.series,
        inline_parameters: dc.inline_parameters,
        action_id: dc.action_id,
        collection_authority_level: null,
        card:
          card === undefined
            ? { name: null, visualization_settings: {} }
            : presentDashcardCard(state, card, (counts ??= dashboardCounts(state))),
        updated_at: dc.updated_at,
        col: dc.col,
        id: dc.id,
        parameter_mappings: dc.parameter_mappings,
        card_id: dc.card_id,
        entity_id: dc.entity_id,
        visualization_settings: dc.visualization_settings,
        size_y: dc.size_y,
        dashboard_id: dashboard.id,
        created_at: dc.created_at,
        row: dc.row,
      };
    }),
    id: dashboard.id,
    last_viewed_at: null,
    position: null,
    archived_directly: dashboard.archived_directly,
    entity_id: dashboard.entity_id,
    param_fields: {},
    'last-edit-info': lastEditInfo(state, dashboard.creator_id, dashboard.updated_at),
    collection: collectionRef(state, dashboard.collection_id),
    parameters: dashboard.parameters,
    auto_apply_filters: true,
    created_at: dashboard.created_at,
    public_uuid: null,
    points_of_interest: null,
    can_delete: dashboard.archived,
  };
}

const dashcardCardKeys = [
  'archived',
  'archived_directly',
  'cache_invalidated_at',
  'cache_ttl',
  'can_write',
  'card_schema',
  'collection_id',
  'collection_position',
  'collection_preview',
  'created_at',
  'creator_id',
  'dashboard_id',
  'database_id',
  'dataset_query',
  'dependency_analysis_version',
  'description',
  'display',
  'document_id',
  'embedding_params',
  'enable_embedding',
  'entity_id',
  'id',
  'initially_published_at',
  'last_used_at',
  'legacy_query',
  'made_public_by_id',
  'metabase_version',
  'moderation_reviews',
  'name',
  'parameter_mappings',
  'parameters',
  'public_uuid',
  'query_type',
  'result_metadata',
  'source_card_id',
  'table_id',
  'type',
  'updated_at',
  'view_count',
  'visualization_settings',
];

/** A card inside a dashboard response: fewer keys, `query_average_duration` instead of `average_query_time`. */
function presentDashcardCard(
  state: EmulatorState,
  card: CardRec,
  counts: ReadonlyMap<number, number>,
): JsonRecord {
  const full = presentCard(state, card, false, counts);
  const out: JsonRecord = { query_average_duration: null };
  for (const key of dashcardCardKeys) out[key] = full[key] ?? null;
  return out;
}

/** The list endpoint returns dashboards without dashcards/tabs. */
export function presentDashboardSummary(state: EmulatorState, dashboard: DashboardRec): JsonRecord {
  const full = presentDashboard(state, dashboard);
  delete full['dashcards'];
  delete full['tabs'];
  delete full['param_fields'];
  return full;
}

function presentChannel(state: EmulatorState, pulseId: number, channel: ChannelRec): JsonRecord {
  // Raw addresses first, then users: Metabase's hydration order.
  const recipients: Json[] = [
    ...channel.emails.map((email) => ({ email })),
    ...channel.user_ids.map((id) => {
      const user = state.users.get(id);
      return {
        id,
        email: user?.email ?? null,
        first_name: user?.first_name ?? null,
        last_name: user?.last_name ?? null,
        common_name: user
          ? [user.first_name, user.last_name].filter((p) => p !== null).join(' ')
          : null,
      };
    }),
  ];
  return {
    schedule_type: channel.schedule_type,
    schedule_hour: channel.schedule_hour,
    channel_type: channel.channel_type,
    channel_id: null,
    entity_id: channel.entity_id,
    schedule_frame: channel.schedule_frame,
    recipients,
    id: channel.id,
    updated_at: channel.updated_at,
    pulse_id: pulseId,
    details: channel.details,
    schedule_day: channel.schedule_day,
    enabled: channel.enabled,
    created_at: channel.created_at,
  };
}

export function presentPulse(state: EmulatorState, pulse: PulseRec): JsonRecord {
  return {
    archived: pulse.archived,
    collection_position: pulse.collection_position,
    creator: creator(state, pulse.creator_id),
    alert_condition: null,
    alert_first_only: null,
    alert_above_goal: null,
    can_write: true,
    channels: pulse.channels.map((c) => presentChannel(state, pulse.id, c)),
    collection_id: pulse.collection_id,
    name: pulse.name,
    creator_id: pulse.creator_id,
    updated_at: pulse.updated_at,
    id: pulse.id,
    parameters: pulse.parameters,
    skip_if_empty: pulse.skip_if_empty,
    entity_id: pulse.entity_id,
    dashboard_id: pulse.dashboard_id,
    disable_links: false,
    created_at: pulse.created_at,
    // The :cards hydration joins report_card with `[:= :c.archived false]` (pulse.clj, cards*):
    // a trashed card vanishes from the subscription's answer while its pulse_card row stays.
    cards: pulse.cards.flatMap((pc) => {
      const card = state.cards.get(pc.id);
      if (card === undefined || card.archived) return [];
      return [
        {
          id: pc.id,
          name: card?.name ?? null,
          description: card?.description ?? null,
          display: card?.display ?? null,
          collection_id: card?.collection_id ?? null,
          include_csv: pc.include_csv,
          include_xls: pc.include_xls,
          format_rows: pc.format_rows,
          pivot_results: pc.pivot_results,
          dashboard_card_id: pc.dashboard_card_id,
          dashboard_id: pulse.dashboard_id,
          parameter_mappings: null,
        },
      ];
    }),
  };
}
