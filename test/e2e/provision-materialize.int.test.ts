import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eEnvironment, transcript, type E2eEnvironment } from './support/e2e-environment.ts';

/**
 * `provision --materialize aggregates` with Metabase (the emulator over HTTP): Metabase syncs
 * materialized views like tables, so the questions, field metadata and dashboards converge the
 * same way; a second run with the same option sends nothing, and the way back to live views
 * converges too.
 */
let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2eEnvironment({ records: 200, dbPrefix: 'dtx_e2e_materialize' });
});

afterAll(async () => {
  await env?.close();
});

async function kinds(): Promise<Record<string, number>> {
  const { rows } = await env.db.pool.query<{ kind: string; n: string }>(
    `SELECT c.relkind::text AS kind, count(*)::text AS n FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'reporting' AND c.relkind IN ('v', 'm') GROUP BY 1 ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

describe('provision --materialize against the emulator', () => {
  it('provisions with the aggregate views materialized, then sends nothing on a second run', async () => {
    const cold = await env.cli(['provision', '--materialize', 'aggregates']);
    expect(cold.exitCode, transcript(cold)).toBe(0);
    const materialized = (await kinds())['m'] ?? 0;
    expect(materialized).toBeGreaterThan(0);

    const again = await env.cli(['provision', '--materialize', 'aggregates']);
    expect(again.exitCode, transcript(again)).toBe(0);
    expect(env.emulator.controls.counts(again.fromSeq).writes).toBe(0);
    expect(again.out).toContain('Nothing to do');
  });

  it('turns them back into live views without the option, and converges again', async () => {
    const before = await kinds();
    const back = await env.cli(['provision']);
    expect(back.exitCode, transcript(back)).toBe(0);
    expect(back.out).toContain('materialized view → view');
    const after = await kinds();
    expect(after['m']).toBeUndefined();
    expect(after['v']).toBe((before['v'] ?? 0) + (before['m'] ?? 0));

    const again = await env.cli(['provision']);
    expect(again.exitCode, transcript(again)).toBe(0);
    expect(env.emulator.controls.counts(again.fromSeq).writes).toBe(0);
  });
});
