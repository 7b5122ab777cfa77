import { z } from 'zod';
import { isJsonObject, jsonObjectSchema, jsonValueSchema } from './json.ts';
import type { JsonObject, JsonValue } from './json.ts';
import {
  QueryShapeError,
  legacyFieldRef,
  normaliseDatasetQuery,
  normaliseFieldRef,
  type CardQuery,
} from './card-query.ts';
import { scheduleDays, scheduleFrames, scheduleTypes } from './types.ts';
import type {
  Card,
  Collection,
  CollectionGraph,
  CollectionTreeNode,
  Dashboard,
  DashboardParameter,
  DashboardSummary,
  Dashcard,
  Database,
  DatabaseMetadata,
  Field,
  Membership,
  ParameterMapping,
  PermissionGroup,
  Pulse,
  PulseChannel,
  Recipient,
  EmailSettingsAnswer,
  SettingInfo,
  Table,
  User,
} from './types.ts';

/**
 * zod schemas for the parts of Metabase responses we use, each turned into the project's own type.
 * Unknown keys are dropped; keys that newer or older versions omit are `nullish`.
 */

const id = z.number().int();
const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const nullableId = id.nullish().transform((v) => v ?? null);
const flag = z
  .boolean()
  .nullish()
  .transform((v) => v ?? false);

export const sessionSchema = z.object({ id: z.string().min(1) });

export const userSchema = z
  .object({
    id,
    email: z.string(),
    first_name: nullableString,
    last_name: nullableString,
    common_name: nullableString,
    is_superuser: flag,
    is_active: z.boolean().nullish(),
    user_group_memberships: z.array(z.object({ id })).nullish(),
    group_ids: z.array(id).nullish(),
  })
  .transform((u): User => ({
    id: u.id,
    email: u.email,
    firstName: u.first_name,
    lastName: u.last_name,
    commonName: u.common_name,
    isSuperuser: u.is_superuser,
    isActive: u.is_active ?? true,
    groupIds: (u.user_group_memberships?.map((m) => m.id) ?? u.group_ids ?? [])
      .slice()
      .sort((a, b) => a - b),
  }));

export const databaseSchema = z
  .object({
    id,
    name: z.string(),
    engine: z.string(),
    details: jsonObjectSchema.nullish(),
    is_full_sync: flag,
    is_on_demand: flag,
    initial_sync_status: nullableString,
  })
  .transform((d): Database => ({
    id: d.id,
    name: d.name,
    engine: d.engine,
    details: d.details ?? {},
    isFullSync: d.is_full_sync,
    isOnDemand: d.is_on_demand,
    initialSyncStatus: d.initial_sync_status,
  }));

/** `GET /api/database` wraps the list in `{data, total}`; very old versions returned a bare list. */
export const databaseListSchema = z
  .union([z.object({ data: z.array(databaseSchema) }), z.array(databaseSchema)])
  .transform((r) => (Array.isArray(r) ? r : r.data));

export const fieldSchema = z
  .object({
    id,
    table_id: id,
    name: z.string(),
    display_name: z.string(),
    description: nullableString,
    base_type: z.string(),
    effective_type: nullableString,
    semantic_type: nullableString,
    database_type: nullableString,
    visibility_type: z.string().nullish(),
    has_field_values: z.string().nullish(),
    position: z.number().int().nullish(),
    database_position: z.number().int().nullish(),
    active: z.boolean().nullish(),
  })
  .transform((f): Field => ({
    id: f.id,
    tableId: f.table_id,
    name: f.name,
    displayName: f.display_name,
    description: f.description,
    baseType: f.base_type,
    effectiveType: f.effective_type,
    semanticType: f.semantic_type,
    databaseType: f.database_type,
    visibilityType: f.visibility_type ?? 'normal',
    hasFieldValues: f.has_field_values ?? null,
    position: f.position ?? f.database_position ?? 0,
    active: f.active ?? true,
  }));

export const tableSchema = z
  .object({
    id,
    db_id: id,
    schema: nullableString,
    name: z.string(),
    display_name: z.string(),
    description: nullableString,
    visibility_type: nullableString,
    active: z.boolean().nullish(),
    fields: z.array(fieldSchema).nullish(),
  })
  .transform((t): Table => ({
    id: t.id,
    dbId: t.db_id,
    schema: t.schema,
    name: t.name,
    displayName: t.display_name,
    description: t.description,
    visibilityType: t.visibility_type,
    active: t.active ?? true,
    fields: (t.fields ?? []).slice().sort((a, b) => a.position - b.position || a.id - b.id),
  }));

