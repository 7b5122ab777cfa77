import type { JsonObject, JsonValue } from './json.ts';
import { toLegacyDatasetQuery } from './card-query.ts';
import type {
  CardInput,
  CardUpdate,
  CollectionInput,
  CollectionUpdate,
  DashboardInput,
  DashboardParameterInput,
  DashboardUpdate,
  DatabaseInput,
  EmailSettings,
  FieldUpdate,
  PulseCard,
  PulseChannel,
  PulseInput,
  PulseUpdate,
  TableUpdate,
} from './types.ts';

/**
 * Our input types written as the bodies Metabase v0.58 documents (openapi.json). Pure functions,
 * so contract tests can check each body against the official schema. Optional inputs left
 * undefined are not sent (Metabase keeps the current value), except where a PUT resets omitted
 * keys: then the key is always written.
 */

type Body = Record<string, JsonValue>;

function put(body: Body, key: string, value: JsonValue | undefined): void {
  if (value !== undefined) body[key] = value;
}

export function databaseBody(input: DatabaseInput): JsonObject {
  return {
    name: input.name,
    engine: input.engine,
    details: input.details,
    is_full_sync: input.isFullSync ?? true,
    is_on_demand: input.isOnDemand ?? false,
    connection_source: 'admin',
  };
}

export function databaseUpdateBody(input: Partial<DatabaseInput>): JsonObject {
  const body: Body = {};
  put(body, 'name', input.name);
  put(body, 'engine', input.engine);
  put(body, 'details', input.details);
  return body;
}

export function tableUpdateBody(input: TableUpdate): JsonObject {
  const body: Body = {};
  put(body, 'display_name', input.displayName);
  put(body, 'description', input.description);
  put(body, 'visibility_type', input.visibilityType);
  return body;
}

export function fieldUpdateBody(input: FieldUpdate): JsonObject {
  const body: Body = {};
  put(body, 'display_name', input.displayName);
  put(body, 'description', input.description);
  put(body, 'semantic_type', input.semanticType);
  put(body, 'visibility_type', input.visibilityType);
  put(body, 'has_field_values', input.hasFieldValues);
  put(body, 'settings', input.settings);
  return body;
}

export function collectionBody(input: CollectionInput): JsonObject {
  const body: Body = { name: input.name };
  // The spec wants a non-empty description or null.
  put(body, 'description', input.description === '' ? null : input.description);
  put(body, 'parent_id', input.parentId);
  return body;
}

export function collectionUpdateBody(input: CollectionUpdate): JsonObject {
  const body: Body = { archived: input.archived };
  put(body, 'name', input.name);
  put(body, 'description', input.description === '' ? null : input.description);
  put(body, 'parent_id', input.parentId);
  return body;
}

export function cardBody(input: CardInput): JsonObject {
  const body: Body = {
    name: input.name,
    display: input.display,
    type: input.type ?? 'question',
    collection_id: input.collectionId,
    dataset_query: toLegacyDatasetQuery(input.query),
    visualization_settings: input.visualizationSettings,
  };
  // POST wants a non-empty description or null.
  put(body, 'description', input.description === '' ? null : input.description);
  put(body, 'parameters', input.parameters);
  return body;
}

export function cardUpdateBody(input: CardUpdate): JsonObject {
  const body: Body = {};
  put(body, 'name', input.name);
  put(body, 'description', input.description);
  put(body, 'display', input.display);
  put(body, 'type', input.type);
  put(body, 'collection_id', input.collectionId);
  put(body, 'dataset_query', input.query ? toLegacyDatasetQuery(input.query) : undefined);
  put(body, 'visualization_settings', input.visualizationSettings);
  put(body, 'parameters', input.parameters);
  put(body, 'archived', input.archived);
  return body;
}

function dashboardParameterBody(p: DashboardParameterInput): JsonObject {
  const body: Body = { ...(p.extra ?? {}), id: p.id, name: p.name, slug: p.slug, type: p.type };
  put(body, 'sectionId', p.sectionId);
  put(body, 'default', p.default);
  put(body, 'required', p.required);
  return body;
}

