import { randomBytes, randomUUID } from 'node:crypto';
import type { Json, JsonRecord } from './http-kit.ts';
import type { DataPermRec } from './data-permissions.ts';
import { versionProfiles, type VersionProfile } from './metabase-version.ts';

/**
 * The emulator's in-memory Metabase: records kept close to Metabase's own columns (snake_case), ids
 * from per-kind sequences like Metabase's tables, entity ids as 21-char NanoIDs.
 */

const nanoAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

export function entityId(): string {
  const bytes = randomBytes(21);
  let out = '';
  // 64 symbols: the low 6 bits of each byte are uniform.
  for (const byte of bytes) out += nanoAlphabet[byte & 63];
  return out;
}

export interface UserRec {
  id: number;
  email: string;
  first_name: string | null;
  last_name: string | null;
  is_superuser: boolean;
  is_active: boolean;
  date_joined: string;
  last_login: string | null;
  updated_at: string;
}

export interface DatabaseRec {
  id: number;
  name: string;
  engine: string;
  details: JsonRecord;
  is_full_sync: boolean;
  is_on_demand: boolean;
  initial_sync_status: 'incomplete' | 'complete';
  created_at: string;
  updated_at: string;
  /** Last sync error (connection refused, bad password), as Metabase logs it. */
  last_sync_error: string | null;
}

export interface TableRec {
  id: number;
  db_id: number;
  schema: string;
  name: string;
  display_name: string;
  description: string | null;
  visibility_type: string | null;
  active: boolean;
  estimated_row_count: number | null;
  created_at: string;
  updated_at: string;
}

export interface FieldRec {
  id: number;
  table_id: number;
  name: string;
  display_name: string;
  description: string | null;
  base_type: string;
  effective_type: string;
  semantic_type: string | null;
  database_type: string;
  visibility_type: string;
  database_position: number;
  position: number;
  active: boolean;
  database_is_pk: boolean;
  database_required: boolean;
  database_is_nullable: boolean;
  has_field_values: string;
  settings: JsonRecord | null;
  created_at: string;
  updated_at: string;
}

export interface CollectionRec {
  id: number;
  entity_id: string;
  name: string;
  description: string | null;
  slug: string;
  location: string;
  archived: boolean;
  archived_directly: boolean | null;
  personal_owner_id: number | null;
  namespace: string | null;
  authority_level: string | null;
  created_at: string;
}

export interface CardRec {
  id: number;
  entity_id: string;
  name: string;
  description: string | null;
  display: string;
  type: string;
  collection_id: number | null;
  collection_position: number | null;
  archived: boolean;
  archived_directly: boolean;
  /** MBQL 5, as 0.57+ stores it. */
  dataset_query: JsonRecord;
  visualization_settings: JsonRecord;
  parameters: Json[];
  parameter_mappings: Json[];
  database_id: number | null;
  creator_id: number;
  created_at: string;
  updated_at: string;
}