export const databaseMetadataSchema = z
  .object({ id, name: z.string(), tables: z.array(tableSchema) })
  .transform((m): DatabaseMetadata => ({
    id: m.id,
    name: m.name,
    tables: m.tables.slice().sort((a, b) => a.id - b.id),
  }));

function parentIdFromLocation(location: string): number | null {
  const parts = location.split('/').filter((p) => p !== '');
  const last = parts.at(-1);
  return last === undefined ? null : Number(last);
}

export const collectionSchema = z
  .object({
    id,
    entity_id: nullableString,
    name: z.string(),
    description: nullableString,
    slug: nullableString,
    location: z.string().nullish(),
    archived: flag,
    personal_owner_id: nullableId,
    namespace: nullableString,
    authority_level: nullableString,
  })
  .transform((c): Collection => ({
    id: c.id,
    entityId: c.entity_id,
    name: c.name,
    description: c.description,
    slug: c.slug,
    location: c.location ?? '/',
    parentId: parentIdFromLocation(c.location ?? '/'),
    archived: c.archived,
    personalOwnerId: c.personal_owner_id,
    namespace: c.namespace,
    authorityLevel: c.authority_level,
  }));

/** `GET /api/collection` includes the root pseudo collection (id `"root"`): it is not an object we can manage. */
export const collectionListSchema = z
  .array(z.union([collectionSchema, z.object({ id: z.literal('root') }).transform(() => null)]))
  .transform((list) => list.filter((c): c is Collection => c !== null));

interface RawTreeNode {
  readonly id: number;
  readonly name: string;
  readonly location?: string | null | undefined;
  readonly archived?: boolean | null | undefined;
  readonly children?: readonly RawTreeNode[] | null | undefined;
}

const rawTreeNodeSchema: z.ZodType<RawTreeNode> = z.lazy(() =>
  z.object({
    id,
    name: z.string(),
    location: z.string().nullish(),
    archived: z.boolean().nullish(),
    children: z.array(rawTreeNodeSchema).nullish(),
  }),
);

function treeNode(raw: RawTreeNode): CollectionTreeNode {
  return {
    id: raw.id,
    name: raw.name,
    location: raw.location ?? '/',
    archived: raw.archived ?? false,
    children: (raw.children ?? []).map(treeNode),
  };
}

export const collectionTreeSchema = z.array(rawTreeNodeSchema).transform((l) => l.map(treeNode));

const collectionPermission = z.enum(['read', 'write', 'none']);

export const collectionGraphSchema = z
  .object({
    revision: z.number().int(),
    groups: z.record(z.string(), z.record(z.string(), collectionPermission)),
  })
  .transform((g): CollectionGraph => ({ revision: g.revision, groups: g.groups }));

/** A trailing `{"stage-number": 0}` means "the only stage": same target as without it. */
function normaliseTarget(target: JsonValue): JsonValue {
  if (!Array.isArray(target)) return target;
  const parts: JsonValue[] = [...(target as readonly JsonValue[])];
  const last = parts.at(-1);
  if (
    parts.length === 3 &&
    isJsonObject(last) &&
    Object.keys(last).length === 1 &&
    last['stage-number'] === 0
  ) {
    parts.pop();
  }
  if (parts[0] === 'dimension') {
    const ref = normaliseFieldRef(parts[1]);
    if (ref !== null) parts[1] = legacyFieldRef(ref);
  }
  return parts;
}

const parameterMappingSchema = z
  .object({ parameter_id: z.string(), card_id: nullableId, target: jsonValueSchema })
  .transform((m): ParameterMapping => ({
    parameterId: m.parameter_id,
    cardId: m.card_id,
    target: normaliseTarget(m.target),
  }));

export const cardSchema = z
  .object({
    id,
    entity_id: nullableString,
    name: z.string(),
    description: nullableString,
    display: z.string(),
    type: z.enum(['question', 'model', 'metric']).nullish(),
    collection_id: nullableId,
    collection_position: nullableId,
    archived: flag,
    database_id: nullableId,
    dataset_query: jsonValueSchema,
    visualization_settings: jsonObjectSchema.nullish(),
    parameters: z.array(jsonObjectSchema).nullish(),
  })
  .transform((c): Card => {
    // Lenient on purpose: one foreign question in a shape this tool does not know (e.g. a
    // template-tag type added by a newer Metabase) must not make the whole card list unreadable.
    // Whether an unreadable query matters is decided where we know if the card is ours.
    let query: CardQuery;
    try {
      query = normaliseDatasetQuery(c.dataset_query);
    } catch (error) {
      if (!(error instanceof QueryShapeError)) throw error;
      query = { kind: 'unreadable', problem: error.message };
    }
    return {
      id: c.id,
      entityId: c.entity_id,
      name: c.name,
      description: c.description,
      display: c.display,
      type: c.type ?? 'question',
      collectionId: c.collection_id,
      collectionPosition: c.collection_position,
      archived: c.archived,
      databaseId: c.database_id,
      query,
      visualizationSettings: c.visualization_settings ?? {},
      parameters: c.parameters ?? [],
    };
  });

