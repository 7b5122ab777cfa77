import { unserialize } from 'php-serialize';

export type PhpEmailList =
  | { readonly ok: true; readonly entries: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Decodes the PHP `serialize()` text of an e-mail column into its string entries. Shapes seen in
 * DTX 1.0: `a:N:{i:0;s:L:"x";…}` (keys may have gaps), a bare `s:L:"x";`, `N;`, `a:0:{}` and an
 * empty cell. php-serialize counts `s:L` in UTF-8 bytes (its default encoding), as PHP does, so
 * a length that does not match is reported as corrupt rather than guessed around.
 *
 * Arrays with gaps in their keys come back from php-serialize as objects, whose integer keys
 * JavaScript iterates in ascending order; PHP's insertion order is lost. The order of recipients
 * carries no meaning, so this is accepted.
 */
export function decodePhpEmailList(raw: string | null): PhpEmailList {
  if (raw === null || raw.trim() === '') return { ok: true, entries: [] };
  let value: unknown;
  try {
    value = unserialize(raw.trim(), {}, { strict: true });
  } catch (error) {
    const detail =
      error instanceof Error
        ? error.message.replace(/ while unserializing payload$/, '')
        : String(error);
    return { ok: false, reason: `not valid PHP serialize() output (${detail})` };
  }
  // php-serialize stops after the first complete value; text after it means a damaged cell.
  const consumed = serializedByteLength(value);
  if (consumed !== undefined && consumed !== Buffer.byteLength(raw.trim(), 'utf8')) {
    return {
      ok: false,
      reason: 'not valid PHP serialize() output (unexpected text after the value)',
    };
  }
  if (value === null) return { ok: true, entries: [] };
  if (typeof value === 'string') return { ok: true, entries: [value] };
  if (typeof value === 'object') {
    const entries: string[] = [];
    for (const item of Object.values(value)) {
      if (typeof item !== 'string') {
        return { ok: false, reason: `expected a list of strings, found a ${describe(item)} entry` };
      }
      entries.push(item);
    }
    return { ok: true, entries };
  }
  return {
    ok: false,
    reason: `expected a list of e-mail addresses, found a PHP ${describe(value)}`,
  };
}

/**
 * How many bytes PHP's serialize() writes for the decoded value (null, a string, or an array of
 * strings), to compare with the cell. undefined for shapes that are rejected anyway.
 */
function serializedByteLength(value: unknown): number | undefined {
  const stringLength = (text: string) => {
    const bytes = Buffer.byteLength(text, 'utf8');
    return `s:${bytes}:"";`.length + bytes;
  };
  if (value === null) return 'N;'.length;
  if (typeof value === 'string') return stringLength(value);
  if (typeof value !== 'object') return undefined;
  const entries = Object.entries(value);
  let total = `a:${entries.length}:{}`.length;
  for (const [key, item] of entries) {
    if (typeof item !== 'string') return undefined;
    total += (/^-?\d+$/.test(key) ? `i:${key};`.length : stringLength(key)) + stringLength(item);
  }
  return total;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
