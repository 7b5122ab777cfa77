import { Transform, type TransformCallback } from 'node:stream';

/** Raised when the bytes are not UTF-8; carries the line where decoding failed. */
export class InvalidUtf8Error extends Error {
  override readonly name = 'InvalidUtf8Error';
  constructor(readonly line: number) {
    super(`not valid UTF-8 at or after line ${line}`);
  }
}

/**
 * Bytes to text, strictly: a file that is not UTF-8 (typically Latin-1 from an old export tool)
 * must stop the run rather than be read as mojibake. A leading BOM is dropped (TextDecoder does
 * this by default).
 */
export class StrictUtf8Decoder extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private linesSeen = 1;

  constructor() {
    super({ readableObjectMode: false, encoding: 'utf8' });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.emitText(() => this.decoder.decode(chunk, { stream: true }), chunk, callback);
  }

  override _flush(callback: TransformCallback): void {
    this.emitText(() => this.decoder.decode(), Buffer.alloc(0), callback);
  }

  private emitText(decode: () => string, chunk: Buffer, callback: TransformCallback): void {
    let text: string;
    try {
      text = decode();
    } catch {
      // Locate the bad byte for the message: decode leniently and find the first replacement.
      const lenient = new TextDecoder('utf-8').decode(chunk);
      const bad = lenient.indexOf('\uFFFD');
      callback(
        new InvalidUtf8Error(this.linesSeen + countNewlines(lenient.slice(0, Math.max(bad, 0)))),
      );
      return;
    }
    this.linesSeen += countNewlines(text);
    callback(null, text);
  }
}

export function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}
