import type { JsonObject, JsonValue } from './json.ts';
import type { CardQuery, NativeQuery } from './card-query.ts';

/**
 * The project's own view of Metabase objects: camelCase, readonly, version differences already
 * normalised. Only what provisioning reads or writes is kept; the rest of each response is dropped.
 */

export interface User {
  readonly id: number;
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly commonName: string | null;
  readonly isSuperuser: boolean;
  readonly isActive: boolean;
  readonly groupIds: readonly number[];
}

export interface Database {
  readonly id: number;
  readonly name: string;
  readonly engine: string;
  /** As Metabase returns them: the password is masked (`**MetabasePass**`). */
  readonly details: JsonObject;
  readonly isFullSync: boolean;
  readonly isOnDemand: boolean;
  readonly initialSyncStatus: string | null;
}

export interface Field {
  readonly id: number;
  readonly tableId: number;
  readonly name: string;
  readonly displayName: string;
  readonly description: string | null;
  readonly baseType: string;
  readonly effectiveType: string | null;
  readonly semanticType: string | null;
  readonly databaseType: string | null;
  readonly visibilityType: string;
  /** `list`, `auto-list`, `search` or `none` (null before analysis on some versions). */
  readonly hasFieldValues: string | null;
  readonly position: number;
  readonly active: boolean;
}

export interface Table {
  readonly id: number;
  readonly dbId: number;
  readonly schema: string | null;
  readonly name: string;
  readonly displayName: string;
  readonly description: string | null;
  readonly visibilityType: string | null;
  readonly active: boolean;
  readonly fields: readonly Field[];
}

export interface DatabaseMetadata {
  readonly id: number;
  readonly name: string;
  readonly tables: readonly Table[];
}

export interface Collection {
  readonly id: number;
  readonly entityId: string | null;
  readonly name: string;
  readonly description: string | null;
  readonly slug: string | null;
  /** `/` for a top-level collection, `/1/5/` for one inside 5 inside 1. */
  readonly location: string;
  /** Derived from `location`: null = root. */
  readonly parentId: number | null;
  readonly archived: boolean;
  readonly personalOwnerId: number | null;
  readonly namespace: string | null;
  readonly authorityLevel: string | null;
}

export interface CollectionTreeNode {
  readonly id: number;
  readonly name: string;
  readonly location: string;
  readonly archived: boolean;
  readonly children: readonly CollectionTreeNode[];
}

export type CollectionPermission = 'read' | 'write' | 'none';

export interface CollectionGraph {
  readonly revision: number;
  /** group id → collection id (or `root`) → permission. */
  readonly groups: Readonly<Record<string, Readonly<Record<string, CollectionPermission>>>>;
}

export type CardType = 'question' | 'model' | 'metric';

export interface Card {
  readonly id: number;
  readonly entityId: string | null;
  readonly name: string;
  readonly description: string | null;
  readonly display: string;
  readonly type: CardType;
  readonly collectionId: number | null;
  readonly collectionPosition: number | null;
  readonly archived: boolean;
  readonly databaseId: number | null;
  readonly query: CardQuery;
  readonly visualizationSettings: JsonObject;
  readonly parameters: readonly JsonObject[];
}

export interface ParameterMapping {
  readonly parameterId: string;
  readonly cardId: number | null;
  /** `["variable", ["template-tag", x]]` or `["dimension", ref]`; a trailing `{"stage-number": 0}` is dropped. */
  readonly target: JsonValue;
}

/** Dashboard filter: the keys we set are typed, the rest (values source, temporal units…) kept as is. */
export interface DashboardParameter {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly type: string;
  readonly sectionId: string | null;
  readonly default: JsonValue;
  readonly required: boolean;
  readonly extra: JsonObject;
}

export interface DashboardTab {
  readonly id: number;
  readonly name: string;
}

export interface Dashcard {
  readonly id: number;
  readonly cardId: number | null;
  readonly dashboardTabId: number | null;
  readonly row: number;
  readonly col: number;
  readonly sizeX: number;
  readonly sizeY: number;
  readonly visualizationSettings: JsonObject;
  readonly parameterMappings: readonly ParameterMapping[];
}

