import { HttpError, idParam, notFound, ok, validationError } from '../http-kit.ts';
import { presentUser } from '../present.ts';
import { allUsersGroupId } from '../state.ts';
import type { UserRec } from '../state.ts';
import { BodyCheck } from '../validate.ts';
import type { RegisterRoutes } from './context.ts';

/**
 * Users as src/metabase/users_rest/api.clj manages them: `POST /api/user` (400 when the email is
 * taken; the new user joins All Users and is sent an invite), `PUT /api/user/:id` (active users
 * only), `DELETE /api/user/:id` (deactivates, never deletes), `PUT /api/user/:id/reactivate`.
 */
export const registerUserRoutes: RegisterRoutes = (router, { state }) => {
  const find = (id: number): UserRec => {
    const user = state.users.get(id);
    if (user === undefined) throw notFound();
    return user;
  };
  const emailTaken = (email: string, except?: number) =>
    [...state.users.values()].some(
      (u) => u.id !== except && u.email.toLowerCase() === email.toLowerCase(),
    );

  router.on('POST', '/api/user', (request) => {
    const body = new BodyCheck(request.body)
      .nonBlank('email')
      .nonBlank('first_name', { required: false, nullable: true })
      .nonBlank('last_name', { required: false, nullable: true })
      .done();
    const email = String(body['email']);
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      throw validationError({ email: 'value must be a valid email address.' });
    if (emailTaken(email)) throw validationError({ email: 'Email address already in use.' });
    const now = state.timestamp();
    const id = state.nextId('user');
    const user: UserRec = {
      id,
      email,
      first_name: typeof body['first_name'] === 'string' ? body['first_name'] : null,
      last_name: typeof body['last_name'] === 'string' ? body['last_name'] : null,
      is_superuser: false,
      is_active: true,
      date_joined: now,
      last_login: null,
      updated_at: now,
    };
    state.users.set(id, user);
    // Every user is in All Users (`add-user-to-magic-groups!`).
    const membershipId = state.nextId('membership');
    state.memberships.set(membershipId, {
      membership_id: membershipId,
      group_id: allUsersGroupId,
      user_id: id,
      is_group_manager: false,
    });
    state.invites.push(email);
    return ok(presentUser(state, user));
  });

  router.on('PUT', '/api/user/:id', (request) => {
    const user = find(idParam(request));
    if (!user.is_active) throw notFound();
    const body = new BodyCheck(request.body)
      .nonBlank('email', { required: false, nullable: true })
      .nonBlank('first_name', { required: false, nullable: true })
      .nonBlank('last_name', { required: false, nullable: true })
      .done();
    if (typeof body['email'] === 'string') {
      if (emailTaken(body['email'], user.id))
        throw validationError({ email: 'Email address already associated to another user.' });
      user.email = body['email'];
    }
    if (typeof body['first_name'] === 'string') user.first_name = body['first_name'];
    if (typeof body['last_name'] === 'string') user.last_name = body['last_name'];
    user.updated_at = state.timestamp();
    return ok(presentUser(state, user));
  });

  router.on('DELETE', '/api/user/:id', (request) => {
    const user = find(idParam(request));
    user.is_active = false;
    user.updated_at = state.timestamp();
    return ok({ success: true });
  });

  router.on('PUT', '/api/user/:id/reactivate', (request) => {
    const user = find(idParam(request));
    if (user.is_active)
      throw new HttpError(400, { message: 'Not able to reactivate an active user' });
    user.is_active = true;
    user.updated_at = state.timestamp();
    return ok(presentUser(state, user));
  });
};

/** `GET /api/user`: active users, or by `status` (`all`, `deactivated`) / `include_deactivated`. */
export function userStatusFilter(query: URLSearchParams): (u: UserRec) => boolean {
  const status =
    query.get('status') ?? (query.get('include_deactivated') === 'true' ? 'all' : 'active');
  if (status === 'all') return () => true;
  if (status === 'deactivated') return (u) => !u.is_active;
  return (u) => u.is_active;
}
