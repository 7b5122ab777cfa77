import type { DesiredAccess } from '../../desired/metabase/access-model.ts';
import type { ObservedPermissions } from './permissions/observed-permissions.ts';
import type { DesiredMetabaseState } from '../../desired/metabase/model.ts';
import type {
  DesiredDatabase,
  DesiredEmail,
  DesiredTableMetadata,
} from '../../desired/metabase/desired-metadata.ts';
import type { JsonValue } from '../../metabase/json.ts';
import type {
  Card,
  Collection,
  Dashboard,
  Database,
  DatabaseMetadata,
  Pulse,
} from '../../metabase/types.ts';

/** Everything provision wants Metabase to hold. */
export interface DesiredMetabase {
  readonly state: DesiredMetabaseState;
  readonly database: DesiredDatabase;
  readonly tables: readonly DesiredTableMetadata[];
  /** null: SMTP is not ours to manage (no MB_EMAIL_SMTP_HOST given). */
  readonly email: DesiredEmail | null;
  /** DTX 2.0's report grants as Metabase access; absent with --no-permissions (issue 13). */
  readonly access?: { readonly model: DesiredAccess; readonly deactivateRevoked: boolean };
}

/** What was read from Metabase, as the client returned it. */
export interface ObservedMetabase {
  /** The connection named like ours, if any. */
  readonly database: Database | null;
  /** Its synced metadata (null before the connection exists). */
  readonly metadata: DatabaseMetadata | null;
  /** Active and archived, ours and others'. */
  readonly collections: readonly Collection[];
  readonly cards: readonly Card[];
  /** Full dashboards, for those carrying our marker (active and archived). */
  readonly dashboards: readonly Dashboard[];
  readonly pulses: readonly Pulse[];
  readonly settings: Readonly<Record<string, JsonValue>>;
  /** Users, groups, memberships, both graphs; read only when permissions are managed (issue 13). */
  readonly permissions?: ObservedPermissions;
  /** Settings Metabase took from its environment (`MB_*`): read-only, never compared. */
  readonly envSettings: readonly { readonly key: string; readonly envName: string | null }[];
}
