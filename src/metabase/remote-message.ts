import { isJsonObject } from './json.ts';
import type { JsonValue } from './json.ts';

const maxLength = 400;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength)}…` : oneLine;
}

function describe(value: JsonValue | undefined): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => describe(v)).join(', ');
  return JSON.stringify(value);
}

/**
 * Metabase's own words from an error body: a plain string ("Unauthenticated", "Not found."), a
 * `{"message": …}` object, or a validation body `{"errors": {field: msg}, "specific-errors": …}`.
 */
export function metabaseMessage(body: unknown): string | null {
  if (body === undefined || body === null || body === '') return null;
  if (typeof body === 'string') return clip(body);
  if (!isJsonObject(body)) return clip(JSON.stringify(body));
  const message = body['message'];
  if (typeof message === 'string' && message !== '') return clip(message);
  const errors = body['errors'];
  if (isJsonObject(errors)) {
    const parts = Object.entries(errors).map(([field, msg]) => `${field}: ${describe(msg)}`);
    if (parts.length > 0) return clip(parts.join('; '));
  }
  const cause = body['cause'];
  if (typeof cause === 'string') return clip(cause);
  return clip(JSON.stringify(body));
}