export interface Dashboard {
  readonly id: number;
  readonly entityId: string | null;
  readonly name: string;
  readonly description: string | null;
  readonly collectionId: number | null;
  readonly collectionPosition: number | null;
  readonly archived: boolean;
  readonly width: string | null;
  readonly parameters: readonly DashboardParameter[];
  readonly tabs: readonly DashboardTab[];
  /** Sorted by tab, row, col, id so two reads compare equal. */
  readonly dashcards: readonly Dashcard[];
}

/** A dashboard as listed by `GET /api/dashboard`: no dashcards. */
export interface DashboardSummary {
  readonly id: number;
  readonly entityId: string | null;
  readonly name: string;
  readonly description: string | null;
  readonly collectionId: number | null;
  readonly archived: boolean;
}

export const scheduleTypes = ['hourly', 'daily', 'weekly', 'monthly'] as const;
export type ScheduleType = (typeof scheduleTypes)[number];
export const scheduleDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type ScheduleDay = (typeof scheduleDays)[number];
export const scheduleFrames = ['first', 'mid', 'last'] as const;
export type ScheduleFrame = (typeof scheduleFrames)[number];

export type Recipient = { readonly id: number } | { readonly email: string };

export interface PulseChannel {
  /**
   * Metabase's id of the channel; null for a new one. An update must send it back: Metabase
   * deletes every stored channel the body does not name by id and creates the rest anew.
   */
  readonly id: number | null;
  readonly channelType: 'email' | 'slack' | 'http';
  readonly enabled: boolean;
  readonly scheduleType: ScheduleType;
  readonly scheduleHour: number | null;
  readonly scheduleDay: ScheduleDay | null;
  readonly scheduleFrame: ScheduleFrame | null;
  /** Users by id first (ascending), then raw addresses (sorted): Metabase's order is storage order. */
  readonly recipients: readonly Recipient[];
  readonly details: JsonObject;
}

export interface PulseCard {
  readonly id: number;
  readonly includeCsv: boolean;
  readonly includeXls: boolean;
  readonly dashboardCardId: number | null;
  readonly formatRows: boolean;
}

export interface Pulse {
  readonly id: number;
  readonly entityId: string | null;
  readonly name: string;
  readonly dashboardId: number | null;
  readonly collectionId: number | null;
  readonly archived: boolean;
  readonly skipIfEmpty: boolean;
  readonly parameters: readonly JsonObject[];
  readonly cards: readonly PulseCard[];
  readonly channels: readonly PulseChannel[];
}

export interface PermissionGroup {
  readonly id: number;
  readonly name: string;
  readonly memberCount: number | null;
}

export interface Membership {
  readonly membershipId: number;
  readonly groupId: number;
  readonly userId: number;
  readonly isGroupManager: boolean;
}

// ---- request inputs (camelCase; the client writes Metabase's snake_case) ----

export interface DatabaseInput {
  readonly name: string;
  readonly engine: string;
  readonly details: JsonObject;
  readonly isFullSync?: boolean;
  readonly isOnDemand?: boolean;
}

export interface TableUpdate {
  readonly displayName?: string;
  readonly description?: string | null;
  readonly visibilityType?: 'technical' | 'hidden' | 'cruft' | null;
}

export interface FieldUpdate {
  readonly displayName?: string;
  readonly description?: string | null;
  readonly semanticType?: string | null;
  readonly visibilityType?: 'retired' | 'sensitive' | 'normal' | 'hidden' | 'details-only';
  /** `list`/`auto-list`: Metabase keeps a value list for the field (filter widgets offer it). */
  readonly hasFieldValues?: 'list' | 'auto-list' | 'search' | 'none';
  readonly settings?: JsonObject | null;
}

export interface CollectionInput {
  readonly name: string;
  readonly description?: string | null;
  readonly parentId?: number | null;
}

