import { ok, validationError } from '../http-kit.ts';
import type { Json } from '../http-kit.ts';
import { BodyCheck } from '../validate.ts';
import type { RegisterRoutes } from './context.ts';

const smtpKeys = [
  'email-smtp-host',
  'email-smtp-port',
  'email-smtp-security',
  'email-smtp-username',
  'email-smtp-password',
];
const securities = ['none', 'ssl', 'tls', 'starttls'];

function validTimezone(value: Json): boolean {
  if (value === null) return true;
  if (typeof value !== 'string') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const registerSettingRoutes: RegisterRoutes = (router, { state }) => {
  const setOne = (key: string, value: Json): void => {
    if (key === 'report-timezone' && !validTimezone(value)) {
      throw validationError({ value: `Invalid time zone: ${JSON.stringify(value)}` });
    }
    if (value === null) state.settings.delete(key);
    else state.settings.set(key, value);
  };

  router.on('GET', '/api/setting', () =>
    ok(
      [...state.settings.entries()]
        .filter(([key]) => key !== 'email-smtp-password')
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => ({
          key,
          value,
          is_env_setting: false,
          env_name: `MB_${key.toUpperCase().replace(/-/g, '_')}`,
          description: null,
          default: null,
        })),
    ),
  );

  router.on('PUT', '/api/setting', (request) => {
    const body = new BodyCheck(request.body).done();
    for (const [key, value] of Object.entries(body)) setOne(key, value);
    return { status: 204 };
  });

  router.on('GET', '/api/setting/:key', (request) => {
    const key = request.params['key'] ?? '';
    if (key === 'email-smtp-password') return ok(state.settings.has(key) ? '**********' : null);
    return ok(state.settings.get(key) ?? null);
  });

  router.on('PUT', '/api/setting/:key', (request) => {
    const body = new BodyCheck(request.body).done();
    if (!('value' in body)) throw validationError({ value: 'value must be present' });
    setOne(request.params['key'] ?? '', body['value'] ?? null);
    return { status: 204 };
  });

  // Real Metabase also opens an SMTP connection here and answers 400 when it fails; the emulator cannot.
  router.on('PUT', '/api/email', (request) => {
    const body = new BodyCheck(request.body)
      .string('email-smtp-host')
      .string('email-smtp-security')
      .string('email-smtp-username')
      .string('email-smtp-password')
      .done();
    const port = body['email-smtp-port'];
    if (
      port !== undefined &&
      port !== null &&
      !(typeof port === 'number' && Number.isInteger(port))
    ) {
      throw validationError({ 'email-smtp-port': 'value must be an integer.' });
    }
    if (
      typeof body['email-smtp-security'] === 'string' &&
      !securities.includes(body['email-smtp-security'])
    ) {
      throw validationError({
        'email-smtp-security': 'value must be one of none, ssl, tls, starttls.',
      });
    }
    if (typeof body['email-smtp-host'] !== 'string' || body['email-smtp-host'] === '') {
      throw validationError({ 'email-smtp-host': 'Wrong host or port' });
    }
    for (const key of smtpKeys) {
      const value = body[key];
      if (value === undefined) continue;
      if (value === null) state.settings.delete(key);
      else state.settings.set(key, value);
    }
    state.settings.set('email-configured?', true);
    const out: Record<string, Json> = {};
    for (const key of smtpKeys) {
      const value = state.settings.get(key) ?? null;
      out[key] = key === 'email-smtp-password' && value !== null ? '**********' : value;
    }
    return ok(out);
  });

  router.on('DELETE', '/api/email', () => {
    for (const key of smtpKeys) state.settings.delete(key);
    state.settings.set('email-configured?', false);
    return { status: 204 };
  });
};
