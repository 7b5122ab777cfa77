/** Control (Cc), format (Cf: bidi overrides, zero-width) and line/paragraph separators. */
const invisibleRun = /\s*[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+\s*/gu;
const invisible = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * A subscription's name as one plain line. Names come from legacy subjects and report names, and
 * Metabase puts them in e-mails: a `\r\nBcc: x@y.com` in one must never reach a mail header, and
 * a right-to-left override must not disguise it. Each run of such characters becomes one space;
 * a name without any is returned unchanged (so clean names keep their exact bytes).
 */
export function oneLineName(text: string): string {
  return invisible.test(text) ? text.replace(invisibleRun, ' ').trim() : text;
}

/** Whether a name read back from a file is one plain line (the loader refuses others). */
export function isOneLineName(text: string): boolean {
  return !invisible.test(text);
}