export interface DashcardRec {
  id: number;
  entity_id: string;
  card_id: number | null;
  dashboard_tab_id: number | null;
  row: number;
  col: number;
  size_x: number;
  size_y: number;
  visualization_settings: JsonRecord;
  parameter_mappings: Json[];
  series: Json[];
  inline_parameters: Json;
  action_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface TabRec {
  id: number;
  entity_id: string;
  name: string;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface DashboardRec {
  id: number;
  entity_id: string;
  name: string;
  description: string | null;
  collection_id: number | null;
  collection_position: number | null;
  archived: boolean;
  archived_directly: boolean;
  parameters: JsonRecord[];
  tabs: TabRec[];
  dashcards: DashcardRec[];
  width: string;
  creator_id: number;
  created_at: string;
  updated_at: string;
}

export interface ChannelRec {
  id: number;
  entity_id: string;
  channel_type: string;
  enabled: boolean;
  schedule_type: string;
  schedule_hour: number | null;
  schedule_day: string | null;
  schedule_frame: string | null;
  details: JsonRecord;
  user_ids: number[];
  emails: string[];
  created_at: string;
  updated_at: string;
}

export interface PulseCardRec {
  id: number;
  include_csv: boolean;
  include_xls: boolean;
  dashboard_card_id: number | null;
  format_rows: boolean;
  pivot_results: boolean;
}

export interface PulseRec {
  id: number;
  entity_id: string;
  name: string;
  dashboard_id: number | null;
  collection_id: number | null;
  collection_position: number | null;
  archived: boolean;
  skip_if_empty: boolean;
  parameters: Json[];
  creator_id: number;
  cards: PulseCardRec[];
  channels: ChannelRec[];
  created_at: string;
  updated_at: string;
}

export interface GroupRec {
  id: number;
  name: string;
}

export interface MembershipRec {
  membership_id: number;
  group_id: number;
  user_id: number;
  is_group_manager: boolean;
}

export interface SessionRec {
  readonly userId: number;
  expired: boolean;
}

/** Sent email: nothing is delivered, but tests can see what `POST /api/pulse/test` would send. */
export interface OutboxEntry {
  readonly pulseName: string;
  readonly dashboardId: number | null;
  readonly recipients: readonly string[];
}

export interface SeedOptions {
  readonly adminEmail: string;
  readonly adminPassword: string;
  /** A second, non-admin user (All Users only), for API keys outside the Administrators group. */
  readonly nonAdminEmail?: string;
}

type Kind =
  | 'user'
  | 'database'
  | 'table'
  | 'field'
  | 'collection'
  | 'card'
  | 'dashboard'
  | 'dashcard'
  | 'tab'
  | 'pulse'
  | 'channel'
  | 'group'
  | 'membership';

export const allUsersGroupId = 1;
export const adminGroupId = 2;

export class EmulatorState {
  #sequences = new Map<Kind, number>();
  readonly now: () => Date;
  users = new Map<number, UserRec>();
  passwords = new Map<string, string>();
  sessions = new Map<string, SessionRec>();
  databases = new Map<number, DatabaseRec>();
  tables = new Map<number, TableRec>();
  fields = new Map<number, FieldRec>();
  /** `db:schema.table` → table id, `db:schema.table.column` → field id: ids survive re-syncs. */
  tableIds = new Map<string, number>();
  fieldIds = new Map<string, number>();
  collections = new Map<number, CollectionRec>();
  cards = new Map<number, CardRec>();
  dashboards = new Map<number, DashboardRec>();
  pulses = new Map<number, PulseRec>();
  groups = new Map<number, GroupRec>();
  memberships = new Map<number, MembershipRec>();
  /** group id → collection id or `root` → permission; absent = none. */
  collectionPerms = new Map<number, Map<string, string>>();
  collectionGraphRevision = 0;
  settings = new Map<string, Json>();
  /** Data permissions: group id → database id → values (see data-permissions.ts). */
  dataPerms = new Map<number, Map<number, DataPermRec>>();
  dataPermsRevision = 1;
  outbox: OutboxEntry[] = [];
  /** Emails Metabase would have sent an invitation to (`POST /api/user`). */
  invites: string[] = [];
  /** Which Metabase line the emulator plays (see metabase-version.ts). */
  profile: VersionProfile = versionProfiles['0.58'];
  /**
   * Settings given to Metabase as `MB_*` environment variables: read-only, never stored, shown as
   * null by `GET /api/setting/:key` (`user-facing-value`, src/metabase/settings/models/setting.clj).
   */
  envSettings = new Map<string, Json>();
  /**
   * The only SMTP security mode that connects, when set: `PUT /api/email` then corrects any other
   * mode to it and says so in `with-corrections` (src/metabase/channel/api/email.clj).
   */
  smtpWorkingSecurity: string | null = null;

  constructor(now: () => Date) {
    this.now = now;
  }

  nextId(kind: Kind): number {
    const next = (this.#sequences.get(kind) ?? 0) + 1;
    this.#sequences.set(kind, next);
    return next;
  }

  timestamp(): string {
    return this.now().toISOString();
  }

  newSession(userId: number): string {
    const token = randomUUID();
    this.sessions.set(token, { userId, expired: false });
    return token;
  }

  /** Back to an empty Metabase (then `seed`), in place: routes hold this object. */
  clear(): void {
    this.#sequences = new Map();
    this.users = new Map();
    this.passwords = new Map();
    this.sessions = new Map();
    this.databases = new Map();
    this.tables = new Map();
    this.fields = new Map();
    this.tableIds = new Map();
    this.fieldIds = new Map();
    this.collections = new Map();
    this.cards = new Map();
    this.dashboards = new Map();
    this.pulses = new Map();
    this.groups = new Map();
    this.memberships = new Map();
    this.collectionPerms = new Map();
    this.collectionGraphRevision = 0;
    this.settings = new Map();
    this.dataPerms = new Map();
    this.dataPermsRevision = 1;
    this.outbox = [];
    this.invites = [];
  }

  seed(options: SeedOptions): void {
    const now = this.timestamp();
    const adminId = this.nextId('user');
    this.users.set(adminId, {
      id: adminId,
      email: options.adminEmail,
      first_name: 'Emulator',
      last_name: 'Admin',
      is_superuser: true,
      is_active: true,
      date_joined: now,
      last_login: null,
      updated_at: now,
    });
    this.passwords.set(options.adminEmail.toLowerCase(), options.adminPassword);
    for (const name of ['All Users', 'Administrators']) {
      const id = this.nextId('group');
      this.groups.set(id, { id, name });
    }
    for (const groupId of [allUsersGroupId, adminGroupId]) {
      const id = this.nextId('membership');
      this.memberships.set(id, {
        membership_id: id,
        group_id: groupId,
        user_id: adminId,
        is_group_manager: false,
      });
    }
    // Metabase gives every user a personal collection: an object the provisioner must not touch.
    const personalId = this.nextId('collection');
    this.collections.set(personalId, {
      id: personalId,
      entity_id: entityId(),
      name: "Emulator Admin's Personal Collection",
      description: null,
      slug: 'emulator_admin_s_personal_collection',
      location: '/',
      archived: false,
      archived_directly: null,
      personal_owner_id: adminId,
      namespace: null,
      authority_level: null,
      created_at: now,
    });
    if (options.nonAdminEmail !== undefined) {
      const userId = this.nextId('user');
      this.users.set(userId, {
        id: userId,
        email: options.nonAdminEmail,
        first_name: 'Emulator',
        last_name: 'Analyst',
        is_superuser: false,
        is_active: true,
        date_joined: now,
        last_login: null,
        updated_at: now,
      });
      const membershipId = this.nextId('membership');
      this.memberships.set(membershipId, {
        membership_id: membershipId,
        group_id: allUsersGroupId,
        user_id: userId,
        is_group_manager: false,
      });
    }
    this.collectionPerms.set(allUsersGroupId, new Map([['root', 'write']]));
    this.collectionPerms.set(adminGroupId, new Map([['root', 'write']]));
    this.collectionGraphRevision = 1;
    this.settings.set('site-name', 'Metabase Emulator');
    this.settings.set('report-timezone', null);
    this.settings.set('site-url', null);
  }

  isSuperuser(userId: number): boolean {
    return this.users.get(userId)?.is_superuser === true;
  }

  groupIdsOf(userId: number): number[] {
    return [...this.memberships.values()]
      .filter((m) => m.user_id === userId)
      .map((m) => m.group_id)
      .sort((a, b) => a - b);
  }
}
