/**
 * npm run demo-data -- --records N [--database-url URL] [--seed S] [--schema public] [--reset]
 *                      [--create-schema] [--reference-date YYYY-MM-DD] [--legacy DIR]
 *                      [--sql-out FILE] [--json]
 *
 * Loads deterministic DTX 2.0 demo data (see src/demo-data) into DATABASE_URL (--database-url
 * wins), or writes it as a psql script with --sql-out. Exit codes: 0 ok, 1 error.
 * The same (seed, records, reference date, legacy export) always gives the same rows.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import pg from 'pg';
import { z } from 'zod';
import { postgresUrlProblem } from '../src/cli/database-url.ts';
import { InputError, RemoteError } from '../src/errors.ts';
import { maxDemoRecords } from '../src/demo-data/demo-data-options.ts';
import type { LoadProgress } from '../src/demo-data/load-demo-data.ts';
import { loadDemoDataInto, writeDemoSqlScript } from '../src/demo-data/run-demo-data.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(
    (text) => new Date(`${text}T00:00:00Z`).toISOString().startsWith(text),
    'not a real date',
  );

const flagsSchema = z.object({
  records: z.coerce.number().int().min(1).max(maxDemoRecords),
  seed: z.coerce.number().int().min(0).max(4_294_967_295).default(1),
  schema: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'expected a plain SQL identifier')
    .default('public'),
  databaseUrl: z.string().min(1).optional(),
  reset: z.boolean().default(false),
  createSchema: z.boolean().default(false),
  referenceDate: isoDay.optional(),
  legacy: z.string().min(1).optional(),
  sqlOut: z.string().min(1).optional(),
  json: z.boolean().default(false),
});

/** Connection strings are shown without their password. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable connection string)';
  }
}

function progressLine(event: LoadProgress): string {
  switch (event.kind) {
    case 'schema-created':
      return `created the DTX 2.0 reference tables in schema ${event.schema}`;
    case 'reset':
      return `emptied ${event.tables} demo tables`;
    case 'table-loaded':
      return `${event.table.padEnd(38)} ${String(event.rows).padStart(11)} rows ${(event.ms / 1000).toFixed(1).padStart(7)} s`;
    case 'committing':
      return 'committing (deferred foreign key checks run now)';
  }
}

async function run(argv: readonly string[]): Promise<void> {
  const program = new Command()
    .name('demo-data')
    .description('Deterministic DTX 2.0 demo data, consistent with the bundled legacy export.')
    .requiredOption('--records <n>', 'number of records (vendors); other tables are sized from it')
    .option('--seed <s>', 'seed (0..4294967295)', '1')
    .option('--schema <name>', 'schema of the DTX 2.0 tables', 'public')
    .option('--database-url <url>', 'target database (default: DATABASE_URL)')
    .option('--reset', 'empty the DTX 2.0 tables first (demo databases only)')
    .option('--create-schema', 'create the schema when it does not exist')
    .option(
      '--reference-date <day>',
      '"today" for the data (default: the database\'s current_date; 2025-01-01 for --sql-out)',
    )
    .option(
      '--legacy <dir>',
      'legacy export whose ids the data carries',
      path.join(projectRoot, 'examples', 'legacy-export'),
    )
    .option('--sql-out <file>', 'write a psql script instead of loading a database')
    .option('--json', 'print the summary as JSON')
    .exitOverride()
    .parse([...argv], { from: 'user' });

  const parsed = flagsSchema.safeParse(program.opts());
  if (!parsed.success) {
    throw new InputError(
      'invalid options',
      parsed.error.issues.map(
        (issue) =>
          `--${issue.path.join('.').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}: ${issue.message}`,
      ),
    );
  }
  const flags = parsed.data;
  const common = {
    records: flags.records,
    seed: flags.seed,
    referenceDate: flags.referenceDate ?? null,
    legacyDir: path.resolve(flags.legacy ?? path.join(projectRoot, 'examples', 'legacy-export')),
  };

  if (flags.sqlOut) {
    const started = performance.now();
    const outcome = await writeDemoSqlScript(path.resolve(flags.sqlOut), {
      ...common,
      schema: flags.schema,
    });
    const summary = {
      ...outcome,
      records: flags.records,
      seed: flags.seed,
      seconds: (performance.now() - started) / 1000,
    };
    process.stdout.write(
      flags.json
        ? `${JSON.stringify(summary, null, 2)}\n`
        : `wrote ${path.relative(process.cwd(), outcome.file)} (${flags.records} records, seed ${flags.seed}, reference date ${outcome.referenceDate})\n`,
    );
    return;
  }

  const databaseUrl = flags.databaseUrl ?? process.env['DATABASE_URL'];
  if (!databaseUrl) {
    throw new InputError('no target database', [
      'Set DATABASE_URL or pass --database-url, or use --sql-out FILE.',
    ]);
  }
  const urlProblem = postgresUrlProblem(databaseUrl);
  if (urlProblem !== null) throw new InputError(urlProblem);
  const client = new pg.Client({ connectionString: databaseUrl });
  // A session ended by the server becomes the failed query's error, not an uncaught 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new RemoteError(
      `cannot connect to ${redact(databaseUrl)}: ${error instanceof Error ? error.message : String(error)}`,
      {
        system: 'postgres',
      },
    );
  }
  try {
    process.stderr.write(
      `loading ${flags.records} records (seed ${flags.seed}) into ${redact(databaseUrl)}, schema ${flags.schema}\n`,
    );
    const outcome = await loadDemoDataInto(client, {
      ...common,
      schema: flags.schema,
      reset: flags.reset,
      createSchema: flags.createSchema,
      referenceSchemaPath: path.join(projectRoot, 'db', 'dtx2-reference-schema.sql'),
      onProgress: (event) => void process.stderr.write(`${progressLine(event)}\n`),
    });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
    } else {
      const total = outcome.tables.reduce((sum, table) => sum + table.rows, 0);
      process.stdout.write(
        [
          `loaded ${total} rows for ${outcome.records} records (seed ${outcome.seed}, reference date ${outcome.referenceDate})`,
          `  copy ${(outcome.copyMs / 1000).toFixed(1)} s, analyze ${(outcome.analyzeMs / 1000).toFixed(1)} s, commit ${(outcome.commitMs / 1000).toFixed(1)} s, total ${(outcome.totalMs / 1000).toFixed(1)} s`,
          '',
        ].join('\n'),
      );
    }
  } finally {
    await client.end();
  }
}

run(process.argv.slice(2)).then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    if (error instanceof InputError) {
      process.stderr.write(
        `error: ${error.message}\n${error.details.map((line) => `  ${line}\n`).join('')}`,
      );
    } else if (error instanceof RemoteError) {
      process.stderr.write(`error: ${error.message}\n`);
    } else if (error instanceof CommanderError) {
      // commander already printed the usage, or the help that was asked for.
      process.exitCode = error.exitCode === 0 ? 0 : 1;
      return;
    } else {
      process.stderr.write(
        `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exitCode = 1;
  },
);
