import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import pg from 'pg';
import { EmulatorControls, categoryOf } from './controls.ts';
import type { FaultKind, FaultRule, LogEntry, RequestCounts } from './controls.ts';
import { HttpError, Router, isRecord, readBody, unauthenticated } from './http-kit.ts';
import type { EmulatorResponse, Json } from './http-kit.ts';
import { registerCardRoutes } from './routes/card-routes.ts';
import { registerCollectionRoutes } from './routes/collection-routes.ts';
import type { RouteContext } from './routes/context.ts';
import { registerDashboardRoutes } from './routes/dashboard-routes.ts';
import { registerDatabaseRoutes } from './routes/database-routes.ts';
import { registerPermissionRoutes } from './routes/permission-routes.ts';
import { registerUserRoutes } from './routes/user-routes.ts';
import { registerPulseRoutes } from './routes/pulse-routes.ts';
import { registerSessionRoutes } from './routes/session-routes.ts';
import { registerSettingRoutes } from './routes/setting-routes.ts';
import { EmulatorState } from './state.ts';
import type { DatabaseRec, FieldRec, OutboxEntry } from './state.ts';
import { analyzeFields } from './analyze-fields.ts';
import { versionProfiles, type MetabaseVersion } from './metabase-version.ts';
import { distinctValuesLimit } from './routes/database-routes.ts';
import { applyCatalog, connectionString, readCatalog } from './sync-from-postgres.ts';

/**
 * A Metabase v0.58 stand-in over real HTTP (node:http, no framework): see docs/metabase-emulator.md
 * for what it does and does not emulate.
 */

export const defaultAdminEmail = 'admin@example.com';
export const defaultAdminPassword = 'emulator-admin-1';

export interface EmulatorOptions {
  readonly port?: number;
  readonly host?: string;
  /** Accepted in `x-api-key`; null/undefined = API keys disabled (sessions only). */
  readonly apiKey?: string | null;
  readonly adminEmail?: string;
  readonly adminPassword?: string;
  /** How long after `sync_schema` (or database creation) the metadata appears. Default 50 ms. */
  readonly syncDelayMs?: number;
  /** Connect here for sync instead of the database's own details (e.g. a host only Docker can resolve). */
  readonly databaseUrl?: string | null;
  readonly latencyMs?: number;
  readonly now?: () => Date;
  /** Keep request/response bodies in the log (contract tests need them). Default true. */
  readonly recordBodies?: boolean;
  /** Which Metabase line to play (metabase-version.ts). Default 0.58, the LTS. */
  readonly metabaseVersion?: MetabaseVersion;
  /** A second API key, for a user outside the Administrators group (403 on admin-only writes). */
  readonly nonAdminApiKey?: string | null;
  /** Settings Metabase got as MB_* environment variables: read-only, never stored. */
  readonly envSettings?: Readonly<Record<string, Json>>;
  /** The only SMTP security mode that connects; PUT /api/email corrects others to it. */
  readonly smtpWorkingSecurity?: string | null;
  /** How long after a sync's metadata step its analysis step runs. Default 30 ms. */
  readonly analysisDelayMs?: number;
}

const nonAdminEmail = 'analyst@example.com';

export interface EmulatorControlApi {
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** Every current session answers 401 from now on (the client must log in again). */
  expireSessions(): void;
  /** Empty Metabase again (seeded admin and groups), no faults, empty log. */
  reset(): void;
  counts(since?: number): RequestCounts;
  readonly lastSeq: number;
  clearLog(): void;
  outbox(): readonly OutboxEntry[];
  /** Resolves when every started sync has finished. */
  waitForSyncs(): Promise<void>;
}

export interface RunningEmulator {
  readonly url: string;
  readonly state: EmulatorState;
  readonly controls: EmulatorControlApi;
  log(): readonly LogEntry[];
  close(): Promise<void>;
}

const publicRoutes = new Set([
  'POST /api/session',
  'GET /api/session/properties',
  'GET /api/health',
]);

