import { parseArgs } from 'node:util';
import { isMetabaseVersion, metabaseVersions } from './metabase-version.ts';
import { defaultAdminEmail, defaultAdminPassword, startEmulator } from './server.ts';

/**
 * `npm run emulator -- --port 3000 --database-url URL`: the Metabase emulator on its own, for
 * demos and manual runs. Test controls are under /__emulator/ (see docs/metabase-emulator.md).
 */
const usage = `usage: npm run emulator -- [--port 3000] [--host 127.0.0.1] [--database-url URL]
       [--api-key KEY] [--admin-email EMAIL] [--admin-password PASSWORD] [--sync-delay-ms 50]
       [--latency-ms 0] [--metabase-version 0.58|0.63] [--non-admin-api-key KEY]
  API key: --api-key or METABASE_API_KEY (none = sessions only).
  Admin login: --admin-email/--admin-password, or EMULATOR_ADMIN_EMAIL/EMULATOR_ADMIN_PASSWORD
  (defaults ${defaultAdminEmail} / ${defaultAdminPassword}).`;

async function run(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '3000' },
        host: { type: 'string', default: '127.0.0.1' },
        'database-url': { type: 'string' },
        'api-key': { type: 'string' },
        'admin-email': { type: 'string' },
        'admin-password': { type: 'string' },
        'sync-delay-ms': { type: 'string', default: '50' },
        'latency-ms': { type: 'string', default: '0' },
        'metabase-version': { type: 'string', default: '0.58' },
        'non-admin-api-key': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const numbers = {
    port: Number(values.port),
    sync: Number(values['sync-delay-ms']),
    latency: Number(values['latency-ms']),
  };
  if (!Object.values(numbers).every((n) => Number.isInteger(n) && n >= 0)) {
    console.error(
      `--port, --sync-delay-ms and --latency-ms must be non-negative integers\n${usage}`,
    );
    return 2;
  }
  const version = values['metabase-version'];
  if (!isMetabaseVersion(version)) {
    console.error(`--metabase-version must be one of ${metabaseVersions.join(', ')}\n${usage}`);
    return 2;
  }
  const apiKey = values['api-key'] ?? process.env['METABASE_API_KEY'] ?? null;
  const emulator = await startEmulator({
    port: numbers.port,
    host: values.host,
    apiKey,
    adminEmail: values['admin-email'] ?? process.env['EMULATOR_ADMIN_EMAIL'] ?? defaultAdminEmail,
    adminPassword:
      values['admin-password'] ?? process.env['EMULATOR_ADMIN_PASSWORD'] ?? defaultAdminPassword,
    syncDelayMs: numbers.sync,
    latencyMs: numbers.latency,
    databaseUrl: values['database-url'] ?? null,
    metabaseVersion: version,
    nonAdminApiKey: values['non-admin-api-key'] ?? null,
    // A long-running demo should not keep every body in memory.
    recordBodies: false,
  });
  console.log(`Metabase emulator (v${version} semantics) listening on ${emulator.url}`);
  console.log(
    `  auth: ${apiKey ? 'x-api-key (key not shown)' : 'API keys disabled'}; sessions for the seeded admin`,
  );
  console.log(
    `  controls: ${emulator.url}/__emulator/{faults,latency,log,counts,sessions/expire,reset,outbox}`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return 0;
}

process.exitCode = await run();
