export interface CleanedAddresses {
  /** Lower-cased, trimmed, display names stripped, duplicates removed, in first-seen order. */
  readonly addresses: readonly string[];
  /** Entries that are not e-mail addresses, with why they were dropped. */
  readonly dropped: readonly { readonly value: string; readonly reason: string }[];
  /** Addresses that appeared more than once (after normalising). */
  readonly duplicates: readonly string[];
}

// Deliberately plain: the point is to drop obvious junk (`n/a`, `none`, `-`), not to implement
// RFC 5322. Anything with one @, no spaces and a dot in the domain is kept.
const addressPattern = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\].]+$/;

/** Control (Cc), format (Cf: bidi overrides, zero-width) and line/paragraph separators. */
const invisibleCharacter = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const invisibleCharacters = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** Text with its invisible characters spelled out (`<U+202E>`), safe to print in a report. */
function visibleText(text: string): string {
  return text.replace(
    invisibleCharacters,
    (char) => `<U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}

/**
 * Splits entries like `a@x.com, b@x.com; José Peña <jose@x.com>` into clean addresses. Separators
 * inside a quoted display name (`"Peña, José" <jose@x.com>`) or inside angle brackets do not split.
 */
export function cleanAddresses(entries: readonly string[]): CleanedAddresses {
  const addresses: string[] = [];
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const dropped: { value: string; reason: string }[] = [];
  for (const entry of entries) {
    for (const part of splitAddressList(entry)) {
      const trimmed = part.trim();
      if (trimmed === '') continue;
      const address = stripDisplayName(trimmed).toLowerCase();
      if (invisibleCharacter.test(address)) {
        // U+202E (right-to-left override) makes `moc.y@live` display as `evil@y.com`; a
        // zero-width space makes two different addresses look the same. Never a real address.
        dropped.push({
          value: visibleText(trimmed),
          reason: 'contains invisible or control characters',
        });
        continue;
      }
      if (!addressPattern.test(address)) {
        dropped.push({ value: trimmed, reason: 'not an e-mail address' });
        continue;
      }
      if (seen.has(address)) {
        if (!duplicates.includes(address)) duplicates.push(address);
        continue;
      }
      seen.add(address);
      addresses.push(address);
    }
  }
  return { addresses, dropped, duplicates };
}

function splitAddressList(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inQuotes = false;
  let inAngle = false;
  for (const char of text) {
    if (char === '"') inQuotes = !inQuotes;
    else if (char === '<' && !inQuotes) inAngle = true;
    else if (char === '>' && !inQuotes) inAngle = false;
    if ((char === ',' || char === ';') && !inQuotes && !inAngle) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

/** `José Peña <jose@x.com>` → `jose@x.com`; `<jose@x.com>` → `jose@x.com`; else unchanged. */
function stripDisplayName(text: string): string {
  const match = /<([^<>]*)>\s*$/.exec(text);
  return (match?.[1] ?? text).trim();
}
