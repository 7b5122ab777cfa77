import { HttpError, idParam, notFound, ok } from '../http-kit.ts';
import { presentUser } from '../present.ts';
import { BodyCheck } from '../validate.ts';
import type { RegisterRoutes } from './context.ts';
import { userStatusFilter } from './user-routes.ts';

export const registerSessionRoutes: RegisterRoutes = (router, { state }) => {
  router.on('POST', '/api/session', (request) => {
    const body = new BodyCheck(request.body).nonBlank('username').nonBlank('password').done();
    const username = String(body['username']).toLowerCase();
    const user = [...state.users.values()].find((u) => u.email.toLowerCase() === username);
    const expected = state.passwords.get(username);
    if (user === undefined || expected === undefined || !user.is_active) {
      throw new HttpError(401, { errors: { username: 'did not match stored password' } });
    }
    if (expected !== body['password']) {
      throw new HttpError(401, { errors: { password: 'did not match stored password' } });
    }
    user.last_login = state.timestamp();
    return ok({ id: state.newSession(user.id) });
  });

  router.on('DELETE', '/api/session', (request) => {
    for (const [token, session] of state.sessions) {
      if (session.userId === request.userId) state.sessions.delete(token);
    }
    return { status: 204 };
  });

  router.on('GET', '/api/session/properties', () =>
    ok({
      'site-name': state.settings.get('site-name') ?? null,
      'report-timezone': state.settings.get('report-timezone') ?? null,
      version: { tag: state.profile.tag, hash: 'emulator' },
    }),
  );

  router.on('GET', '/api/health', () => ok({ status: 'ok' }));

  router.on('GET', '/api/user/current', (request) => {
    const user = state.users.get(request.userId);
    if (user === undefined) throw notFound();
    return ok(presentUser(state, user));
  });

  router.on('GET', '/api/user', (request) => {
    const data = [...state.users.values()]
      .filter(userStatusFilter(request.query))
      .map((u) => presentUser(state, u));
    return ok({ data, total: data.length, limit: null, offset: null });
  });

  router.on('GET', '/api/user/:id', (request) => {
    const user = state.users.get(idParam(request));
    if (user === undefined) throw notFound();
    return ok(presentUser(state, user));
  });
};