const faultBodies: Readonly<Record<number, string>> = {
  500: 'Internal server error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const adminEmail = options.adminEmail ?? defaultAdminEmail;
  const adminPassword = options.adminPassword ?? defaultAdminPassword;
  const apiKey = options.apiKey ?? null;
  const syncDelayMs = options.syncDelayMs ?? 50;
  const databaseUrl = options.databaseUrl ?? null;
  const recordBodies = options.recordBodies ?? true;
  const nonAdminApiKey = options.nonAdminApiKey ?? null;
  const analysisDelayMs = options.analysisDelayMs ?? 30;
  const state = new EmulatorState(options.now ?? (() => new Date()));
  const configure = (): void => {
    state.seed({
      adminEmail,
      adminPassword,
      ...(nonAdminApiKey !== null ? { nonAdminEmail } : {}),
    });
    state.profile = versionProfiles[options.metabaseVersion ?? '0.58'];
    state.envSettings = new Map(Object.entries(options.envSettings ?? {}));
    state.smtpWorkingSecurity = options.smtpWorkingSecurity ?? null;
  };
  configure();
  const controls = new EmulatorControls();
  controls.setLatency(options.latencyMs ?? 0);

  const syncs = new Set<Promise<void>>();
  /** Syncs waiting for their delay, with the resolver that settles them if cancelled. */
  const timers = new Map<NodeJS.Timeout, () => void>();
  const cancelPendingSyncs = (): void => {
    for (const [timer, settle] of timers) {
      clearTimeout(timer);
      settle();
    }
    timers.clear();
  };
  /** Resolves after `ms`, or at once when the emulator is reset or closed meanwhile (then false). */
  const delay = (ms: number): Promise<boolean> =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve(true);
      }, ms);
      timers.set(timer, () => resolve(false));
    });
  // Like POST /api/database/:id/sync_schema (src/metabase/warehouses/api.clj): one background task
  // that runs the metadata sync, then the analysis. The metadata (new fields, semantic_type nil)
  // is visible before the analysis has classified anything.
  const scheduleSync = (database: DatabaseRec): void => {
    const run = (async () => {
      if (!(await delay(syncDelayMs))) return;
      try {
        const rows = await readCatalog(connectionString(database, databaseUrl));
        // The database may have been deleted or the emulator reset meanwhile.
        if (state.databases.get(database.id) !== database) return;
        applyCatalog(state, database, rows);
        database.last_sync_error = null;
      } catch (error) {
        database.last_sync_error = error instanceof Error ? error.message : String(error);
        return;
      }
      if (!(await delay(analysisDelayMs))) return;
      if (state.databases.get(database.id) === database) analyzeFields(state, database);
    })();
    syncs.add(run);
    void run.finally(() => syncs.delete(run));
  };
  const testConnection = async (database: DatabaseRec): Promise<string | null> => {
    const url = connectionString(database, databaseUrl);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return null;
    } catch (error) {
      const password =
        typeof database.details['password'] === 'string' ? database.details['password'] : null;
      const message = error instanceof Error ? error.message : String(error);
      return password ? message.split(password).join('[redacted]') : message;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  const distinctValues = async (field: FieldRec): Promise<Json[]> => {
    const table = state.tables.get(field.table_id);
    const database = table === undefined ? undefined : state.databases.get(table.db_id);
    if (table === undefined || database === undefined) return [];
    const client = new pg.Client({ connectionString: connectionString(database, databaseUrl) });
    const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
    try {
      await client.connect();
      const result = await client.query<{ value: Json }>(
        `SELECT DISTINCT ${quote(field.name)} AS value FROM ${quote(table.schema)}.${quote(table.name)}
          WHERE ${quote(field.name)} IS NOT NULL ORDER BY 1 LIMIT ${distinctValuesLimit}`,
      );
      return result.rows.map((r) => r.value);
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  const context: RouteContext = { state, scheduleSync, testConnection, distinctValues };
  const router = new Router();
  for (const register of [
    registerSessionRoutes,
    registerDatabaseRoutes,
    registerCollectionRoutes,
    registerCardRoutes,
    registerDashboardRoutes,
    registerPulseRoutes,
    registerPermissionRoutes,
    registerUserRoutes,
    registerSettingRoutes,
  ]) {
    register(router, context);
  }

  const sockets = new Set<Socket>();
  const controlApi: EmulatorControlApi = {
    addFault: (rule) => controls.addFault(rule),
    clearFaults: () => controls.clearFaults(),
    setLatency: (ms) => controls.setLatency(ms),
    expireSessions: () => {
      for (const session of state.sessions.values()) session.expired = true;
    },
    reset: () => {
      cancelPendingSyncs();
      state.clear();
      configure();
      controls.resetControls();
    },
    counts: (since) => controls.counts(since),
    get lastSeq() {
      return controls.lastSeq;
    },
    clearLog: () => controls.clearLog(),
    outbox: () => state.outbox,
    waitForSyncs: async () => {
      while (syncs.size > 0) await Promise.all([...syncs]);
    },
  };

  const authenticate = (request: IncomingMessage): number => {
    const key = request.headers['x-api-key'];
    if (typeof key === 'string' && apiKey !== null && key === apiKey) return 1;
    if (typeof key === 'string' && nonAdminApiKey !== null && key === nonAdminApiKey) {
      const user = [...state.users.values()].find((u) => u.email === nonAdminEmail);
      if (user !== undefined) return user.id;
    }
    const token = request.headers['x-metabase-session'];
    if (typeof token === 'string') {
      const session = state.sessions.get(token);
      if (session !== undefined && !session.expired) return session.userId;
    }
    throw unauthenticated();
  };

  const send = (response: ServerResponse, result: EmulatorResponse): void => {
    const headers: Record<string, string> = { ...(result.headers ?? {}) };
    if (result.status === 204 || result.body === undefined) {
      response.writeHead(result.status, headers).end();
    } else if (typeof result.body === 'string') {
      response
        .writeHead(result.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
        .end(result.body);
    } else {
      response
        .writeHead(result.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' })
        .end(JSON.stringify(result.body));
    }
  };

  const handleControl = async (
    method: string,
    path: string,
    query: URLSearchParams,
    body: Json | undefined,
  ): Promise<EmulatorResponse> => {
    const route = `${method} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'POST /__emulator/faults':
        if (!isRecord(body) || typeof body['path'] !== 'string' || !isRecord(body['fault'])) {
          return { status: 400, body: 'expected {"path": "...", "fault": {"kind": ...}}' };
        }
        controls.addFault(body as unknown as FaultRule);
        return { status: 204 };
      case 'DELETE /__emulator/faults':
        controls.clearFaults();
        return { status: 204 };
      case 'PUT /__emulator/latency':
        controls.setLatency(isRecord(body) && typeof body['ms'] === 'number' ? body['ms'] : 0);
        return { status: 204 };
      case 'GET /__emulator/log':
        return { status: 200, body: controls.log() as unknown as Json };
      case 'DELETE /__emulator/log':
        controls.clearLog();
        return { status: 204 };
      case 'GET /__emulator/counts':
        return {
          status: 200,
          body: { ...controls.counts(Number(query.get('since') ?? 0)), lastSeq: controls.lastSeq },
        };
      case 'POST /__emulator/sessions/expire':
        controlApi.expireSessions();
        return { status: 204 };
      case 'POST /__emulator/reset':
        controlApi.reset();
        return { status: 204 };
      case 'GET /__emulator/outbox':
        return { status: 200, body: state.outbox as unknown as Json };
      default:
        return { status: 404, body: 'Unknown emulator control.' };
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'http://emulator');
    const path = url.pathname;
    let body: Json | undefined;
    let bodyError: HttpError | null = null;
    try {
      const raw = await readBody(request);
      if (raw !== '') body = JSON.parse(raw) as Json;
    } catch (error) {
      bodyError =
        error instanceof HttpError
          ? error
          : new HttpError(400, { message: 'Malformed JSON in request body.' });
    }
    if (path.startsWith('/__emulator/')) {
      send(response, await handleControl(method, path, url.searchParams, body));
      return;
    }
    const match = router.match(method, path);
    const route = match?.pattern ?? null;
    const category = categoryOf(method, path);
    let fault: FaultKind | null = null;
    const log = (status: number | null, responseBody: Json | undefined) =>
      controls.record({
        method,
        path,
        query: url.search,
        route,
        category,
        status,
        fault: fault?.kind ?? null,
        requestBody: recordBodies ? body : undefined,
        responseBody: recordBodies ? responseBody : undefined,
      });

    if (controls.latencyMs > 0) await sleep(controls.latencyMs);
    fault = controls.takeFault(method, path, route);
    if (fault?.kind === 'reset') {
      log(null, undefined);
      request.socket.resetAndDestroy();
      return;
    }
    if (fault?.kind === 'hang') {
      log(null, undefined);
      const socket = request.socket;
      const timer = setTimeout(() => socket.destroy(), fault.ms ?? 30_000);
      socket.once('close', () => clearTimeout(timer));
      return;
    }
    if (fault?.kind === 'status') {
      const result = {
        status: fault.status,
        body: fault.body ?? faultBodies[fault.status] ?? 'Error',
      };
      log(result.status, result.body);
      send(response, result);
      return;
    }
    if (fault?.kind === 'rate-limit') {
      const result = {
        status: 429,
        body: 'Too many requests',
        headers: { 'Retry-After': String(fault.retryAfterSeconds) },
      };
      log(429, result.body);
      send(response, result);
      return;
    }

    let result: EmulatorResponse;
    try {
      if (bodyError !== null) throw bodyError;
      const userId = publicRoutes.has(`${method} ${route ?? ''}`) ? 0 : authenticate(request);
      if (match === null) throw new HttpError(404, 'API endpoint does not exist.');
      result = await match.handler({
        method,
        path,
        query: url.searchParams,
        params: match.params,
        body,
        userId,
      });
    } catch (error) {
      result =
        error instanceof HttpError
          ? { status: error.status, body: error.body }
          : {
              status: 500,
              body: { message: error instanceof Error ? error.message : String(error) },
            };
    }
    if (fault?.kind === 'commit-then-drop') {
      log(null, result.body);
      request.socket.resetAndDestroy();
      return;
    }
    if (fault?.kind === 'status-after-commit') {
      const failed = { status: fault.status, body: faultBodies[fault.status] ?? 'Error' };
      log(failed.status, failed.body);
      send(response, failed);
      return;
    }
    log(result.status, result.body);
    send(response, result);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        send(response, {
          status: 500,
          body: { message: error instanceof Error ? error.message : String(error) },
        });
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    state,
    controls: controlApi,
    log: () => controls.log(),
    close: async () => {
      cancelPendingSyncs();
      await Promise.all([...syncs]);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
