import os from 'node:os';
import type pg from 'pg';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly os: string;
  readonly node: string;
  readonly postgres: string;
  /** 1-minute load average when the run started: other work on the machine skews the figures. */
  readonly loadAverageAtStart: number;
  /** Settings that decide how much of the data a query finds in memory. */
  readonly postgresSettings: Readonly<Record<string, string>>;
}

const settingNames = [
  'shared_buffers',
  'work_mem',
  'effective_cache_size',
  'max_parallel_workers_per_gather',
  'jit',
  'random_page_cost',
] as const;

export async function describeMachine(admin: pg.ClientBase): Promise<MachineInfo> {
  const version = await admin.query<{ v: string }>('SELECT version() AS v');
  const settings = await admin.query<{ name: string; setting: string }>(
    `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1) ORDER BY name`,
    [settingNames],
  );
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverageAtStart: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    postgres: (version.rows[0]?.v ?? 'unknown').split(',')[0] ?? 'unknown',
    postgresSettings: Object.fromEntries(settings.rows.map((row) => [row.name, row.setting])),
  };
}
