import path from 'node:path';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import type { StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import { GenericContainer, Network, Wait } from 'testcontainers';
import type { StartedNetwork, StartedTestContainer } from 'testcontainers';

/** Images pinned like docker-compose.yml, so this test and operators run the same versions. */
export const images = {
  postgres: 'postgres:15',
  metabase: 'metabase/metabase:v0.58.39.x',
  mailpit: 'axllent/mailpit:v1.27',
} as const;

/** Names the containers know each other by on the test network (as in docker-compose.yml). */
export const aliases = { postgres: 'postgres', mailpit: 'mailpit' } as const;

export const dtx2Database = 'dtx2';

/** SMTP given to Metabase as environment variables, as docker-compose.yml does (read-only there). */
export const metabaseSmtpEnv = {
  MB_EMAIL_SMTP_HOST: 'mailpit',
  MB_EMAIL_SMTP_PORT: '1025',
  MB_EMAIL_SMTP_SECURITY: 'none',
  MB_EMAIL_FROM_ADDRESS: 'reports@dtx.example.com',
} as const;
export const mailpitSmtpPort = 1025;

export interface DockerStack {
  /** DTX 2.0 as seen from this process (the CLI's DATABASE_URL). */
  readonly databaseUrl: string;
  readonly metabaseUrl: string;
  /** Mailpit's HTTP API and UI. */
  readonly mailpitUrl: string;
  readonly stop: () => Promise<void>;
}

/**
 * Postgres 15 (Metabase's application database, the DTX 2.0 reference schema and the demo data,
 * loaded by the image's init scripts exactly as docker-compose does), Mailpit, and Metabase v0.58
 * with its application database in that same server, on one private network.
 */
export async function startDockerStack(projectRoot: string): Promise<DockerStack> {
  const started: (StartedTestContainer | StartedPostgreSqlContainer)[] = [];
  let network: StartedNetwork | undefined;
  const stop = async (): Promise<void> => {
    // Reverse order: Metabase first, so it does not log errors about a vanished database.
    for (const container of [...started].reverse()) await container.stop().catch(() => undefined);
    await network?.stop().catch(() => undefined);
  };

  try {
    network = await new Network().start();
    const initScripts = [
      ['db/init/00-metabase-appdb.sql', '00-metabase-appdb.sql'],
      ['db/dtx2-reference-schema.sql', '10-dtx2-schema.sql'],
      ['db/demo/20-demo-data.sql', '20-demo-data.sql'],
    ] as const;
    // Start Postgres and Mailpit together; Metabase needs both.
    const [postgres, mailpit] = await Promise.all([
      new PostgreSqlContainer(images.postgres)
        .withDatabase(dtx2Database)
        .withUsername('postgres')
        .withPassword('postgres')
        .withNetwork(network)
        .withNetworkAliases(aliases.postgres)
        .withCopyFilesToContainer(
          initScripts.map(([source, target]) => ({
            source: path.join(projectRoot, source),
            target: `/docker-entrypoint-initdb.d/${target}`,
          })),
        )
        // The demo data is 2.5 MB of COPY; the health check passes only once init has finished
        // (pg_isready over TCP, which the init-time server does not listen on).
        .withStartupTimeout(240_000)
        .start(),
      new GenericContainer(images.mailpit)
        .withNetwork(network)
        .withNetworkAliases(aliases.mailpit)
        .withExposedPorts(8025, mailpitSmtpPort)
        .withWaitStrategy(Wait.forHttp('/api/v1/info', 8025).forStatusCode(200))
        .start(),
    ]);
    started.push(postgres, mailpit);

    const metabase = await new GenericContainer(images.metabase)
      .withNetwork(network)
      .withEnvironment({
        MB_DB_TYPE: 'postgres',
        MB_DB_HOST: aliases.postgres,
        MB_DB_PORT: '5432',
        MB_DB_DBNAME: 'metabase',
        MB_DB_USER: 'metabase',
        MB_DB_PASS: 'metabase',
        MB_CHECK_FOR_UPDATES: 'false',
        MB_ANON_TRACKING_ENABLED: 'false',
        ...metabaseSmtpEnv,
      })
      .withExposedPorts(3000)
      // /api/health answers 503 while Metabase migrates its application database and 200 once
      // the API is usable; a cold start takes one to three minutes.
      .withWaitStrategy(Wait.forHttp('/api/health', 3000).forStatusCode(200))
      .withStartupTimeout(420_000)
      .start();
    started.push(metabase);

    return {
      databaseUrl: postgres.getConnectionUri(),
      metabaseUrl: `http://${metabase.getHost()}:${metabase.getMappedPort(3000)}`,
      mailpitUrl: `http://${mailpit.getHost()}:${mailpit.getMappedPort(8025)}`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
