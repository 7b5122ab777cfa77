import { z } from 'zod';
import { RemoteError } from '../errors.ts';
import { jsonValueSchema } from './json.ts';
import type { JsonObject, JsonValue } from './json.ts';
import { MetabaseTransport } from './http-transport.ts';
import { permissionsApi, type PermissionsApi } from './permissions-api.ts';
import type { RequestStats, TransportOptions } from './http-transport.ts';
import {
  cardBody,
  cardUpdateBody,
  collectionBody,
  collectionUpdateBody,
  dashboardBody,
  dashboardUpdateBody,
  databaseBody,
  databaseUpdateBody,
  emailBody,
  fieldUpdateBody,
  pulseArchiveBody,
  pulseBody,
  pulseTestBody,
  pulseUpdateBody,
  tableUpdateBody,
} from './request-bodies.ts';
import {
  cardSchema,
  collectionGraphSchema,
  collectionListSchema,
  collectionSchema,
  collectionTreeSchema,
  dashboardSchema,
  dashboardSummarySchema,
  databaseListSchema,
  databaseMetadataSchema,
  databaseSchema,
  emailAnswerSchema,
  fieldSchema,
  membershipCreatedSchema,
  membershipMapSchema,
  permissionGroupSchema,
  pulseSchema,
  sessionPropertiesSchema,
  settingListSchema,
  tableSchema,
  userSchema,
} from './responses.ts';
import type {
  Card,
  CardInput,
  CardUpdate,
  Collection,
  CollectionGraph,
  CollectionInput,
  CollectionTreeNode,
  CollectionUpdate,
  Dashboard,
  DashboardInput,
  DashboardSummary,
  DashboardUpdate,
  Database,
  DatabaseInput,
  DatabaseMetadata,
  EmailSettings,
  EmailSettingsAnswer,
  Field,
  FieldUpdate,
  Membership,
  PermissionGroup,
  Pulse,
  PulseInput,
  PulseUpdate,
  SettingInfo,
  Table,
  TableUpdate,
  User,
} from './types.ts';

/**
 * Typed Metabase v0.58 API. Every create takes `findExisting`, the caller's lookup by managed key,
 * so a POST whose response was lost is never repeated blindly (see MetabaseTransport.create).
 */

export type MetabaseClientOptions = TransportOptions;

/** How the caller finds an object it may have created already (by its managed key). */
export interface CreateOptions<T> {
  readonly findExisting: () => Promise<T | undefined>;
}

const ignoredBody = z.unknown();
const cardListSchema = z.array(cardSchema);
const pulseListSchema = z.array(pulseSchema);

function detailsPassword(details: JsonObject | undefined): string | null {
  const password = details?.['password'];
  return typeof password === 'string' ? password : null;
}

export interface MetabaseClient {
  /** Requests sent so far, by kind: reads (GET), writes (POST/PUT/DELETE), auth (login). */
  stats(): RequestStats;

  /** Users, group kinds, membership removal, the data permissions graph (issue 13). */
  readonly permissions: PermissionsApi;

  currentUser(): Promise<User>;
  /** The Metabase version tag (`GET /api/session/properties` → `version.tag`), null if not said. */
  versionTag(): Promise<string | null>;

  listDatabases(): Promise<readonly Database[]>;
  getDatabase(id: number): Promise<Database>;
  createDatabase(input: DatabaseInput, options: CreateOptions<Database>): Promise<Database>;
  updateDatabase(id: number, input: Partial<DatabaseInput>): Promise<Database>;
  /** Tables with their fields; `includeHidden` also returns hidden tables (we hide filter-only ones). */
  getDatabaseMetadata(id: number, options?: { includeHidden?: boolean }): Promise<DatabaseMetadata>;
  /** Starts a background sync and returns at once; poll getDatabaseMetadata for the result. */
  syncDatabaseSchema(id: number): Promise<void>;

  updateTable(id: number, input: TableUpdate): Promise<Table>;
  updateField(id: number, input: FieldUpdate): Promise<Field>;

  /** Unarchived collections, or archived ones only with `{archived: true}`; root is left out. */
  listCollections(options?: { archived?: boolean }): Promise<readonly Collection[]>;
  getCollection(id: number): Promise<Collection>;
  createCollection(input: CollectionInput, options: CreateOptions<Collection>): Promise<Collection>;
  updateCollection(id: number, input: CollectionUpdate): Promise<Collection>;
  getCollectionTree(options?: {
    excludeArchived?: boolean;
  }): Promise<readonly CollectionTreeNode[]>;
  getCollectionGraph(): Promise<CollectionGraph>;
  /** Send only the groups you manage; Metabase leaves the others as they are. */
  updateCollectionGraph(graph: CollectionGraph): Promise<CollectionGraph>;

  /**
   * One request for all cards: unarchived (`f=all`), or archived ones only (`f=archived`), as
   * Metabase lists one or the other.
   */
  listCards(options?: { archived?: boolean }): Promise<readonly Card[]>;
  getCard(id: number): Promise<Card>;
  createCard(input: CardInput, options: CreateOptions<Card>): Promise<Card>;
  updateCard(id: number, input: CardUpdate): Promise<Card>;
  archiveCard(id: number): Promise<Card>;

