import { z } from 'zod';
import type { MetabaseTransport } from './http-transport.ts';
import { userSchema } from './responses.ts';
import type { DataPermissionGraph, GroupKind, User } from './types.ts';

/**
 * The people-and-permissions part of the Metabase API that provisioning DTX 2.0's report grants
 * needs (issue 13): users, group kinds, membership removal and the data permissions graph. The
 * collection graph, groups and membership creation are on MetabaseClient already.
 */

export interface NewUser {
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
}

export interface PermissionsApi {
  /** Every user, active and deactivated (`status=all`, superuser only). */
  listAllUsers(): Promise<readonly User[]>;
  /** `POST /api/user`: Metabase sends its invite email. */
  createUser(input: NewUser, findExisting: () => Promise<User | undefined>): Promise<User>;
  reactivateUser(id: number): Promise<void>;
  /** `DELETE /api/user/:id` deactivates; Metabase never deletes a user through the API. */
  deactivateUser(id: number): Promise<void>;
  listGroupKinds(): Promise<readonly GroupKind[]>;
  deleteMembership(membershipId: number): Promise<void>;
  getDataPermissionGraph(): Promise<DataPermissionGraph>;
  /** Partial: only the groups and databases sent change; the revision must be the current one (409). */
  updateDataPermissionGraph(graph: DataPermissionGraph): Promise<void>;
}

const userListSchema = z
  .union([z.array(userSchema), z.object({ data: z.array(userSchema) })])
  .transform((v) => (Array.isArray(v) ? v : v.data));

const groupKindSchema = z
  .object({ id: z.number().int(), name: z.string(), magic_group_type: z.string().nullish() })
  .transform((g): GroupKind => ({ id: g.id, name: g.name, magic: g.magic_group_type ?? null }));

const dataGraphSchema = z.object({
  revision: z.number().int(),
  groups: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))),
});

const ignored = z.unknown();

export function permissionsApi(transport: MetabaseTransport): PermissionsApi {
  return {
    listAllUsers: () =>
      transport.request({
        method: 'GET',
        path: '/api/user',
        query: { status: 'all' },
        schema: userListSchema,
      }),
    createUser: (input, findExisting) =>
      transport.create({
        path: '/api/user',
        body: { email: input.email, first_name: input.firstName, last_name: input.lastName },
        schema: userSchema,
        findExisting,
        describe: `user ${input.email}`,
      }),
    reactivateUser: async (id) => {
      await transport.request({
        method: 'PUT',
        path: `/api/user/${id}/reactivate`,
        schema: ignored,
      });
    },
    deactivateUser: async (id) => {
      await transport.request({ method: 'DELETE', path: `/api/user/${id}`, schema: ignored });
    },
    listGroupKinds: () =>
      transport.request({
        method: 'GET',
        path: '/api/permissions/group',
        schema: z.array(groupKindSchema),
      }),
    deleteMembership: async (membershipId) => {
      await transport.request({
        method: 'DELETE',
        path: `/api/permissions/membership/${membershipId}`,
        schema: ignored,
      });
    },
    getDataPermissionGraph: () =>
      transport.request({ method: 'GET', path: '/api/permissions/graph', schema: dataGraphSchema }),
    updateDataPermissionGraph: async (graph) => {
      await transport.request({
        method: 'PUT',
        path: '/api/permissions/graph',
        query: { 'skip-graph': true },
        body: { revision: graph.revision, groups: graph.groups },
        schema: ignored,
      });
    },
  };
}