export function dashboardBody(input: DashboardInput): JsonObject {
  const body: Body = { name: input.name, collection_id: input.collectionId };
  put(body, 'description', input.description);
  put(body, 'parameters', input.parameters?.map(dashboardParameterBody));
  return body;
}

export function dashboardUpdateBody(input: DashboardUpdate): JsonObject {
  const body: Body = {};
  put(body, 'name', input.name);
  put(body, 'description', input.description);
  put(body, 'collection_id', input.collectionId);
  put(body, 'archived', input.archived);
  put(body, 'width', input.width);
  put(body, 'parameters', input.parameters?.map(dashboardParameterBody));
  put(
    body,
    'tabs',
    input.tabs?.map((t) => ({ id: t.id, name: t.name })),
  );
  put(
    body,
    'dashcards',
    input.dashcards?.map((d) => ({
      id: d.id,
      card_id: d.cardId,
      dashboard_tab_id: d.dashboardTabId ?? null,
      row: d.row,
      col: d.col,
      size_x: d.sizeX,
      size_y: d.sizeY,
      series: [],
      visualization_settings: d.visualizationSettings ?? {},
      parameter_mappings: (d.parameterMappings ?? []).map((m) => ({
        parameter_id: m.parameterId,
        card_id: m.cardId,
        target: m.target,
      })),
    })),
  );
  return body;
}

function pulseCardBody(card: PulseCard): JsonObject {
  return {
    id: card.id,
    include_csv: card.includeCsv,
    include_xls: card.includeXls,
    dashboard_card_id: card.dashboardCardId,
    format_rows: card.formatRows,
  };
}

function pulseChannelBody(channel: PulseChannel): JsonObject {
  return {
    ...(channel.id === null ? {} : { id: channel.id }),
    channel_type: channel.channelType,
    enabled: channel.enabled,
    schedule_type: channel.scheduleType,
    schedule_hour: channel.scheduleHour,
    schedule_day: channel.scheduleDay,
    schedule_frame: channel.scheduleFrame,
    recipients: channel.recipients.map((r) => ('id' in r ? { id: r.id } : { email: r.email })),
    details: channel.details,
  };
}

export function pulseBody(input: PulseInput): JsonObject {
  const body: Body = {
    name: input.name,
    dashboard_id: input.dashboardId,
    skip_if_empty: input.skipIfEmpty,
    parameters: input.parameters ?? [],
    cards: input.cards.map(pulseCardBody),
    channels: input.channels.map(pulseChannelBody),
  };
  put(body, 'collection_id', input.collectionId);
  return body;
}

/** Whole object: Metabase resets omitted `skip_if_empty` and `archived` to false. */
export function pulseUpdateBody(input: PulseUpdate): JsonObject {
  return { ...pulseBody(input), archived: input.archived };
}

/**
 * Archiving sends only `archived` (and `skip_if_empty`, which an omitted key resets): Metabase's
 * archive hook then disables the channels, and no channel or card list is sent back to undo that
 * (channels sent with enabled:true would be enabled again; a subscription whose cards are all in
 * the trash reads back with `cards: []`, which a PUT refuses).
 */
export function pulseArchiveBody(input: { readonly skipIfEmpty: boolean }): JsonObject {
  return { archived: true, skip_if_empty: input.skipIfEmpty };
}

/** `POST /api/pulse/test` takes the pulse body without `parameters`, plus `disable_links`. */
export function pulseTestBody(input: PulseInput): JsonObject {
  const body: Body = { ...pulseBody(input), disable_links: false };
  delete body['parameters'];
  return body;
}

export function emailBody(input: EmailSettings): JsonObject {
  return {
    'email-smtp-host': input.host,
    'email-smtp-port': input.port,
    'email-smtp-security': input.security,
    'email-smtp-username': input.username,
    'email-smtp-password': input.password,
  };
}