const dashboardParameterSchema = z
  .looseObject({
    id: z.string(),
    name: z.string().nullish(),
    slug: z.string().nullish(),
    type: z.string(),
    sectionId: z.string().nullish(),
    default: jsonValueSchema.optional(),
    required: z.boolean().nullish(),
  })
  .transform((p): DashboardParameter => {
    const known = new Set(['id', 'name', 'slug', 'type', 'sectionId', 'default', 'required']);
    const extra: Record<string, JsonValue> = {};
    for (const key of Object.keys(p).sort()) {
      const value = (p as Record<string, unknown>)[key];
      if (!known.has(key) && value !== undefined) extra[key] = value as JsonValue;
    }
    return {
      id: p.id,
      name: p.name ?? '',
      slug: p.slug ?? '',
      type: p.type,
      sectionId: p.sectionId ?? null,
      default: p.default ?? null,
      required: p.required ?? false,
      extra,
    };
  });

const dashcardSchema = z
  .object({
    id,
    card_id: nullableId,
    dashboard_tab_id: nullableId,
    row: z.number().int(),
    col: z.number().int(),
    size_x: z.number().int(),
    size_y: z.number().int(),
    visualization_settings: jsonObjectSchema.nullish(),
    parameter_mappings: z.array(parameterMappingSchema).nullish(),
  })
  .transform((d): Dashcard => ({
    id: d.id,
    cardId: d.card_id,
    dashboardTabId: d.dashboard_tab_id,
    row: d.row,
    col: d.col,
    sizeX: d.size_x,
    sizeY: d.size_y,
    visualizationSettings: d.visualization_settings ?? {},
    parameterMappings: d.parameter_mappings ?? [],
  }));

export const dashboardSchema = z
  .object({
    id,
    entity_id: nullableString,
    name: z.string(),
    description: nullableString,
    collection_id: nullableId,
    collection_position: nullableId,
    archived: flag,
    width: nullableString,
    parameters: z.array(dashboardParameterSchema).nullish(),
    tabs: z.array(z.object({ id, name: z.string() })).nullish(),
    dashcards: z.array(dashcardSchema).nullish(),
  })
  .transform((d): Dashboard => ({
    id: d.id,
    entityId: d.entity_id,
    name: d.name,
    description: d.description,
    collectionId: d.collection_id,
    collectionPosition: d.collection_position,
    archived: d.archived,
    width: d.width,
    parameters: d.parameters ?? [],
    tabs: d.tabs ?? [],
    dashcards: (d.dashcards ?? [])
      .slice()
      .sort(
        (a, b) =>
          (a.dashboardTabId ?? 0) - (b.dashboardTabId ?? 0) ||
          a.row - b.row ||
          a.col - b.col ||
          a.id - b.id,
      ),
  }));

export const dashboardSummarySchema = z
  .object({
    id,
    entity_id: nullableString,
    name: z.string(),
    description: nullableString,
    collection_id: nullableId,
    archived: flag,
  })
  .transform((d): DashboardSummary => ({
    id: d.id,
    entityId: d.entity_id,
    name: d.name,
    description: d.description,
    collectionId: d.collection_id,
    archived: d.archived,
  }));

const recipientSchema = z.union([
  z.object({ id }).transform((r): Recipient => ({ id: r.id })),
  z.object({ email: z.string() }).transform((r): Recipient => ({ email: r.email })),
]);

function sortRecipients(list: readonly Recipient[]): readonly Recipient[] {
  const users = list.filter((r): r is { id: number } => 'id' in r).sort((a, b) => a.id - b.id);
  const emails = list
    .filter((r): r is { email: string } => !('id' in r))
    .sort((a, b) => a.email.localeCompare(b.email));
  return [...users, ...emails];
}

function withoutEmails(details: JsonObject | null | undefined): JsonObject {
  if (!details) return {};
  return Object.fromEntries(Object.entries(details).filter(([key]) => key !== 'emails'));
}

