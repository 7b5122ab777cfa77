import type { IncomingMessage } from 'node:http';

/**
 * Request/response plumbing for the emulator: a tiny router (a dozen path shapes do not justify a
 * framework dependency) and errors shaped like Metabase's.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonRecord = { [key: string]: Json };

export interface EmulatorRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  readonly body: Json | undefined;
  readonly userId: number;
}

export interface EmulatorResponse {
  readonly status: number;
  /** A string is sent as text/plain (how Metabase sends "Unauthenticated", "Not found."). */
  readonly body?: Json | undefined;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A failure answered the way Metabase answers it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

export const notFound = (): HttpError => new HttpError(404, 'Not found.');
export const unauthenticated = (): HttpError => new HttpError(401, 'Unauthenticated');

/** Malli-validation failures: `{"errors": {key: msg}, "specific-errors": {key: [msg]}}`. */
export function validationError(errors: Readonly<Record<string, string>>): HttpError {
  const specific: JsonRecord = {};
  for (const [key, message] of Object.entries(errors)) specific[key] = [message];
  return new HttpError(400, { errors: { ...errors }, 'specific-errors': specific });
}

export type Handler = (request: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

interface Route {
  readonly method: string;
  readonly parts: readonly string[];
  readonly handler: Handler;
}

export function ok(body: Json, status = 200): EmulatorResponse {
  return { status, body };
}

export class Router {
  readonly #routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): void {
    this.#routes.push({ method, parts: splitPath(pattern), handler });
  }

  /** Trailing slashes are ignored: the spec spells roots `/api/card/`, clients call `/api/card`. */
  match(
    method: string,
    path: string,
  ): { handler: Handler; params: Record<string, string>; pattern: string } | null {
    const parts = splitPath(path);
    for (const route of this.#routes) {
      if (route.method !== method || route.parts.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let matched = true;
      route.parts.forEach((part, index) => {
        const actual = parts[index] ?? '';
        if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual);
        else if (part !== actual) matched = false;
      });
      if (matched) return { handler: route.handler, params, pattern: `/${route.parts.join('/')}` };
    }
    return null;
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((p) => p !== '');
}

export async function readBody(request: IncomingMessage, limitBytes = 10_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) throw new HttpError(413, 'Request body too large.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function isRecord(value: Json | undefined): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Path ids: Metabase answers 400 for a non-integer id (`value must be an integer greater than zero.`). */
export function idParam(request: EmulatorRequest, name = 'id'): number {
  const raw = request.params[name] ?? '';
  if (!/^[1-9]\d*$/.test(raw)) {
    throw validationError({ [name]: 'value must be an integer greater than zero.' });
  }
  return Number(raw);
}

export function boolQuery(request: EmulatorRequest, name: string): boolean {
  return request.query.get(name) === 'true';
}
