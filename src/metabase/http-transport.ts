import axios from 'axios';
import type { AxiosInstance, AxiosResponse } from 'axios';
import type { z } from 'zod';
import { RemoteError } from '../errors.ts';
import { SecretRedactor } from './redact.ts';
import { metabaseMessage } from './remote-message.ts';
import {
  backoffDelayMs,
  defaultRetryPolicy,
  isRetryableStatus,
  retryAfterMs,
} from './retry-policy.ts';
import type { RetryPolicy } from './retry-policy.ts';
import { sessionSchema } from './responses.ts';

/**
 * The one place that speaks HTTP to Metabase: authentication (API key or session with one
 * re-login), per-request timeout, retries for safe requests, the create-once protocol for POSTs,
 * request counting, and errors that say what failed without any secret.
 */

export type MetabaseAuth =
  | { readonly kind: 'api-key'; readonly apiKey: string }
  | { readonly kind: 'session'; readonly username: string; readonly password: string };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** `auth` requests (login) are counted apart so "a no-op run makes zero writes" holds with sessions. */
export type RequestCategory = 'read' | 'write' | 'auth';

export interface RequestEvent {
  readonly method: HttpMethod;
  readonly path: string;
  readonly category: RequestCategory;
  /** HTTP status, or null when no response came back (network error, timeout). */
  readonly status: number | null;
  /** Network error code when there was no response (`ECONNRESET`, `ETIMEDOUT`, …). */
  readonly errorCode: string | null;
  readonly attempt: number;
  readonly durationMs: number;
}

export interface RequestStats {
  readonly reads: number;
  readonly writes: number;
  readonly auth: number;
  /** Requests sent again after a retryable failure (already included in reads/writes). */
  readonly retries: number;
}

export interface TransportOptions {
  readonly baseUrl: string;
  readonly auth: MetabaseAuth;
  /** Per HTTP request (each retry gets its own). Default 30 s. */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
  /** Called after every HTTP exchange: progress display, logs, request counting by the caller. */
  readonly onRequest?: (event: RequestEvent) => void;
}

/** How a request may be repeated after a failure that leaves its outcome unknown. */
export type Repeatable = 'idempotent' | 'never';

export interface RequestSpec<T> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean>>;
  readonly body?: unknown;
  readonly schema: z.ZodType<T>;
  /** GET/PUT/DELETE default to idempotent, POST to never. */
  readonly repeatable?: Repeatable;
}

export interface CreateSpec<T> {
  readonly path: string;
  readonly body: unknown;
  readonly schema: z.ZodType<T>;
  /**
   * Looks the object up by the caller's managed key. Called after a POST whose outcome is unknown
   * (timeout, reset, 502/503/504 after the request was sent): if it finds the object, the POST
   * evidently committed and is not sent again.
   */
  readonly findExisting: () => Promise<T | undefined>;
  /** What is being created, for messages: `card "COI not in compliance"`. */
  readonly describe: string;
}

type Outcome =
  | { readonly kind: 'response'; readonly response: AxiosResponse<unknown> }
  | { readonly kind: 'network'; readonly code: string; readonly sent: boolean };

/** Error codes meaning the request never reached the server, so even a POST can be resent. */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

export class MetabaseTransport {
  readonly #http: AxiosInstance;
  readonly #auth: MetabaseAuth;
  readonly #retry: RetryPolicy;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #onRequest: ((event: RequestEvent) => void) | undefined;
  readonly #redactor = new SecretRedactor();
  #sessionToken: string | null = null;
  #login: Promise<string> | null = null;
  #stats = { reads: 0, writes: 0, auth: 0, retries: 0 };

