import { isRecord, ok, validationError } from '../http-kit.ts';
import type { Json } from '../http-kit.ts';
import { BodyCheck } from '../validate.ts';
import { requireSuperuser, type RegisterRoutes } from './context.ts';

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
    // An env-var setting is never stored: the environment keeps winning.
    if (state.envSettings.has(key)) return;
    if (value === null) state.settings.delete(key);
    else state.settings.set(key, value);
  };

  router.on('GET', '/api/setting', (request) => {
    requireSuperuser(state, request);
    const keys = new Set([...state.settings.keys(), ...state.envSettings.keys()]);
    return ok(
      [...keys]
        .filter((key) => key !== 'email-smtp-password')
        .sort((a, b) => a.localeCompare(b))
        .map((key) => ({
          key,
          // user-facing-value: nothing is shown for a setting set by an environment variable.
          value: state.envSettings.has(key) ? null : (state.settings.get(key) ?? null),
          is_env_setting: state.envSettings.has(key),
          env_name: `MB_${key.toUpperCase().replace(/-/g, '_')}`,
          description: null,
          default: null,
        })),
    );
  });

  router.on('PUT', '/api/setting', (request) => {
    requireSuperuser(state, request);
    const body = new BodyCheck(request.body).done();
    for (const [key, value] of Object.entries(body)) setOne(key, value);
    return { status: 204 };
  });

  router.on('GET', '/api/setting/:key', (request) => {
    requireSuperuser(state, request);
    const key = request.params['key'] ?? '';
    // user-facing-value (src/metabase/settings/models/setting.clj): no value for env-var settings.
    if (state.envSettings.has(key)) return ok(null);
    if (key === 'email-smtp-password') return ok(state.settings.has(key) ? '**********' : null);
    return ok(state.settings.get(key) ?? null);
  });

  router.on('PUT', '/api/setting/:key', (request) => {
    requireSuperuser(state, request);
    const body = new BodyCheck(request.body).done();
    if (!('value' in body)) throw validationError({ value: 'value must be present' });
    setOne(request.params['key'] ?? '', body['value'] ?? null);
    return { status: 204 };
  });

  // Real Metabase also opens an SMTP connection here and answers 400 when it fails; the emulator cannot.
  // What it does model (src/metabase/channel/api/email.clj, PUT "/"): values set by MB_* environment
  // variables override the request and are never stored; the connection test may settle on another
  // security mode, which is what gets stored and answered, with `with-corrections` saying so.
  router.on('PUT', '/api/email', (request) => {
    requireSuperuser(state, request);
    const merged: Record<string, Json> = {
      ...(isRecord(request.body) ? request.body : {}),
      ...Object.fromEntries([...state.envSettings].filter(([key]) => smtpKeys.includes(key))),
    };
    const body = new BodyCheck(merged)
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
    const answered: Record<string, Json> = {};
    for (const key of smtpKeys) answered[key] = body[key] ?? null;
    const corrections: Record<string, Json> = {};
    const asked = answered['email-smtp-security'];
    if (state.smtpWorkingSecurity !== null && asked !== state.smtpWorkingSecurity) {
      answered['email-smtp-security'] = state.smtpWorkingSecurity;
      corrections['email-smtp-security'] =
        `security was autocorrected to ${state.smtpWorkingSecurity.toUpperCase()}`;
    }
    for (const key of smtpKeys) {
      const value = answered[key];
      if (value === undefined || state.envSettings.has(key)) continue;
      if (value === null) state.settings.delete(key);
      else state.settings.set(key, value);
    }
    state.settings.set('email-configured?', true);
    const out: Record<string, Json> = { ...answered };
    if (out['email-smtp-password'] !== null) out['email-smtp-password'] = '**********';
    out['with-corrections'] = corrections;
    return ok(out);
  });

  router.on('DELETE', '/api/email', (request) => {
    requireSuperuser(state, request);
    for (const key of smtpKeys) state.settings.delete(key);
    state.settings.set('email-configured?', false);
    return { status: 204 };
  });
};
