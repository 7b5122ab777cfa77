import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError } from 'csv-parse';
import { InputError } from '../errors.ts';
import { detectDialect, dialectContradiction } from './detect-dialect.ts';
import { MysqlQuoteEscapeRewriter, decodeMysqlEscapes, mysqlNull } from './mysql-escapes.ts';
import type { TableSpec } from './tables.ts';
import type { Dialect, Problem } from './types.ts';
import { InvalidUtf8Error, StrictUtf8Decoder, countNewlines } from './utf8-decoder.ts';

/** One data row: the physical line where it starts and its values in header order (NULL = null). */
export interface CsvRow {
  readonly line: number;
  readonly values: readonly (string | null)[];
}

export interface CsvTableHeader {
  readonly file: string;
  readonly dialect: Dialect;
  readonly columns: readonly string[];
  /** Column name → position; the reader reads by name, never by position. */
  readonly index: ReadonlyMap<string, number>;
}

interface ParsedRecord {
  readonly line: number;
  readonly values: (string | null)[];
}

const headBytes = 64 * 1024;

/**
 * Streams one export file through a strict UTF-8 decoder and csv-parse, calling `onRow` for every
 * well-formed data row. Rows csv-parse cannot read, or with the wrong
 * number of values, become error problems and are skipped. Structural faults (missing file,
 * missing required column, not UTF-8, no header) throw an InputError naming the file.
 */
export async function readCsvTable(
  dir: string,
  spec: TableSpec,
  dialectOption: Dialect | undefined,
  problems: Problem[],
  onRow: (row: CsvRow, header: CsvTableHeader) => void,
): Promise<CsvTableHeader> {
  const filePath = path.join(dir, spec.file);
  const sample = await readSample(filePath, spec.file, dir);
  if (dialectOption !== undefined) {
    const contradiction = dialectContradiction(sample.head, dialectOption);
    if (contradiction !== null) {
      throw new InputError(
        `${spec.file}: --dialect ${dialectOption} was given, but the file is in the ${detectDialect(sample.head)} dialect (${contradiction}); ` +
          'leave out --dialect to detect it per file, or name the right one',
      );
    }
  }
  const dialect = dialectOption ?? detectDialect(sample.head);
  const nullWord = dialect === 'mysql' ? mysqlNull : 'NULL';

  let nextLine = 1;
  // Start lines of parsed records not yet consumed, in order (on_record runs ahead of the loop).
  const startLines: number[] = [];
  // How many records csv-parse produced, and how many it had produced when it last skipped one:
  // tells whether the row held back below was the last thing in the file.
  let parsedRecords = 0;
  let parsedBeforeLastSkip = -1;
  const parser = parse({
    // NULL markers, escapes and line counting are done per record here rather than with csv-parse's
    // per-field `cast`, which builds a context object for every field and made reading ten times
    // slower. The price: in the rfc dialect a quoted "NULL" is NULL too (GUI tools write the word
    // either way, and no legacy column holds the text NULL). Line numbers are counted here, not
    // taken from csv-parse's `info.lines`, which counts a CRLF inside a quoted field twice.
    on_record: (record: string[]) => {
      parsedRecords += 1;
      startLines.push(nextLine);
      let newlines = 0;
      const values: (string | null)[] = record;
      for (let at = 0; at < record.length; at += 1) {
        const value = record[at] ?? '';
        if (value.includes('\n')) newlines += countNewlines(value);
        if (value === nullWord) values[at] = null;
        else if (dialect === 'mysql' && value.includes('\\'))
          values[at] = decodeMysqlEscapes(value);
      }
      nextLine += 1 + newlines;
      return record;
    },
    // Every line end an export meets, longest first (csv-parse takes the first that matches):
    // left to auto-detection, csv-parse picks the first one it sees and then reads a file with
    // mixed CRLF and LF as one long record per run of the other kind, and a doubled CR (`\r\r\n`,
    // a CRLF file converted once more) as three line ends. A lone CR is not a line end: old Mac
    // files are not produced by MySQL's tools, and a CR inside an unquoted value stays data.
    record_delimiter: ['\r\r\n', '\r\n', '\n'],
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
  });
  parser.on('skip', (error: CsvError) => {
    parsedBeforeLastSkip = parsedRecords;
    problems.push({
      file: spec.file,
      line: nextLine,
      message: `unreadable CSV (${error.message.replace(/\s+/g, ' ')}); row skipped`,
      severity: 'error',
    });
    nextLine += 1;
  });

  const source = createReadStream(filePath, { highWaterMark: 1024 * 1024 });
  const flowing =
    dialect === 'mysql'
      ? pipeline(source, new StrictUtf8Decoder(), new MysqlQuoteEscapeRewriter(), parser)
      : pipeline(source, new StrictUtf8Decoder(), parser);

  let header: CsvTableHeader | undefined;
  // The newest data row is held back until the next one (or the end) shows whether the file was
  // complete after it: a file cut short ends without a line end, inside its last row.
  let pending: HeldRow | null = null;
  let consumed = 0;
  try {
    // Values are string | null: on_record above turns NULL markers into null.
    for await (const values of parser as AsyncIterable<(string | null)[]>) {
      const record: ParsedRecord = { line: startLines.shift() ?? nextLine, values };
      consumed += 1;
      if (header === undefined) {
        header = readHeader(spec, dialect, record.values);
        continue;
      }
      if (pending !== null) onRow(pending.row, pending.header);
      pending = null;
      // An empty line: nothing to read, and its line is already counted.
      if (record.values.length === 1 && record.values[0] === '') continue;
      if (record.values.length !== header.columns.length) {
        problems.push({
          file: spec.file,
          line: record.line,
          message: `expected ${header.columns.length} values as in the header, found ${record.values.length}; row skipped (an unquoted comma, or a line cut short?)`,
          severity: 'error',
        });
        continue;
      }
      pending = { row: record, header, index: consumed };
    }
    await flowing;
  } catch (error) {
    flowing.catch(() => undefined);
    throw asStructuralError(error, spec.file);
  }
  if (header === undefined) {
    throw new InputError(
      `${spec.file}: the file is empty; expected a header row with the column names (${spec.required.join(', ')})`,
    );
  }
  if (pending !== null) {
    const lastInFile = pending.index === parsedRecords && parsedBeforeLastSkip < pending.index;
    if (sample.endsWithLineEnd || !lastInFile) onRow(pending.row, pending.header);
    else {
      problems.push({
        file: spec.file,
        line: pending.row.line,
        message:
          'the file ends inside this row, without a line end: it looks cut short (an interrupted copy or download?); row skipped',
        severity: 'error',
      });
    }
  }
  return header;
}

