import type { z } from 'zod';

/**
 * A deliberately small Metabase client for the test's own checks: plain fetch, zod at the edge.
 * It shares nothing with src/metabase, so a bug in the product's client cannot hide itself here.
 */
export class MetabaseApi {
  constructor(
    readonly baseUrl: string,
    private readonly session: string | null = null,
  ) {}

  withSession(session: string): MetabaseApi {
    return new MetabaseApi(this.baseUrl, session);
  }

  get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    return this.request('GET', path, undefined, schema);
  }

  post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return this.request('POST', path, body, schema);
  }

  put<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return this.request('PUT', path, body, schema);
  }

  private async request<T>(
    method: string,
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.session !== null) headers['x-metabase-session'] = this.session;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await response.text();
    if (!response.ok) {
      // The body says what Metabase objected to; it never holds our session token.
      throw new Error(
        `Metabase ${method} ${path}: HTTP ${response.status}: ${text.slice(0, 2000)}`,
      );
    }
    const parsed = schema.safeParse(text === '' ? null : JSON.parse(text));
    if (!parsed.success) {
      throw new Error(
        `Metabase ${method} ${path}: unexpected response (${parsed.error.message}): ${text.slice(0, 2000)}`,
      );
    }
    return parsed.data;
  }
}
