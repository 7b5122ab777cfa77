/**
 * The desired Metabase state: plain, immutable data that `generate` writes as YAML and that
 * `plan`/`provision` read back. Every object carries a managed `key` derived from legacy ids
 * (never from names), so renaming something in code keeps its identity in Metabase.
 *
 * Top-level fields are camelCase. Sub-objects that go to Metabase verbatim keep Metabase's own
 * spelling (`visualizationSettings` content, the subscription `channel`), so nobody has to
 * translate them twice.
 */

export type CollectionKey = `collection:${string}`;
export type QuestionKey = `question:${string}`;
export type DashboardKey = `dashboard:${string}`;
export type SubscriptionKey = `subscription:${string}`;

export interface DesiredCollection {
  readonly key: CollectionKey;
  readonly name: string;
  /** null only for the managed root (`collection:root`), which sits in Metabase's root. */
  readonly parent: CollectionKey | null;
  readonly description: string | null;
}

/** A view column by name: the provisioner resolves it to a Metabase field id after sync. */
export interface ColumnRef {
  readonly schema: string;
  readonly view: string;
  readonly column: string;
}

interface TagBase {
  /** Used in the SQL as `{{name}}`; also the dashboard parameter slug it is wired to. */
  readonly name: string;
  /** Deterministic UUID-shaped id (Metabase stores one per tag; stable ids avoid drift). */
  readonly id: string;
  readonly displayName: string;
  readonly required: boolean;
}

/** A plain variable: Metabase pastes the value into the SQL. */
export interface VariableTag extends TagBase {
  readonly type: 'number' | 'text' | 'date';
  readonly default: number | string | null;
}

/** A field filter: Metabase renders `column <op> value` (or `1 = 1` without a value). */
export interface FieldFilterTag extends TagBase {
  readonly type: 'dimension';
  readonly dimension: ColumnRef;
  readonly widgetType: 'string/=' | 'number/=' | 'date/all-options';
}

export type TemplateTag = VariableTag | FieldFilterTag;

/** Metabase `column_settings` entry for one result column (Metabase's own key names). */
export type ColumnSettings = Readonly<Record<string, string | number | boolean>>;

export interface VisualizationSettings {
  /** Keyed like Metabase: `["name","<result column>"]`. */
  readonly column_settings: Readonly<Record<string, ColumnSettings>>;
  /** Line charts: x-axis and series columns. */
  readonly 'graph.dimensions'?: readonly string[];
  readonly 'graph.metrics'?: readonly string[];
}

export type QuestionDisplay = 'table' | 'scalar' | 'line';

export interface DesiredQuestion {
  readonly key: QuestionKey;
  readonly name: string;
  readonly description: string;
  readonly collection: CollectionKey;
  readonly display: QuestionDisplay;
  /** Native SQL with Metabase `{{tag}}` / `[[optional]]` syntax. */
  readonly sql: string;
  readonly templateTags: readonly TemplateTag[];
  readonly visualizationSettings: VisualizationSettings;
}

export type ParameterType = 'string/=' | 'number/=' | 'date/all-options';

export interface DashboardParameter {
  /** Deterministic (see parameter-id.ts): changing it would archive every subscription using it. */
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly type: ParameterType;
  readonly sectionId: 'string' | 'number' | 'date';
  readonly default: readonly (string | number)[] | null;
  readonly required: boolean;
}

export type MappingTarget =
  | readonly ['dimension', readonly ['template-tag', string]]
  | readonly ['variable', readonly ['template-tag', string]];

export interface ParameterMapping {
  readonly parameterId: string;
  readonly target: MappingTarget;
}

export interface DesiredDashcard {
  readonly question: QuestionKey;
  readonly row: number;
  readonly col: number;
  readonly sizeX: number;
  readonly sizeY: number;
  readonly parameterMappings: readonly ParameterMapping[];
}

export interface DesiredDashboard {
  readonly key: DashboardKey;
  readonly name: string;
  readonly description: string;
  readonly collection: CollectionKey;
  readonly parameters: readonly DashboardParameter[];
  readonly dashcards: readonly DesiredDashcard[];
}

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';

/** One email channel, in Metabase's spelling. */
export interface EmailChannel {
  readonly schedule_type: 'daily' | 'weekly' | 'monthly';
  readonly schedule_day: Weekday | null;
  readonly schedule_hour: number;
  readonly schedule_frame: 'first' | 'mid' | 'last' | null;
  readonly recipients: readonly { readonly email: string }[];
}

export interface SubscriptionCard {
  readonly question: QuestionKey;
  readonly includeCsv: boolean;
  readonly includeXls: boolean;
  readonly formatRows: boolean;
}

export interface DesiredSubscription {
  readonly key: SubscriptionKey;
  readonly name: string;
  readonly dashboard: DashboardKey;
  readonly channel: EmailChannel;
  readonly cards: readonly SubscriptionCard[];
  readonly skipIfEmpty: boolean;
}

export interface DesiredSettings {
  /** Metabase `report-timezone`: subscriptions run in it. */
  readonly reportTimezone: string;
}

export interface DesiredMetabaseState {
  readonly settings: DesiredSettings;
  /** Every list is sorted by key (natural order) so equal states compare and serialise equal. */
  readonly collections: readonly DesiredCollection[];
  readonly questions: readonly DesiredQuestion[];
  readonly dashboards: readonly DesiredDashboard[];
  readonly subscriptions: readonly DesiredSubscription[];
}

/** What became of one report_master_schedule row (manifest.json `schedules`). */
export interface ScheduleOutcome {
  readonly legacyId: number;
  readonly reportId: number;
  readonly customerId: number;
  readonly status: 'mapped' | 'approximated' | 'skipped';
  /** Why it was skipped or approximated, plus notes (e.g. PDF unsupported); null when exact. */
  readonly reason: string | null;
  readonly dashboard: DashboardKey | null;
  readonly subscriptions: readonly SubscriptionKey[];
  readonly pulses: readonly EmailChannel[];
}