export interface CollectionUpdate {
  readonly name?: string;
  readonly description?: string | null;
  readonly parentId?: number | null;
  /** Metabase resets it to false when omitted, so the client always sends it. */
  readonly archived: boolean;
}

export interface CardInput {
  readonly name: string;
  readonly description?: string | null;
  readonly display: string;
  readonly type?: CardType;
  readonly collectionId: number | null;
  readonly query: NativeQuery;
  readonly visualizationSettings: JsonObject;
  readonly parameters?: readonly JsonObject[];
}

export interface CardUpdate {
  readonly name?: string;
  readonly description?: string | null;
  readonly display?: string;
  readonly type?: CardType;
  readonly collectionId?: number | null;
  readonly query?: NativeQuery;
  readonly visualizationSettings?: JsonObject;
  readonly parameters?: readonly JsonObject[];
  readonly archived?: boolean;
}

export interface DashboardInput {
  readonly name: string;
  readonly description?: string | null;
  readonly collectionId: number | null;
  readonly parameters?: readonly DashboardParameterInput[];
}

export interface DashboardParameterInput {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly type: string;
  readonly sectionId?: string;
  readonly default?: JsonValue;
  readonly required?: boolean;
  readonly extra?: JsonObject;
}

export interface DashcardInput {
  /** Negative = create; positive = keep and update. Dashcards left out are deleted. */
  readonly id: number;
  readonly cardId: number | null;
  readonly dashboardTabId?: number | null;
  readonly row: number;
  readonly col: number;
  readonly sizeX: number;
  readonly sizeY: number;
  readonly visualizationSettings?: JsonObject;
  readonly parameterMappings?: readonly {
    readonly parameterId: string;
    readonly cardId: number;
    readonly target: JsonValue;
  }[];
}

/** Full replacement: what is omitted from `dashcards`/`tabs` is deleted by Metabase. */
export interface DashboardUpdate {
  readonly name?: string;
  readonly description?: string | null;
  readonly collectionId?: number | null;
  readonly archived?: boolean;
  readonly width?: 'fixed' | 'full';
  readonly parameters?: readonly DashboardParameterInput[];
  readonly tabs?: readonly DashboardTab[];
  readonly dashcards?: readonly DashcardInput[];
}

export interface PulseInput {
  readonly name: string;
  readonly dashboardId: number | null;
  readonly collectionId?: number | null;
  readonly skipIfEmpty: boolean;
  readonly parameters?: readonly JsonObject[];
  readonly cards: readonly PulseCard[];
  readonly channels: readonly PulseChannel[];
}

/** `PUT /api/pulse/:id` resets omitted `skip_if_empty`/`archived`: the whole object is sent. */
export interface PulseUpdate extends PulseInput {
  readonly archived: boolean;
}

/** What `PUT /api/email` answered: the settings it stored, and what it auto-corrected. */
export interface EmailSettingsAnswer {
  readonly security: string | null;
  /** Setting key → Metabase's message, e.g. `security was autocorrected to SSL`. */
  readonly corrections: Readonly<Record<string, string>>;
}

/** One row of `GET /api/setting`. */
export interface SettingInfo {
  readonly key: string;
  /** Set by an `MB_*` environment variable of Metabase: read-only, its value never shown. */
  readonly isEnvSetting: boolean;
  readonly envName: string | null;
}

export interface EmailSettings {
  readonly host: string;
  readonly port: number;
  readonly security: 'none' | 'ssl' | 'tls' | 'starttls';
  readonly username: string | null;
  readonly password: string | null;
}

export type { CardQuery, NativeQuery };

/** A group with what Metabase says it is (`magic_group_type`: `all-internal-users`, `admin`). */
export interface GroupKind {
  readonly id: number;
  readonly name: string;
  readonly magic: string | null;
}

/** `GET /api/permissions/graph`: group id → database id → permission type → value (sparse). */
export interface DataPermissionGraph {
  readonly revision: number;
  readonly groups: Readonly<
    Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>
  >;
}