const pulseChannelSchema = z
  .object({
    id: id.nullish(),
    channel_type: z.enum(['email', 'slack', 'http']),
    enabled: flag,
    schedule_type: z.enum(scheduleTypes),
    schedule_hour: z.number().int().nullish(),
    schedule_day: z.enum(scheduleDays).nullish(),
    schedule_frame: z.enum(scheduleFrames).nullish(),
    recipients: z.array(recipientSchema).nullish(),
    details: jsonObjectSchema.nullish(),
  })
  .transform((c): PulseChannel => ({
    id: c.id ?? null,
    channelType: c.channel_type,
    enabled: c.enabled,
    scheduleType: c.schedule_type,
    scheduleHour: c.schedule_hour ?? null,
    scheduleDay: c.schedule_day ?? null,
    scheduleFrame: c.schedule_frame ?? null,
    recipients: sortRecipients(c.recipients ?? []),
    details: withoutEmails(c.details),
  }));

export const pulseSchema = z
  .object({
    id,
    entity_id: nullableString,
    name: z.string(),
    dashboard_id: nullableId,
    collection_id: nullableId,
    archived: flag,
    skip_if_empty: flag,
    parameters: z.array(jsonObjectSchema).nullish(),
    cards: z
      .array(
        z.object({
          id,
          include_csv: flag,
          include_xls: flag,
          dashboard_card_id: nullableId,
          format_rows: z.boolean().nullish(),
        }),
      )
      .nullish(),
    channels: z.array(pulseChannelSchema).nullish(),
  })
  .transform((p): Pulse => ({
    id: p.id,
    entityId: p.entity_id,
    name: p.name,
    dashboardId: p.dashboard_id,
    collectionId: p.collection_id,
    archived: p.archived,
    skipIfEmpty: p.skip_if_empty,
    parameters: p.parameters ?? [],
    cards: (p.cards ?? []).map((c) => ({
      id: c.id,
      includeCsv: c.include_csv,
      includeXls: c.include_xls,
      dashboardCardId: c.dashboard_card_id,
      // Metabase treats a missing format_rows as true.
      formatRows: c.format_rows ?? true,
    })),
    channels: p.channels ?? [],
  }));

export const permissionGroupSchema = z
  .object({ id, name: z.string(), member_count: z.number().int().nullish() })
  .transform((g): PermissionGroup => ({
    id: g.id,
    name: g.name,
    memberCount: g.member_count ?? null,
  }));

const membershipEntrySchema = z
  .object({
    membership_id: id,
    group_id: id,
    user_id: id,
    is_group_manager: flag,
  })
  .transform((m): Membership => ({
    membershipId: m.membership_id,
    groupId: m.group_id,
    userId: m.user_id,
    isGroupManager: m.is_group_manager,
  }));

/** `GET /api/permissions/membership`: user id → that user's memberships. Flattened and sorted. */
export const membershipMapSchema = z
  .record(z.string(), z.array(membershipEntrySchema))
  .transform((map) =>
    Object.values(map)
      .flat()
      .sort((a, b) => a.membershipId - b.membershipId),
  );

/** `POST /api/permissions/membership` answers with the group's members (not always with group_id). */
export const membershipCreatedSchema = z.array(
  z.object({ membership_id: id, user_id: id, is_group_manager: flag }),
);

/** `PUT /api/email` answers the stored settings and `with-corrections` (0.58+; absent before). */
export const emailAnswerSchema = z
  .looseObject({
    'email-smtp-security': z.string().nullish(),
    'with-corrections': z.record(z.string(), z.string()).nullish(),
  })
  .transform((a): EmailSettingsAnswer => ({
    security: a['email-smtp-security'] ?? null,
    corrections: a['with-corrections'] ?? {},
  }));

export const settingListSchema = z
  .array(
    z.looseObject({
      key: z.string(),
      is_env_setting: z.boolean().nullish(),
      env_name: z.string().nullish(),
    }),
  )
  .transform((list): SettingInfo[] =>
    list.map((s) => ({
      key: s.key,
      isEnvSetting: s.is_env_setting === true,
      envName: s.env_name ?? null,
    })),
  );

/** `GET /api/session/properties` → `version.tag` (e.g. `v0.58.5`). */
export const sessionPropertiesSchema = z
  .looseObject({ version: z.looseObject({ tag: z.string().nullish() }).nullish() })
  .transform((p) => ({ versionTag: p.version?.tag ?? null }));