  /** Unarchived dashboards (`f=all`), or archived ones only (`f=archived`). */
  listDashboards(options?: { archived?: boolean }): Promise<readonly DashboardSummary[]>;
  getDashboard(id: number): Promise<Dashboard>;
  createDashboard(input: DashboardInput, options: CreateOptions<Dashboard>): Promise<Dashboard>;
  /** Full replacement of dashcards/tabs when given (omitted dashcards are deleted). */
  updateDashboard(id: number, input: DashboardUpdate): Promise<Dashboard>;
  archiveDashboard(id: number): Promise<Dashboard>;

  /** Active subscriptions, or archived ones with `{archived: true}` (Metabase lists one or the other). */
  listPulses(options?: { archived?: boolean; dashboardId?: number }): Promise<readonly Pulse[]>;
  getPulse(id: number): Promise<Pulse>;
  createPulse(input: PulseInput, options: CreateOptions<Pulse>): Promise<Pulse>;
  updatePulse(id: number, input: PulseUpdate): Promise<Pulse>;
  /**
   * Archives with `archived: true` and the current `skip_if_empty` only (an omitted one resets):
   * Metabase disables the channels itself, and nothing sent back re-enables them.
   */
  archivePulse(id: number): Promise<Pulse>;
  /** Sends the subscription once, now. Never retried: a retry could send the email twice. */
  sendTestPulse(input: PulseInput): Promise<void>;

  listPermissionGroups(): Promise<readonly PermissionGroup[]>;
  createPermissionGroup(
    name: string,
    options: CreateOptions<PermissionGroup>,
  ): Promise<PermissionGroup>;
  listMemberships(): Promise<readonly Membership[]>;
  createMembership(
    input: { groupId: number; userId: number; isGroupManager?: boolean },
    options: CreateOptions<Membership>,
  ): Promise<Membership>;

  getSetting(key: string): Promise<JsonValue>;
  /** `null` deletes the setting (back to its default). */
  updateSetting(key: string, value: JsonValue): Promise<void>;
  /** Every setting with whether it is set by Metabase's environment (`GET /api/setting`, admin). */
  listSettings(): Promise<readonly SettingInfo[]>;
  /** What Metabase stored: its connection test may have corrected `security`. */
  updateEmailSettings(input: EmailSettings): Promise<EmailSettingsAnswer>;
}