  constructor(options: TransportOptions) {
    this.#auth = options.auth;
    this.#retry = options.retry ?? defaultRetryPolicy;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    this.#onRequest = options.onRequest;
    if (options.auth.kind === 'api-key') this.#redactor.add(options.auth.apiKey);
    else this.#redactor.add(options.auth.password);
    this.#http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 30_000,
      // We read every status ourselves; axios must not throw (its errors carry our headers).
      validateStatus: () => true,
      transitional: { clarifyTimeoutError: true },
      headers: { Accept: 'application/json' },
      // Keep Metabase's bodies as they are; JSON is parsed below.
      transformResponse: [(data: unknown) => data],
      maxRedirects: 0,
      proxy: false,
    });
  }

  stats(): RequestStats {
    return { ...this.#stats };
  }

  /** Secrets found in request bodies (a database password) are redacted from messages too. */
  addSecret(secret: string | null | undefined): void {
    this.#redactor.add(secret);
  }

  async request<T>(spec: RequestSpec<T>): Promise<T> {
    const repeatable = spec.repeatable ?? (spec.method === 'POST' ? 'never' : 'idempotent');
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.#send(spec.method, spec.path, spec.query, spec.body, attempt);
      const verdict = this.#judge(
        outcome,
        attempt,
        repeatable === 'idempotent',
        spec.method === 'GET',
      );
      if (verdict.kind === 'done') return this.#parse(spec.method, spec.path, outcome, spec.schema);
      if (verdict.kind === 'fail') throw this.#failure(spec.method, spec.path, outcome);
      this.#stats.retries += 1;
      await this.#sleep(verdict.delayMs);
    }
  }

  /**
   * POST that creates an object, at most once: never resent after an ambiguous failure unless
   * `findExisting` confirms the first attempt did not commit.
   */
  async create<T>(spec: CreateSpec<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.#send('POST', spec.path, undefined, spec.body, attempt);
      const ambiguous = this.#isAmbiguous(outcome);
      // Every retryable failure may be retried here: the ambiguous ones only after the lookup below.
      const verdict = this.#judge(outcome, attempt, true, false);
      if (verdict.kind === 'done') return this.#parse('POST', spec.path, outcome, spec.schema);
      if (verdict.kind === 'fail') throw this.#failure('POST', spec.path, outcome);
      this.#stats.retries += 1;
      await this.#sleep(verdict.delayMs);
      if (ambiguous) {
        const existing = await spec.findExisting();
        if (existing !== undefined) return existing;
      }
    }
  }

  #isAmbiguous(outcome: Outcome): boolean {
    if (outcome.kind === 'network') return outcome.sent;
    // 429 is a refusal before any work; gateway errors may hide a commit behind them.
    return outcome.response.status >= 502 && outcome.response.status <= 504;
  }

  /** `safe`: the request reads only (GET), so even a 500 may be answered by trying again. */
  #judge(
    outcome: Outcome,
    attempt: number,
    repeatable: boolean,
    safe: boolean,
  ):
    | { readonly kind: 'done' }
    | { readonly kind: 'fail' }
    | { readonly kind: 'retry'; readonly delayMs: number } {
    if (outcome.kind === 'response' && outcome.response.status < 400) return { kind: 'done' };
    const retryable =
      outcome.kind === 'network'
        ? repeatable || !outcome.sent
        : isRetryableStatus(outcome.response.status, safe) &&
          (repeatable || outcome.response.status === 429);
    if (!retryable || attempt >= this.#retry.maxAttempts) return { kind: 'fail' };
    let delayMs = backoffDelayMs(attempt, this.#retry, this.#random);
    if (outcome.kind === 'response' && outcome.response.status === 429) {
      const header = outcome.response.headers['retry-after'];
      const wait = retryAfterMs(typeof header === 'string' ? header : undefined, this.#now());
      if (wait !== null) {
        if (wait > this.#retry.maxRetryAfterMs) return { kind: 'fail' };
        delayMs = Math.max(delayMs, wait);
      }
    }
    return { kind: 'retry', delayMs };
  }

  async #send(
    method: HttpMethod,
    path: string,
    query: RequestSpec<unknown>['query'],
    body: unknown,
    attempt: number,
  ): Promise<Outcome> {
    const category: RequestCategory = method === 'GET' ? 'read' : 'write';
    let reloggedIn = false;
    for (;;) {
      const headers: Record<string, string> = await this.#authHeaders();
      const outcome = await this.#exchange(method, path, query, body, headers, category, attempt);
      if (
        outcome.kind === 'response' &&
        outcome.response.status === 401 &&
        this.#auth.kind === 'session' &&
        !reloggedIn
      ) {
        // The session expired or was revoked: log in again once, then resend.
        reloggedIn = true;
        this.#invalidateSession(headers['X-Metabase-Session']);
        continue;
      }
      return outcome;
    }
  }

  async #exchange(
    method: HttpMethod,
    path: string,
    query: RequestSpec<unknown>['query'],
    body: unknown,
    headers: Record<string, string>,
    category: RequestCategory,
    attempt: number,
  ): Promise<Outcome> {
    const started = this.#now();
    let outcome: Outcome;
    try {
      const response = await this.#http.request<unknown>({
        method,
        url: path,
        params: query,
        data: body === undefined ? undefined : JSON.stringify(body),
        headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      });
      outcome = { kind: 'response', response };
    } catch (error) {
      const code = axios.isAxiosError(error) ? (error.code ?? 'ERR_NETWORK') : 'ERR_UNKNOWN';
      outcome = { kind: 'network', code, sent: !notSentCodes.has(code) };
    }
    this.#stats[category === 'read' ? 'reads' : category === 'write' ? 'writes' : 'auth'] += 1;
    this.#onRequest?.({
      method,
      path,
      category,
      status: outcome.kind === 'response' ? outcome.response.status : null,
      errorCode: outcome.kind === 'network' ? outcome.code : null,
      attempt,
      durationMs: this.#now() - started,
    });
    return outcome;
  }

  async #authHeaders(): Promise<Record<string, string>> {
    if (this.#auth.kind === 'api-key') return { 'x-api-key': this.#auth.apiKey };
    const token = this.#sessionToken ?? (await this.#loginOnce());
    return { 'X-Metabase-Session': token };
  }

  #invalidateSession(used: string | undefined): void {
    // Concurrent requests may all see the 401: only the first one drops the token.
    if (used !== undefined && this.#sessionToken === used) this.#sessionToken = null;
  }

  #loginOnce(): Promise<string> {
    this.#login ??= this.#doLogin().finally(() => {
      this.#login = null;
    });
    return this.#login;
  }

  async #doLogin(): Promise<string> {
    if (this.#auth.kind !== 'session') throw new Error('login without session credentials');
    const path = '/api/session';
    const body = { username: this.#auth.username, password: this.#auth.password };
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.#exchange('POST', path, undefined, body, {}, 'auth', attempt);
      // Logging in twice is harmless (two sessions), so login retries like a read.
      const verdict = this.#judge(outcome, attempt, true, false);
      if (verdict.kind === 'retry') {
        this.#stats.retries += 1;
        await this.#sleep(verdict.delayMs);
        continue;
      }
      if (verdict.kind === 'fail') {
        const failure = this.#failure('POST', path, outcome);
        // A 401 already carries the hint (see #failure); other failures get it here, once.
        const hint =
          failure.context.status === 401 ? '' : ' (check METABASE_USER / METABASE_PASSWORD)';
        throw new RemoteError(
          `Metabase login as ${this.#auth.username} failed: ${failure.message}${hint}`,
          failure.context,
        );
      }
      const session = this.#parse('POST', path, outcome, sessionSchema);
      this.#redactor.add(session.id);
      this.#sessionToken = session.id;
      return session.id;
    }
  }

  #parse<T>(method: HttpMethod, path: string, outcome: Outcome, schema: z.ZodType<T>): T {
    if (outcome.kind !== 'response') throw this.#failure(method, path, outcome);
    const { status, data } = outcome.response;
    let json: unknown = null;
    if (typeof data === 'string' && data !== '') {
      try {
        json = JSON.parse(data);
      } catch {
        json = data;
      }
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    return this.#throw(
      `Metabase ${method} ${path} returned ${status} with an unexpected body (${problems}); ` +
        'is this Metabase v0.58?',
      { method, path, status },
    );
  }

  #throw(message: string, context: { method: string; path: string; status?: number }): never {
    throw new RemoteError(this.#redactor.redact(message), { system: 'metabase', ...context });
  }

  #failure(method: HttpMethod, path: string, outcome: Outcome): RemoteError {
    if (outcome.kind === 'network') {
      const what =
        outcome.code === 'ETIMEDOUT' || outcome.code === 'ECONNABORTED'
          ? 'timed out'
          : `failed (${outcome.code})`;
      return new RemoteError(this.#redactor.redact(`Metabase ${method} ${path} ${what}`), {
        system: 'metabase',
        method,
        path,
      });
    }
    const { status, data } = outcome.response;
    let body: unknown = data;
    if (typeof data === 'string') {
      try {
        body = JSON.parse(data);
      } catch {
        body = data;
      }
    }
    const remote = metabaseMessage(body);
    const hint =
      status === 401
        ? this.#auth.kind === 'api-key'
          ? ' (check METABASE_API_KEY)'
          : ' (check METABASE_USER / METABASE_PASSWORD)'
        : status === 403
          ? ' (the Metabase user or API key needs admin rights)'
          : '';
    const safeRemote = remote === null ? null : this.#redactor.redact(remote);
    const message = `Metabase ${method} ${path} failed with ${status}${
      safeRemote === null ? '' : `: ${safeRemote}`
    }${hint}`;
    return new RemoteError(this.#redactor.redact(message), {
      system: 'metabase',
      method,
      path,
      status,
      ...(safeRemote === null ? {} : { remoteMessage: safeRemote }),
    });
  }
}
