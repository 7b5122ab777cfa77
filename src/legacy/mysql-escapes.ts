import { Transform, type TransformCallback } from 'node:stream';

/**
 * MySQL `SELECT … INTO OUTFILE` escapes with a backslash; csv-parse only knows RFC quoting.
 * csv-parse's own `escape: '\\'` drops the backslash before ANY character (`\n` becomes `n`, and
 * `\\n` and `\n` end up the same), so it cannot be used. Instead this stream rewrites only the
 * escaped quote `\"` into the RFC form `""` and passes every other `\x` pair through untouched;
 * csv-parse then finds the field boundaries and `decodeMysqlEscapes` decodes each field.
 *
 * This is context-free because MySQL escapes every backslash it writes: reading left to right,
 * each backslash starts exactly one two-character escape, inside or outside quotes.
 */
export class MysqlQuoteEscapeRewriter extends Transform {
  private pendingBackslash = false;

  constructor() {
    super({ decodeStrings: false, encoding: 'utf8' });
  }

  override _transform(
    chunk: string | Buffer,
    _encoding: BufferEncoding,
    callback: TransformCallback,
  ): void {
    let text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (this.pendingBackslash) {
      text = `\\${text}`;
      this.pendingBackslash = false;
    }
    if (!text.includes('\\')) {
      callback(null, text);
      return;
    }
    let out = '';
    let from = 0;
    for (let at = text.indexOf('\\'); at !== -1; at = text.indexOf('\\', from)) {
      if (at + 1 >= text.length) {
        // The escape continues in the next chunk.
        out += text.slice(from, at);
        this.pendingBackslash = true;
        from = text.length;
        break;
      }
      const next = text[at + 1];
      out += text.slice(from, at) + (next === '"' ? '""' : `\\${next}`);
      from = at + 2;
    }
    out += text.slice(from);
    callback(null, out);
  }

  override _flush(callback: TransformCallback): void {
    // A lone backslash at the very end of the file: keep it, the field decoder keeps it too.
    callback(null, this.pendingBackslash ? '\\' : '');
  }
}

const escapes: Readonly<Record<string, string>> = {
  '0': '\0',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
};

/** Decodes MySQL backslash escapes in one field (`\\`, `\"`, `\n`, `\t`, `\0`, …; `\x` = `x` otherwise). */
export function decodeMysqlEscapes(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(/\\([\s\S]?)/g, (_match, next: string) =>
    next === '' ? '\\' : (escapes[next] ?? next),
  );
}

/** MySQL writes NULL as `\N`; a literal backslash-N in the data would be written `\\N`. */
export const mysqlNull = '\\N';