function readHeader(
  spec: TableSpec,
  dialect: Dialect,
  values: readonly (string | null)[],
): CsvTableHeader {
  const columns = values.map((value) => (value ?? '').trim());
  const index = new Map<string, number>();
  columns.forEach((name, at) => {
    if (!index.has(name)) index.set(name, at);
  });
  const missing = spec.required.filter((name) => !index.has(name));
  if (missing.length > 0) {
    throw new InputError(
      `${spec.file}: missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}; re-export the table with all its columns and a header row`,
      [`found columns: ${columns.join(', ')}`],
    );
  }
  return { file: spec.file, dialect, columns, index };
}

interface HeldRow {
  readonly row: CsvRow;
  readonly header: CsvTableHeader;
  /** 1-based position among the records csv-parse produced (the header is 1). */
  readonly index: number;
}

interface FileSample {
  /** The first bytes, leniently decoded: only a sample for the dialect guess. */
  readonly head: string;
  /** Whether the last byte is a line end (every export tool ends its last row with one). */
  readonly endsWithLineEnd: boolean;
}

async function readSample(filePath: string, file: string, dir: string): Promise<FileSample> {
  let handle;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    if (isNodeError(error) && error.code === 'ENOENT') {
      throw new InputError(
        `${file}: file not found in ${dir}; the export must hold all 8 tables as <table>.csv`,
      );
    }
    throw new InputError(
      `${file}: cannot open (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  try {
    const buffer = Buffer.alloc(headBytes);
    const { bytesRead } = await handle.read(buffer, 0, headBytes, 0);
    const { size } = await handle.stat();
    const last = Buffer.alloc(1);
    if (size > 0) await handle.read(last, 0, 1, size - 1);
    return {
      // Lenient here: this is only a sample for the dialect guess; the full read is strict.
      head: new TextDecoder('utf-8').decode(buffer.subarray(0, bytesRead)),
      endsWithLineEnd: size > 0 && (last[0] === 0x0a || last[0] === 0x0d),
    };
  } finally {
    await handle.close();
  }
}

function asStructuralError(error: unknown, file: string): Error {
  if (error instanceof InputError) return error;
  if (error instanceof InvalidUtf8Error) {
    return new InputError(
      `${file}: line ${error.line}: not valid UTF-8; re-export the table as UTF-8 (or convert it, e.g. iconv -f latin1 -t utf-8)`,
    );
  }
  if (isNodeError(error) && error.code === 'ENOENT') {
    return new InputError(
      `${file}: file not found; the export must hold all 8 tables as <table>.csv`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