export function createMetabaseClient(options: MetabaseClientOptions): MetabaseClient {
  const transport = new MetabaseTransport(options);
  const get = <T>(
    path: string,
    schema: z.ZodType<T>,
    query?: Record<string, string | number | boolean>,
  ) => transport.request({ method: 'GET', path, schema, ...(query ? { query } : {}) });
  const put = <T>(path: string, body: unknown, schema: z.ZodType<T>) =>
    transport.request({ method: 'PUT', path, body, schema });

  const client: MetabaseClient = {
    stats: () => transport.stats(),
    permissions: permissionsApi(transport),

    currentUser: () => get('/api/user/current', userSchema),
    versionTag: async () =>
      (await get('/api/session/properties', sessionPropertiesSchema)).versionTag,

    listDatabases: () => get('/api/database', databaseListSchema),
    getDatabase: (id) => get(`/api/database/${id}`, databaseSchema),
    createDatabase: (input, { findExisting }) => {
      transport.addSecret(detailsPassword(input.details));
      return transport.create({
        path: '/api/database',
        body: databaseBody(input),
        schema: databaseSchema,
        findExisting,
        describe: `database "${input.name}"`,
      });
    },
    updateDatabase: (id, input) => {
      transport.addSecret(detailsPassword(input.details));
      return put(`/api/database/${id}`, databaseUpdateBody(input), databaseSchema);
    },
    getDatabaseMetadata: (id, opts = {}) =>
      get(`/api/database/${id}/metadata`, databaseMetadataSchema, {
        include_hidden: opts.includeHidden ?? true,
      }),
    syncDatabaseSchema: async (id) => {
      // Starting a sync twice is harmless: Metabase runs one at a time.
      await transport.request({
        method: 'POST',
        path: `/api/database/${id}/sync_schema`,
        schema: ignoredBody,
        repeatable: 'idempotent',
      });
    },

    updateTable: (id, input) => put(`/api/table/${id}`, tableUpdateBody(input), tableSchema),
    updateField: (id, input) => put(`/api/field/${id}`, fieldUpdateBody(input), fieldSchema),

    listCollections: (opts = {}) =>
      get('/api/collection', collectionListSchema, opts.archived ? { archived: true } : undefined),
    getCollection: (id) => get(`/api/collection/${id}`, collectionSchema),
    createCollection: (input, { findExisting }) =>
      transport.create({
        path: '/api/collection',
        body: collectionBody(input),
        schema: collectionSchema,
        findExisting,
        describe: `collection "${input.name}"`,
      }),
    updateCollection: (id, input) =>
      put(`/api/collection/${id}`, collectionUpdateBody(input), collectionSchema),
    getCollectionTree: (opts = {}) =>
      get('/api/collection/tree', collectionTreeSchema, {
        'exclude-archived': opts.excludeArchived ?? true,
      }),
    getCollectionGraph: () => get('/api/collection/graph', collectionGraphSchema),
    updateCollectionGraph: (graph) =>
      put(
        '/api/collection/graph',
        { revision: graph.revision, groups: graph.groups },
        collectionGraphSchema,
      ),

    listCards: (opts = {}) =>
      get('/api/card', cardListSchema, { f: opts.archived ? 'archived' : 'all' }),
    getCard: (id) => get(`/api/card/${id}`, cardSchema),
    createCard: (input, { findExisting }) =>
      transport.create({
        path: '/api/card',
        body: cardBody(input),
        schema: cardSchema,
        findExisting,
        describe: `card "${input.name}"`,
      }),
    updateCard: (id, input) => put(`/api/card/${id}`, cardUpdateBody(input), cardSchema),
    archiveCard: (id) => put(`/api/card/${id}`, { archived: true }, cardSchema),

    listDashboards: (opts = {}) =>
      get('/api/dashboard', z.array(dashboardSummarySchema), {
        f: opts.archived ? 'archived' : 'all',
      }),
    getDashboard: (id) => get(`/api/dashboard/${id}`, dashboardSchema),
    createDashboard: (input, { findExisting }) =>
      transport.create({
        path: '/api/dashboard',
        body: dashboardBody(input),
        schema: dashboardSchema,
        findExisting,
        describe: `dashboard "${input.name}"`,
      }),
    updateDashboard: (id, input) =>
      put(`/api/dashboard/${id}`, dashboardUpdateBody(input), dashboardSchema),
    archiveDashboard: (id) => put(`/api/dashboard/${id}`, { archived: true }, dashboardSchema),

    listPulses: (opts = {}) =>
      get('/api/pulse', pulseListSchema, {
        ...(opts.archived ? { archived: true } : {}),
        ...(opts.dashboardId !== undefined ? { dashboard_id: opts.dashboardId } : {}),
      }),
    getPulse: (id) => get(`/api/pulse/${id}`, pulseSchema),
    createPulse: (input, { findExisting }) =>
      transport.create({
        path: '/api/pulse',
        body: pulseBody(input),
        schema: pulseSchema,
        findExisting,
        describe: `subscription "${input.name}"`,
      }),
    updatePulse: (id, input) => put(`/api/pulse/${id}`, pulseUpdateBody(input), pulseSchema),
    archivePulse: async (id) => {
      const current = await client.getPulse(id);
      return put(`/api/pulse/${id}`, pulseArchiveBody(current), pulseSchema);
    },
    sendTestPulse: async (input) => {
      await transport.request({
        method: 'POST',
        path: '/api/pulse/test',
        body: pulseTestBody(input),
        schema: ignoredBody,
        repeatable: 'never',
      });
    },

    listPermissionGroups: () => get('/api/permissions/group', z.array(permissionGroupSchema)),
    createPermissionGroup: (name, { findExisting }) =>
      transport.create({
        path: '/api/permissions/group',
        body: { name },
        schema: permissionGroupSchema,
        findExisting,
        describe: `group "${name}"`,
      }),
    listMemberships: () => get('/api/permissions/membership', membershipMapSchema),
    createMembership: async (input, { findExisting }) => {
      const sentinel = await transport.create({
        path: '/api/permissions/membership',
        body: {
          group_id: input.groupId,
          user_id: input.userId,
          is_group_manager: input.isGroupManager ?? false,
        },
        // The answer is the group's member list; pick the new member from it.
        schema: membershipCreatedSchema.transform((members): Membership | undefined => {
          const mine = members.find((m) => m.user_id === input.userId);
          return mine === undefined
            ? undefined
            : {
                membershipId: mine.membership_id,
                groupId: input.groupId,
                userId: mine.user_id,
                isGroupManager: mine.is_group_manager,
              };
        }),
        findExisting,
        describe: `membership of user ${input.userId} in group ${input.groupId}`,
      });
      if (sentinel !== undefined) return sentinel;
      const found = await findExisting();
      if (found === undefined) {
        throw new RemoteError(
          `Metabase accepted membership of user ${input.userId} in group ${input.groupId} but does not list it`,
          { system: 'metabase', method: 'POST', path: '/api/permissions/membership' },
        );
      }
      return found;
    },

    getSetting: (key) => get(`/api/setting/${encodeURIComponent(key)}`, jsonValueSchema),
    updateSetting: async (key, value) => {
      await put(`/api/setting/${encodeURIComponent(key)}`, { value }, ignoredBody);
    },
    listSettings: () => get('/api/setting', settingListSchema),
    updateEmailSettings: (input) => {
      transport.addSecret(input.password);
      return put('/api/email', emailBody(input), emailAnswerSchema);
    },
  };
  return client;
}
